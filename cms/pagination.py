"""One pagination policy for every public list, and the numbers the open-data API shares.

The portal rule:

- a list shows ``per_page`` items a page: each list names its size (``DEFAULT_PAGE_SIZE``
  otherwise);
- ``?page=`` absent or empty is page 1; a whole number from 1 to the last page is that page;
  a list with nothing in it has one, empty, page 1;
- anything else names no page (not a positive whole number, or past the last page) and
  answers **404**: the list's own page, with its filters, a Vietnamese message and a link to
  the first page, but no items. A stale or made-up page address is dropped by search
  engines, and it never fills the page cache (which keeps 200s only); it never answers 500.

Every public list renders its pages with the one template ``cms/includes/pager.html``
(context: ``pagination``). The open-data API (``cms.api.PortalPagination``) counts pages the
same way with an API's status codes: a page number that is not a positive whole number is a
wrong parameter (400), a page past the end 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.utils.translation import pgettext

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100  # the largest ?page_size= the API accepts
PAGE_PARAM = "page"
_MAX_DIGITS = 18  # a longer number is past the end of any list (and int() of a huge text is refused or slow)
_BEYOND_ANY_LIST = 10**_MAX_DIGITS
_REQUEST_ATTR = "_cms_pagination"


def page_number(raw) -> int | None:
    """``?page=``'s text as a page number: 1 when empty, None when it is not a positive whole
    number (ASCII digits only: ``int("²")`` would fail). A number too long to be any list's
    page counts as one past the end of every list."""
    raw = str(raw or "").strip()
    if not raw:
        return 1
    if not (raw.isascii() and raw.isdigit()) or not raw.strip("0"):
        return None
    return int(raw) if len(raw) <= _MAX_DIGITS else _BEYOND_ANY_LIST


@dataclass(frozen=True)
class Pagination:
    """One page of a list, or the reason why ``?page=`` names none."""

    paginator: Paginator
    page: Page | None  # None when ?page= names no page of the list
    requested: str  # ?page= as it was sent (for the message)

    @property
    def status(self) -> int:
        return 200 if self.page is not None else 404

    @cached_property
    def error(self) -> str:
        if self.page is not None:
            return ""
        return pgettext("pagination", "Page “%(page)s” does not exist: the pages of this list run from 1 to %(pages)s.") % {
            "page": self.requested[:20],
            "pages": self.paginator.num_pages,
        }

    @property
    def object_list(self):
        return self.page.object_list if self.page is not None else []

    @cached_property
    def page_range(self):
        """The page numbers to link, with ``Paginator.ELLIPSIS`` where some are left out."""
        if self.page is None:
            return []
        return list(self.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1))

    @property
    def ellipsis(self):
        return self.paginator.ELLIPSIS


def paginate(request, object_list, per_page: int = DEFAULT_PAGE_SIZE) -> Pagination:
    """The page of ``object_list`` that ``request``'s ``?page=`` names (see the module's rule).

    Remembered on the request, so a page type that mixes in :class:`PaginatedPageMixin`
    answers 404 when the number names no page.
    """
    requested = str(request.GET.get(PAGE_PARAM, ""))
    paginator = Paginator(object_list, per_page)
    number = page_number(requested)
    page = paginator.page(number) if number is not None and number <= paginator.num_pages else None
    pagination = Pagination(paginator, page, requested)
    setattr(request, _REQUEST_ATTR, pagination)
    return pagination


class PaginatedPageMixin:
    """A Wagtail page type whose ``get_context`` calls :func:`paginate`: a ``?page=`` that
    names no page answers 404 with the page itself (its message and a link to page 1)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        pagination = getattr(request, _REQUEST_ATTR, None)
        if pagination is not None and pagination.page is None and response.status_code == 200:
            response.status_code = pagination.status
        return response
