"""The visit beacon: /thong-ke-truy-cap/dem/.

Cached pages carry no counts of their own: the block's small script POSTs here
once per page view; the answer (never cached, no cookie) is the live figures
the block shows. GET answers the figures without counting.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.middleware import portal_or_404

from .stats import format_count, total_visits
from .tracker import VISITS, get_tracker, visitor_identity


@csrf_exempt  # cached pages cannot carry a CSRF token; counting changes nothing but a counter
@never_cache
@require_http_methods(["GET", "POST"])
def beacon(request):
    portal = portal_or_404(request)
    tracker = get_tracker()
    if request.method == "POST":
        kind, visitor = visitor_identity(request)
        if tracker.record(portal.pk, kind, visitor):
            VISITS.request_flush()
    online = tracker.online(portal.pk)
    total = total_visits(portal)
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
