"""Two URLs with the same bytes: /plain/ (an HttpResponse each time) and /cached/
(the same view under Django's cache_page)."""

from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page


@cache
def article_html() -> bytes:
    with open(settings.PAGE_BENCH_HTML, "rb") as file:
        return file.read()


def plain(request):
    return HttpResponse(article_html(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("plain/", plain, name="plain"),
    path("cached/", cache_page(settings.CACHE_PAGE_SECONDS)(plain), name="cached"),
]
