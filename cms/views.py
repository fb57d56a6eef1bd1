from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.shortcuts import render
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.scheme}://{request.get_host()}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "themes/404.html", status=404)


def server_error(request):
    # No context processors here: the database may be what failed.
    return HttpResponseServerError(loader.get_template("themes/500.html").render())
