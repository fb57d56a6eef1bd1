"""The search provider, the open-data API, the home-page block and the demo content."""

import io

from django.utils import translation

from cms.search_contract import SearchDocument
from plugins.questions.models import Question
from registry.plugins import registry
from sites.models import BlockPlacement

from .conftest import make_question


def provider():
    (found,) = [p for p in registry.get("questions").search_providers if p.kind == "question"]
    return found


def test_provider_documents_only_published_questions_without_contact_details(questions_on, q_a, q_b):
    draft = make_question(questions_on.ward_a, subject="Nháp", published=False)
    p = provider()
    assert p.plugin_name == "questions" and Question in p.models
    with translation.override("vi"):
        assert str(p.label) == "Hỏi đáp"
    document = p.document_for(q_a)
    assert isinstance(document, SearchDocument)
    assert document.id == f"question:{q_a.pk}" and document.kind == "question"
    assert document.portal_id == questions_on.ward_a.pk
    assert document.title == q_a.subject
    assert document.url == f"http://a.camau.localhost/hoi-dap/{q_a.pk}/"
    assert "Hồ sơ gồm đơn đề nghị" in document.body and q_a.content in document.body
    assert document.date == q_a.published_at
    text = repr(document)
    assert "dan.secret@example.vn" not in text and "0909 111 222" not in text
    assert p.document_for(draft) is None
    ids = {d.id for d in p.documents()}
    assert ids == {f"question:{q_a.pk}", f"question:{q_b.pk}"}
    assert {d.id for d in p.documents(portal=questions_on.ward_b)} == {f"question:{q_b.pk}"}


def test_provider_drops_documents_when_the_plugin_is_off(questions_on, q_a):
    portal = questions_on.ward_a
    portal.enabled_plugins = [n for n in portal.enabled_plugins if n != "questions"]
    portal.save()
    q_a.refresh_from_db()
    assert provider().document_for(q_a) is None
    assert list(provider().documents(portal=portal)) == []


def test_api_lists_published_questions_without_email_or_phone(client, questions_on, q_a, q_b):
    make_question(questions_on.ward_a, subject="Nháp", published=False)
    data = client.get("/api/questions/?portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 1
    (item,) = data["results"]
    assert set(item) == {"id", "portal", "url", "subject", "question", "answer", "asker", "created_at", "published_at"}
    assert item["subject"] == q_a.subject and item["portal"] == "a.camau.localhost"
    raw = client.get("/api/questions/", HTTP_HOST="camau.localhost").content.decode()
    assert "secret@example.vn" not in raw and "0909 111 222" not in raw and "0988 777 666" not in raw
    assert client.get("/api/questions/?page=abc", HTTP_HOST="camau.localhost").status_code == 400
    assert client.get("/api/questions/?portal=x.localhost", HTTP_HOST="camau.localhost").status_code == 400


def test_block_lists_latest_published_with_constant_queries(client, questions_on, django_assert_max_num_queries):
    portal = questions_on.ward_a
    for home in portal.root_pages():
        BlockPlacement.objects.create(page=home.specific, block="questions.latest", slot="main", title="Hỏi đáp", limit=3)
    for n in range(5):
        make_question(portal, subject=f"Câu hỏi khối {n}")
    make_question(portal, subject="Nháp không hiện", published=False)
    with django_assert_max_num_queries(40):
        html = client.get("/", HTTP_HOST=portal.site.hostname).content.decode()
    assert html.count("Câu hỏi khối") == 3 and "Câu hỏi khối 4" in html
    assert "Nháp không hiện" not in html and "dan.secret@example.vn" not in html
    assert 'href="/hoi-dap/gui-cau-hoi/"' in html


def test_demo_is_idempotent(questions_on):
    portal = questions_on.ward_a
    out = io.StringIO()
    registry.get("questions").load_demo(portal, out)
    registry.get("questions").load_demo(portal, out)
    assert Question.objects.filter(portal=portal).count() == 3
    assert Question.objects.filter(portal=portal).published().count() == 2
    for home in portal.root_pages():
        assert home.specific.placements.filter(block="questions.latest").count() == 1
