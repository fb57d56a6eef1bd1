"""Question admin: scoped per portal; editors draft answers, only moderators publish."""

import pytest
from django.urls import reverse

from plugins.questions.models import Question

from .conftest import make_question

SECRET = "Thắc mắc riêng của phường An Xuyên"
BASE = "wagtailsnippets_questions_question"


@pytest.fixture
def secret_q(questions_on):
    return make_question(questions_on.ward_a, subject=SECRET, published=False, email="an.xuyen@example.vn")


def edit_form(question, **overrides):
    data = {
        "portal": question.portal_id,
        "name": question.name,
        "email": question.email,
        "phone": question.phone,
        "subject_vi": question.subject,
        "content_vi": question.content,
        "answer_vi": question.answer,
        "status": question.status,
    }
    # The admin edits each language's text (plugins/questions/translation.py).
    data.update({f"{key}_vi" if key in ("subject", "content", "answer") else key: value for key, value in overrides.items()})
    return data


def test_editor_of_another_portal_is_refused_on_every_route(client, questions_on, secret_q):
    client.force_login(questions_on.editor_b)
    for url in (
        reverse(f"{BASE}:edit", args=[secret_q.pk]),
        reverse(f"{BASE}:delete", args=[secret_q.pk]),
        reverse(f"{BASE}:history", args=[secret_q.pk]),
        reverse(f"{BASE}:usage", args=[secret_q.pk]),
        reverse(f"{BASE}:inspect", args=[secret_q.pk]),
        reverse("wagtailsnippetchoosers_questions_question:chosen", args=[secret_q.pk]),
        "/admin/snippets/questions/question/edit/999999/",
        "/admin/snippets/questions/question/edit/abc/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        body = response.content.decode()
        assert SECRET not in body and "an.xuyen@example.vn" not in body, url
    client.post(reverse(f"{BASE}:delete", args=[secret_q.pk]))
    client.post(reverse(f"{BASE}:edit", args=[secret_q.pk]), edit_form(secret_q, portal=questions_on.ward_b.pk, subject="Bị sửa"))
    secret_q.refresh_from_db()
    assert secret_q.subject == SECRET and secret_q.portal == questions_on.ward_a
    for url in (
        reverse(f"{BASE}:list"),
        reverse(f"{BASE}:list") + "?q=An",
        reverse("wagtailsnippetchoosers_questions_question:choose"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url


def test_editor_drafts_an_answer_but_cannot_publish(client, questions_on, secret_q):
    client.force_login(questions_on.editor_a)
    assert SECRET in client.get(reverse(f"{BASE}:list")).content.decode()
    response = client.post(
        reverse(f"{BASE}:edit", args=[secret_q.pk]), edit_form(secret_q, answer="Bản nháp trả lời", status="published")
    )
    assert response.status_code == 200
    assert "Chỉ người duyệt của cổng" in response.content.decode()
    secret_q.refresh_from_db()
    assert secret_q.status == "new"
    response = client.post(
        reverse(f"{BASE}:edit", args=[secret_q.pk]), edit_form(secret_q, answer="Bản nháp trả lời", status="answered")
    )
    assert response.status_code == 302
    secret_q.refresh_from_db()
    assert secret_q.status == "answered" and secret_q.answered_by == questions_on.editor_a and secret_q.published_at is None


def test_moderator_publishes_and_the_answer_appears_publicly(client, questions_on, secret_q):
    client.force_login(questions_on.moderator_a)
    missing = client.post(reverse(f"{BASE}:edit", args=[secret_q.pk]), edit_form(secret_q, answer="", status="published"))
    assert missing.status_code == 200
    assert "Hãy viết câu trả lời" in missing.content.decode()
    response = client.post(
        reverse(f"{BASE}:edit", args=[secret_q.pk]),
        edit_form(secret_q, answer="Ủy ban đã tiếp nhận và trả lời.", status="published"),
    )
    assert response.status_code == 302
    secret_q.refresh_from_db()
    assert secret_q.is_published and secret_q.answered_by == questions_on.moderator_a
    client.logout()
    host = questions_on.ward_a.site.hostname
    public = client.get("/hoi-dap/", HTTP_HOST=host).content.decode()
    assert SECRET in public and "an.xuyen@example.vn" not in public
    # An editor cannot change or withdraw the published answer.
    client.force_login(questions_on.editor_a)
    response = client.post(reverse(f"{BASE}:edit", args=[secret_q.pk]), edit_form(secret_q, status="new"))
    assert response.status_code == 200
    secret_q.refresh_from_db()
    assert secret_q.is_published


def test_publishing_purges_the_cached_list(client, questions_on, secret_q):
    host = questions_on.ward_a.site.hostname
    first = client.get("/hoi-dap/", HTTP_HOST=host)
    assert SECRET not in first.content.decode()
    assert client.get("/hoi-dap/", HTTP_HOST=host)["X-Cache"] == "HIT"
    secret_q.answer, secret_q.status = "Đã trả lời.", Question.Status.PUBLISHED
    from django.utils import timezone

    secret_q.published_at = timezone.now()
    secret_q.save()
    assert SECRET in client.get("/hoi-dap/", HTTP_HOST=host).content.decode()
