"""The open-data API keeps the promises of its own description (/api/schema/).

Schemathesis reads the OpenAPI schema the server publishes and, in process (WSGI,
no network), sends each operation a bounded number of generated requests: values
that fit the schema (positive) and values that break it (negative: wrong types,
out-of-range numbers, missing required parameters ...), against the demo network so
the answers have content. Every answer must be no 5xx, with a status code, a content
type and a body that the schema documents for that operation.

The figures (operations, requests, 5xx) are written at the end of the module.
"""

from __future__ import annotations

import json
import time

import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.demo_data import demo_network  # noqa: F401 (fixture)

# Scheduled first (tests/conftest.py): about 45 s on a 2-core machine.
pytestmark = pytest.mark.heavy(45)

HOST = {"Host": "camau.localhost"}  # the province: an unknown hostname answers 404 everywhere public
MAX_EXAMPLES = 15  # per operation and per generation mode
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FIGURES = {"operations": set(), "requests": 0, "5xx": 0, "started": None}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's own WSGI handler closes the database connection after each request
    (close_old_connections); inside the test's transaction that ends the test on
    PostgreSQL. Django's test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _figures(request):
    yield
    if FIGURES["started"] is None:
        return
    elapsed = time.monotonic() - FIGURES["started"]
    line = (
        f"schemathesis: {len(FIGURES['operations'])} operations, {FIGURES['requests']} requests, "
        f"{FIGURES['5xx']} answered 5xx, {elapsed:.1f} s"
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("\n" + line)
    else:  # pragma: no cover
        print(line)


def _published_schema() -> dict:
    """The schema /api/schema/ serves, built by the same generator at collection time
    (schemathesis' lazy, fixture-based loader does not run on pytest 9)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_published_schema())
schema.app = get_wsgi_application()
schema.config.generation.update(max_examples=MAX_EXAMPLES, modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_open_data_api_conforms_to_its_schema(case, demo_network, db):  # noqa: F811
    if FIGURES["started"] is None:
        FIGURES["started"] = time.monotonic()
    response = case.call(headers=HOST)
    FIGURES["operations"].add(case.operation.label)
    FIGURES["requests"] += 1
    FIGURES["5xx"] += response.status_code >= 500
    case.validate_response(response, checks=CHECKS)


def test_the_schema_describes_every_api_route_and_nothing_else(client, demo_network, db):  # noqa: F811
    from django.urls import URLPattern, URLResolver, get_resolver

    response = client.get("/api/schema/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    described = yaml.safe_load(response.content)
    assert described["info"]["title"] == "API dữ liệu mở — Mạng cổng thông tin điện tử"
    paths = set(described["paths"])
    assert all(path.startswith("/api/") for path in paths)
    assert not {"/api/schema/", "/api/docs/"} & paths

    def drf_routes(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from drf_routes(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls") and route.startswith("api/"):
                yield route

    import re

    expected = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{" + ("id" if m.group(1) == "pk" else m.group(1)) + "}", route)
        for route in drf_routes(get_resolver().url_patterns)
        if not route.startswith(("api/schema/", "api/docs/"))
    }
    assert expected == paths


def test_the_schema_speaks_vietnamese_and_json_on_request(client, demo_network, db):  # noqa: F811
    data = client.get("/api/schema/?format=json", HTTP_HOST="camau.localhost").json()
    assert "Dữ liệu mở" in data["info"]["description"]
    search = data["paths"]["/api/search/"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "portal", "page", "page_size", "sort", "kind", "year"}
    assert set(search["responses"]) == {"200", "400", "503"}
    assert not any("security" in op for item in data["paths"].values() for op in item.values())  # open data


def test_the_documentation_page_is_served_from_this_server_without_inline_script(client, demo_network, db):  # noqa: F811
    host = {"HTTP_HOST": "camau.localhost"}
    response = client.get("/api/docs/", **host)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi">' in page and "API dữ liệu mở" in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert "<script>" not in page and "<style" not in page  # scripts only from src=, no inline style
    script = client.get("/api/docs/?script=", **host)
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
