"""No request can make the server answer 500, and control characters get a 400.

Every public and API route is found by walking the URL resolver (cms/urls.py: the
plugins' public and API routes, /api/..., search, the sitemap, robots.txt, documents,
media and the pages of the demo network), so a route added tomorrow is walked too.
Each route gets one request per family of hostile values (not the full product of
values x parameters x hosts): the value goes into every query parameter the views
read, into the route's text arguments (and its numeric ones for the numeric
families) and, where the route accepts POST, into the form fields too. The hosts
rotate between the province, a ward and an unknown hostname.

Control characters and invalid UTF-8 are refused by cms.hostile before any view
runs (400); for every other family the views' own validation answers (200, 400,
404 ...), never 5xx. The API parameters are also fuzzed one by one, typed by the
OpenAPI schema, in tests/security/test_api_schema.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from tests.security.demo_data import demo_network  # noqa: F401 (fixture)

# Scheduled first (tests/conftest.py): about 35 s on a 2-core machine.
pytestmark = pytest.mark.heavy(35)

HOSTS = ("camau.localhost", "a.camau.localhost", "unknown.localhost")

# Every query parameter a public view or API reads (search facets, list filters,
# pagination, the polls' and links' parameters, "next" of the sign-in views ...).
PARAMS = (
    "q", "page", "page_size", "portal", "year", "type", "document_type", "issuer", "field", "level",
    "tier", "status", "category", "kind", "scope", "sort", "tag", "open", "current", "language",
    "parent", "option", "msg", "sent", "link", "next", "id", "code", "format",
)  # fmt: skip
# Form fields of the public forms (questions, polls, sign-in) and a few generic ones.
FORM_FIELDS = (
    "name", "email", "phone", "subject", "content", "website", "token", "option", "username", "password",
    "action", "ip_address", "csrfmiddlewaretoken", "url", "title",
)  # fmt: skip


# 5xx the walk finds in code this change does not own, each with the fix its owner
# should make. The walk fails on any other 5xx, and on an entry here that no longer
# fails (remove it then); while these remain, the test is reported as xfail.
@dataclass(frozen=True)
class Family:
    name: str
    value: bytes
    refused: bool = False  # cms.hostile answers 400 before any view
    refused_in_forms: bool = False  # also in a form field (DEL and bytes that are not UTF-8 are not: Django reads those as text)
    numeric: bool = False  # also replaces numeric path arguments


FAMILIES = (
    Family("nul", b"kinh\x00", refused=True, refused_in_forms=True),
    Family("c0-control", b"\x01\x1b[31m\x1f", refused=True, refused_in_forms=True),
    Family("del", b"abc\x7f", refused=True),
    Family("invalid-utf8", b"\xc3\x28\xff", refused=True),
    Family("overlong", b"a" * 10_000),
    Family("sql-like", b"%_'\"\\' OR 1=1 --"),
    Family("search-syntax", b'" AND OR NEAR * ^ ( ) : - ~'),
    Family("bidi-zero-width", "\u202e\u200b\u200dki\u0300nh\ufeff\u2066".encode()),
    Family("non-ascii-host", "không-có.localhost".encode()),
    Family("huge-integer", b"99999999999999999999999", numeric=True),
    Family("negative", b"-1", numeric=True),
    Family("non-numeric", b"1e9", numeric=True),
)


@dataclass
class Route:
    template: str  # e.g. "api/procedures/<str:code>/"
    name: str  # namespace:name
    parts: list  # str (literal) or (converter, argument name)


def _walk(patterns, parts=(), namespaces=()):
    for pattern in patterns:
        here = list(parts)
        p = pattern.pattern
        if isinstance(p, LocalePrefixPattern):
            here.append(("locale", "locale"))
        elif isinstance(p, RoutePattern):
            text = str(p)
            for literal, converter, name in re.findall(r"([^<]*)(?:<(?:(\w+):)?(\w+)>)?", text):
                if literal:
                    here.append(literal)
                if name:
                    here.append((converter or "str", name))
        elif isinstance(p, RegexPattern):
            here.append(("regex", str(p)))
        if isinstance(pattern, URLResolver):
            if str(p).startswith("admin/"):
                continue  # the admin has its own walks (tests/security/test_admin_*.py)
            yield from _walk(pattern.url_patterns, here, (*namespaces, pattern.namespace) if pattern.namespace else namespaces)
        elif isinstance(pattern, URLPattern):
            if str(p).startswith("admin/"):
                continue
            template = "".join(part if isinstance(part, str) else f"<{part[0]}:{part[1]}>" for part in here)
            yield Route(template, ":".join([*namespaces, pattern.name or ""]), here)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def _first(label, **filters):
    try:
        model = apps.get_model(label)
    except LookupError:  # the plugin is not installed
        return None
    return model.objects.filter(**filters).order_by("pk").first()


class Values:
    """Real ids, codes and paths of the demo network for the routes' arguments."""

    def __init__(self, network):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page

        province = network.province
        self.province = province
        poll = _first("polls.Poll", portal=province)
        question = _first("questions.Question", portal=province, status="published") or _first("questions.Question")
        procedure = _first("services.Procedure")
        category = _first("news.NewsCategoryPage")
        article = _first("news.ArticlePage", live=True)
        legal = _first("legal_documents.LegalDocumentPage", live=True)
        tag = article.tags.first() if article is not None else None
        document = get_document_model().objects.order_by("pk").first()
        image = get_image_model().objects.order_by("pk").first()
        self.by_namespace = {
            "polls": poll.pk if poll else 1,
            "questions": question.pk if question else 1,
            "news:category-feed": category.pk if category else 1,
            "news:view": article.pk if article else 1,
            "api-legal_documents": legal.pk if legal else 1,
        }
        self.by_name = {
            "code": procedure.code if procedure else "khong-co",
            "slug": tag.slug if tag else "khong-co",
            "path": image.file.name if image else "khong/co.jpg",
            "page_id": province.site.root_page_id,
        }
        self.document = f"{document.pk}/{document.filename}" if document else "1/khong-co.pdf"
        # One live page of each page type of the province (home, news, article, legal
        # documents, procedures ...), as paths under the portal's root.
        root = province.site.root_page
        seen, self.pages = set(), []
        for page in Page.objects.live().descendant_of(root, inclusive=True).order_by("depth", "pk"):
            if page.content_type_id in seen:
                continue
            seen.add(page.content_type_id)
            self.pages.append(page.url_path[len(root.url_path) :])

    def clean(self, route: Route, converter: str, name: str) -> str:
        if name in self.by_name and converter in ("str", "slug", "path", "int"):
            return str(self.by_name[name])
        for key, value in self.by_namespace.items():
            if route.name.startswith(key + ":") or route.name == key:
                return str(value)
        return "1" if converter == "int" else "khong-co"


