"""The visit beacon: /thong-ke-truy-cap/dem/.

Cached pages carry no counts of their own: the block's small script POSTs here
once per page view; the answer (never cached, no cookie) is the live figures
the block shows. GET answers the figures without counting.
"""

from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .stats import format_count, schedule_flush, stored_total
from .tracker import get_tracker, visitor_identity


@csrf_exempt  # cached pages cannot carry a CSRF token; counting changes nothing but a counter
@never_cache
@require_http_methods(["GET", "POST"])
def beacon(request):
    portal = request.portal
    if not portal:
        raise Http404
    tracker = get_tracker()
    if request.method == "POST":
        kind, visitor = visitor_identity(request)
        tracker.record(portal.pk, kind, visitor)
        schedule_flush()
    online = tracker.online(portal.pk)
    total = stored_total(portal) + tracker.pending(portal.pk)
    return JsonResponse(
        {
            "online": online,
            "total": total,
            "display": {
                "online": format_count(online["total"]),
                "guests": format_count(online["guests"]),
                "members": format_count(online["members"]),
                "total": format_count(total),
            },
        }
    )
