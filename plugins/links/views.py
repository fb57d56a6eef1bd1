"""The no-JavaScript submit of the link list: /lien-ket/chuyen/?link=<id>.

Redirects only to a link of the current portal (never an open redirect); a bad
or foreign choice gets a Vietnamese message and changes nothing.
"""

from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cms.middleware import portal_or_404

from .blocks import network_portals
from .models import Link, LinkGroup


def _problem(request, message, status):
    return TemplateResponse(request, "links/problem.html", {"message": message}, status=status)


@never_cache
@require_GET
def go(request):
    portal = portal_or_404(request)
    raw = (request.GET.get("link") or "").strip()
    if not raw:
        return _problem(request, _("Choose a website from the list, then press Go."), 400)
    if not raw.isdigit() or len(raw) > 18:
        return _problem(request, _("This link is not valid."), 400)
    link = Link.objects.filter(pk=int(raw), group__portal=portal).only("url").first()
    if link is None:
        return _problem(request, _("This link does not exist on this portal."), 404)
    if urlsplit(link.url).scheme not in ("http", "https"):
        return _problem(request, _("This link is not valid."), 400)
    return HttpResponseRedirect(link.url)


@never_cache
@require_GET
def go_portal(request):
    """The no-JavaScript submit of the member-portal list: /lien-ket/cong-thanh-vien/?portal=<id>."""
    portal = portal_or_404(request)
    raw = (request.GET.get("portal") or "").strip()
    if not raw:
        return _problem(request, _("Choose a website from the list, then press Go."), 400)
    if not raw.isdigit() or len(raw) > 18:
        return _problem(request, _("This link is not valid."), 400)
    _root, members = network_portals(portal)
    target = next((member for member in members if member.pk == int(raw)), None)
    if target is None:
        return _problem(request, _("This link does not exist on this portal."), 404)
    return HttpResponseRedirect(f"{target.site.root_url}/")


def index(request):
    """Every link group of the portal, as plain lists (/lien-ket/)."""
    portal = portal_or_404(request)
    groups = (
        LinkGroup.objects.filter(portal=portal)
        .prefetch_related(Prefetch("links", queryset=Link.objects.order_by("sort_order", "pk")))
        .order_by("sort_order", "title")
    )
    return TemplateResponse(request, "links/index.html", {"groups": [g for g in groups if g.links.all()]})