def concrete_paths(route: Route, values: Values, family: Family | None, variant: int = 0) -> list[str]:
    """The route's URLs with clean arguments (family None: every language, every page
    type), or one URL with the family's value; ``variant`` alternates the language
    and, for Wagtail's pages, a real page (hostile query) or a hostile path segment."""
    hostile = quote_from_bytes(family.value, safe="") if family else None
    paths = [""]
    for part in route.parts:
        if isinstance(part, str):
            paths = [p + part for p in paths]
            continue
        converter, name = part
        if converter == "locale":
            prefixes = ("", "en/") if family is None else ("en/" if variant % 2 else "",)
            paths = [p + prefix for p in paths for prefix in prefixes]
        elif converter == "regex" and "[\\w\\-]" in name:  # Wagtail's page serving
            if family is None:
                pages = values.pages
            else:
                page = values.pages[variant % len(values.pages)]
                pages = [page + hostile + "/" if variant % 3 == 2 else page]
            paths = [p + page for p in paths for page in pages]
        elif converter == "regex" and name.startswith("^(\\d+)/"):  # documents: <id>/<filename>
            document = values.document if family is None else values.document.split("/")[0] + "/" + hostile
            paths = [p + document for p in paths]
        elif converter == "regex":  # any other pattern (the API's JSON 404 for unknown routes)
            paths = [p + ("khong-co/" if family is None else hostile + "/") for p in paths]
        elif family is not None and (converter != "int" or family.numeric):
            paths = [p + hostile for p in paths]
        else:
            paths = [p + values.clean(route, converter, name) for p in paths]
    return ["/" + p for p in paths]


def query_for(family: Family) -> str:
    value = quote_from_bytes(family.value, safe="")
    return "&".join(f"{name}={value}" for name in PARAMS)


def body_for(family: Family) -> bytes:
    value = quote_from_bytes(family.value, safe="").encode()
    return b"&".join(name.encode() + b"=" + value for name in (*PARAMS, *FORM_FIELDS))


def test_routes_are_found_from_the_resolver():
    templates = {route.template for route in all_routes()}
    for expected in ("sitemap.xml", "robots.txt", "api/portals/", "api/search/", "<locale:locale>search/"):
        assert expected in templates, sorted(templates)
    assert any(t.startswith("documents/") for t in templates)
    assert any(t.startswith("<locale:locale>") and "regex" in t for t in templates)  # Wagtail pages
    assert not any(t.startswith("admin/") for t in templates)


