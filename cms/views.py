import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.static import serve as serve_static

from cms.middleware import absolute_url


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",  # the portal's own hostname, never the Host header
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):  # API clients get JSON, as from the API's own 404s
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    if request.path_info.startswith(reverse("wagtailadmin_home")):
        # The admin's own 404 (Wagtail's, as its views answer), also for what middleware
        # refuses before a view runs (AdminPageGateMiddleware): never the public theme.
        return defaults.page_not_found(request, exception, template_name="wagtailadmin/404.html")
    return render(request, "themes/404.html", status=404)


def server_error(request):
    # No context processors here: the database may be what failed.
    return HttpResponseServerError(loader.get_template("themes/500.html").render())


def _documents_folder() -> str:
    """The media folder Wagtail stores document files in ("documents")."""
    from wagtail.documents import get_document_model

    upload_to = get_document_model()._meta.get_field("file").upload_to
    return (upload_to if isinstance(upload_to, str) else "documents").strip("/") or "documents"


def serve_media(request, path):
    """Local media files (images, renditions), never document files.

    A document's collection may be private; only Wagtail's document view
    (/documents/<id>/<filename>) checks that, so /media/documents/... answers 404
    however the path is spelled (./, .., letter case, symbolic links).
    """
    folder = _documents_folder().lower()
    normalised = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/").lower()
    if normalised == folder or normalised.startswith(folder + "/"):
        raise Http404
    root = Path(settings.MEDIA_ROOT)
    try:
        target = Path(safe_join(root, path)).resolve()
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404 from None
    documents = (root / _documents_folder()).resolve()
    if target == documents or documents in target.parents:
        raise Http404
    try:
        return serve_static(request, path, document_root=root)
    except OSError:  # a name the file system refuses (too long, invalid): no such file
        raise Http404 from None