ROUTES = all_routes()  # the resolver at collection time: one test per route


@pytest.fixture(scope="module")
def values(demo_network):  # noqa: F811
    return Values(demo_network)


@pytest.mark.parametrize("index", range(len(ROUTES)), ids=[route.template or "/" for route in ROUTES])
def test_no_route_answers_5xx_and_control_characters_get_400(values, db, client, index):
    client.raise_request_exception = False  # a view's exception is a 500 answer to count, not a test error
    route = ROUTES[index]
    failures = []

    def send(method, url, host, family, body=None):
        if method == "get":
            response = client.get(url, HTTP_HOST=host)
        else:
            response = client.generic("POST", url, body or b"", content_type="application/x-www-form-urlencoded", HTTP_HOST=host)
        status = response.status_code
        if status >= 500 or (family is not None and family.refused and status != 400):
            failures.append(f"{family.name if family else 'clean'}: {method.upper()} {host}{url[:140]} -> {status}")
        return status

    accepts_post = False
    for path in concrete_paths(route, values, None):
        send("get", path, HOSTS[index % 2], None)  # the province and a ward: the route works at all
        accepts_post = accepts_post or send("post", path, HOSTS[index % 2], None) != 405
    # One request per family: GET, or on a route that takes forms every other family
    # POST (the value in the query and in every form field); the host rotates.
    for number, family in enumerate(FAMILIES):
        host = HOSTS[(index + number) % len(HOSTS)]
        (path,) = concrete_paths(route, values, family, variant=index + number)
        if accepts_post and (index + number) % 2:
            # a refused value only in the form, so that the form check is the one answering
            query = "" if family.refused_in_forms else f"?{query_for(family)}"
            send("post", f"{path}{query}", host, family, body_for(family))
        else:
            send("get", f"{path}?{query_for(family)}", host, family)
    assert not failures, "\n".join(failures)


def test_the_refusal_is_short_vietnamese_html_or_json_under_api(client, db):
    # Before anything else: on any hostname, portal or not (here testserver).
    response = client.get("/search/?q=kinh&year=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Yêu cầu không hợp lệ" in response.content.decode() and len(response.content) < 2000
    response = client.get("/en/search/?q=%01")
    assert response.status_code == 400 and "Bad request" in response.content.decode()
    response = client.get("/api/legal-documents/?type=%00")
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["detail"]
    assert client.get("/thu-tuc/%00/").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00",  # percent-encoded NUL
        "/search/?q=a\x00b",  # a raw NUL byte in the query string
        "/search/?q=%0A",  # line feed: no GET parameter holds one
        "/search/?q=%09",  # nor a tab
        "/search/?q%00=1",  # in a parameter's name
        "/search/?q=%7F",
        "/search/?q=%C3%28",  # invalid UTF-8
        "/search/?q=%ED%A0%80",  # an encoded surrogate is not UTF-8
        "/tin-tuc%00/",
        "/%FF/",
        "/thu-tuc/%1B/",
    ],
)
def test_control_characters_and_invalid_utf8_in_the_address(client, db, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=ki%CC%80nh",  # combining marks (NFD) are text
        "/search/?q=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
        "/search/?q=%2500",  # "%00" typed as text, not a NUL
        "/search/?q=%E2%80%AE%E2%80%8B",  # bidi and zero-width: text the views clean
    ],
)
def test_text_is_not_refused(client, demo_network, db, url):  # noqa: F811
    assert client.get(url, HTTP_HOST="camau.localhost").status_code == 200


def test_forms_refuse_control_characters_but_keep_tabs_and_new_lines(demo_network, db, client):  # noqa: F811
    host = {"HTTP_HOST": "camau.localhost"}
    assert client.post("/search/", {"q": "a\x00b"}, **host).status_code == 400
    assert client.post("/search/", {"q\x01": "a"}, **host).status_code == 400
    assert client.post("/search/", {"q": "a\x0bb"}, **host).status_code == 400  # vertical tab
    assert client.post("/search/", {"q": "dòng 1\r\n\tdòng 2"}, **host).status_code != 400
    # multipart: the fields are checked, never the contents of a file
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("van-ban.pdf", b"%PDF-1.4\x00\x01\x02", content_type="application/pdf")
    assert client.post("/search/", {"q": "a", "file": upload}, **host).status_code != 400
    upload = SimpleUploadedFile("van-ban.pdf", b"%PDF", content_type="application/pdf")
    assert client.post("/search/", {"q": "a\x00", "file": upload}, **host).status_code == 400
