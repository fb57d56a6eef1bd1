"""Citizens send questions (spam guard, limits, escaping) and read published answers."""

import time

import pytest
from django.test import override_settings

from plugins.questions.forms import make_form_token
from plugins.questions.models import Question

from .conftest import URL, form_data, make_question


def post(client, portal, **overrides):
    return client.post(URL, form_data(**overrides), HTTP_HOST=portal.site.hostname)


def test_form_page_is_accessible_and_not_cached(client, questions_on):
    response = client.get(URL, HTTP_HOST=questions_on.ward_a.site.hostname)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Họ và tên", "Thư điện tử", "Điện thoại (không bắt buộc)", "Tiêu đề", "Nội dung câu hỏi hoặc góp ý"):
        assert label in html
    assert 'name="token"' in html and 'name="website"' in html
    assert "no-cache" in response["Cache-Control"]


def test_sending_a_question_stores_it_as_new_and_thanks(client, questions_on):
    response = post(client, questions_on.ward_a)
    assert response.status_code == 303
    question = Question.objects.get()
    assert response["Location"] == URL + "?sent=1&ma=" + question.tracking_code  # the thank-you shows the code
    assert question.portal == questions_on.ward_a
    assert question.status == Question.Status.NEW and question.published_at is None
    assert (question.name, question.email, question.phone) == ("Phạm Thị Lan", "lan@example.vn", "0912 000 111")
    thanks = client.get(response["Location"], HTTP_HOST=questions_on.ward_a.site.hostname).content.decode()
    assert "Cảm ơn" in thanks
    # Not published yet: not listed.
    listing = client.get("/hoi-dap/", HTTP_HOST=questions_on.ward_a.site.hostname).content.decode()
    assert "Hỏi về lịch tiếp công dân" not in listing


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"website": "http://spam.example"}, "tự động"),
        ({"token": ""}, "tải lại trang"),
        ({"token": "forged:token"}, "tải lại trang"),
        ({"token": "NOW"}, "quá nhanh"),
        ({"token": "LAST_WEEK"}, "hết hạn"),
        ({"name": ""}, "Vui lòng nhập họ tên."),
        ({"email": "not-an-email"}, "Vui lòng nhập địa chỉ thư điện tử hợp lệ."),
        ({"phone": "call me <b>now</b>"}, "số điện thoại hợp lệ"),
        ({"subject": "x" * 201}, "Tiêu đề chỉ được tối đa 200 ký tự"),
        ({"content": "ngắn"}, "quá ngắn"),
        ({"content": "a" * 5001}, "Nội dung câu hỏi chỉ được tối đa 5000 ký tự"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(client, questions_on, overrides, message):
    ages = {"NOW": 0, "LAST_WEEK": 7 * 24 * 3600}
    if overrides.get("token") in ages:
        overrides = {**overrides, "token": make_form_token(time.time() - ages[overrides["token"]])}
    response = post(client, questions_on.ward_a, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Câu hỏi chưa được gửi" in html
    assert message in html
    assert Question.objects.count() == 0
    # The form is shown again with the citizen's text kept (not the honeypot).
    if "name" not in overrides:
        assert "Phạm Thị Lan" in html
    assert "spam.example" not in html


@override_settings(RATE_LIMITS={"questions.ask": "2/h"})
def test_rate_limit_per_address(client, questions_on):
    assert post(client, questions_on.ward_a).status_code == 303
    assert post(client, questions_on.ward_a, subject="Câu hỏi thứ hai").status_code == 303
    third = post(client, questions_on.ward_a, subject="Câu hỏi thứ ba")
    assert third.status_code == 400
    assert "quá nhiều câu hỏi" in third.content.decode()
    assert Question.objects.count() == 2


def test_html_laden_question_is_stored_as_text_and_shown_escaped(client, questions_on):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> Xin hỏi & trả lời'
    post(client, questions_on.ward_a, subject='<b>Tiêu đề</b> "đậm"', content=evil)
    question = Question.objects.get()
    assert question.content == evil  # stored exactly as typed (as text)
    question.answer = "<i>Trả lời</i>"
    question.status = Question.Status.PUBLISHED
    question.save()
    Question.objects.filter(pk=question.pk).update(published_at=question.created_at)
    host = questions_on.ward_a.site.hostname
    for path in ("/hoi-dap/", f"/hoi-dap/{question.pk}/"):
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Tiêu đề</b>" not in html
        assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in html
    detail = client.get(f"/hoi-dap/{question.pk}/", HTTP_HOST=host).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in detail
    assert "&lt;i&gt;Trả lời&lt;/i&gt;" in detail


def test_control_characters_are_refused_and_nothing_is_saved(client, questions_on):
    # cms.hostile answers 400 to control characters in a form, before the view;
    # tab and new lines are text.
    response = post(client, questions_on.ward_a, content="Dòng một\x07\x1b\nDòng hai có ký tự lạ")
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()
    assert not Question.objects.exists()
    post(client, questions_on.ward_a, content="Dòng một\r\n\tDòng hai")
    assert Question.objects.get().content.startswith("Dòng một")


def test_published_list_detail_and_filter_never_show_email_or_phone(client, questions_on, q_a):
    make_question(questions_on.ward_a, subject="Về hộ chiếu", content="Làm hộ chiếu ở đâu?", answer="Tại Công an tỉnh.")
    make_question(questions_on.ward_a, subject="Chưa trả lời", published=False)
    host = questions_on.ward_a.site.hostname
    listing = client.get("/hoi-dap/", HTTP_HOST=host).content.decode()
    assert "Hỏi về cấp giấy phép xây dựng" in listing and "Về hộ chiếu" in listing
    assert "Chưa trả lời" not in listing
    filtered = client.get("/hoi-dap/?q=hộ chiếu", HTTP_HOST=host).content.decode()
    assert "Về hộ chiếu" in filtered and "Hỏi về cấp giấy phép xây dựng" not in filtered
    assert "1 kết quả" in filtered
    by_answer = client.get("/hoi-dap/?q=Công an tỉnh", HTTP_HOST=host).content.decode()
    assert "Về hộ chiếu" in by_answer
    detail = client.get(f"/hoi-dap/{q_a.pk}/", HTTP_HOST=host).content.decode()
    assert "Hồ sơ gồm đơn đề nghị" in detail and "Nguyễn Văn Dân" in detail
    for html in (listing, filtered, detail):
        assert "dan.secret@example.vn" not in html and "0909 111 222" not in html


def test_unpublished_foreign_and_unknown_questions_are_404(client, questions_on, q_a, q_b):
    draft = make_question(questions_on.ward_a, subject="Bản nháp", published=False)
    host = questions_on.ward_a.site.hostname
    assert client.get(f"/hoi-dap/{draft.pk}/", HTTP_HOST=host).status_code == 404
    assert client.get(f"/hoi-dap/{q_b.pk}/", HTTP_HOST=host).status_code == 404
    assert client.get("/hoi-dap/999999/", HTTP_HOST=host).status_code == 404
    assert "Câu hỏi riêng của phường B" not in client.get("/hoi-dap/", HTTP_HOST=host).content.decode()


@pytest.mark.parametrize(
    "query,status",
    [
        ("?page=0", 404),  # no such page: cms.pagination's 404 with a message
        ("?page=-3", 404),
        ("?page=abc", 404),
        ("?page=99999", 404),
        ("?q=" + "x" * 5000, 200),
        ("?q=%2500", 200),
        ("?q=%27%22<>", 200),
    ],
)
def test_bad_list_parameters_never_fail(client, questions_on, q_a, query, status):
    response = client.get("/hoi-dap/" + query, HTTP_HOST=questions_on.ward_a.site.hostname)
    assert response.status_code == status
    if status == 404:
        assert "danh sách này có các trang từ 1 đến 1" in response.content.decode()


def test_pagination(client, questions_on):
    for n in range(12):
        make_question(questions_on.ward_a, subject=f"Câu hỏi số {n:02d}")
    host = questions_on.ward_a.site.hostname
    first = client.get("/hoi-dap/", HTTP_HOST=host).content.decode()
    second = client.get("/hoi-dap/?page=2", HTTP_HOST=host).content.decode()
    assert "Trang 1 / 2" in first and "Trang 2 / 2" in second
    assert "Câu hỏi số 11" in first and "Câu hỏi số 00" in second
    assert 'aria-label="Phân trang"' in first and 'href="?page=2" rel="next"' in first
    # The search text is kept by the pager's links; a page past the end is a 404 with the message.
    filtered = client.get("/hoi-dap/?q=C%C3%A2u+h%E1%BB%8Fi", HTTP_HOST=host).content.decode()
    assert 'href="?q=C%C3%A2u+h%E1%BB%8Fi&amp;page=2" rel="next"' in filtered
    past = client.get("/hoi-dap/?page=3", HTTP_HOST=host)
    assert past.status_code == 404 and "Câu hỏi số" not in past.content.decode()
    assert "Trang “3” không tồn tại: danh sách này có các trang từ 1 đến 2." in past.content.decode()


def test_list_page_queries_are_constant(client, questions_on, django_assert_max_num_queries):
    for n in range(10):
        make_question(questions_on.ward_a, subject=f"Câu hỏi {n}")
    with django_assert_max_num_queries(20):
        response = client.get("/hoi-dap/", HTTP_HOST=questions_on.ward_a.site.hostname)
    assert response.status_code == 200


def test_plugin_off_answers_404(client, questions_on, q_a):
    portal = questions_on.ward_a
    portal.enabled_plugins = [p for p in portal.enabled_plugins if p != "questions"]
    portal.save()
    host = portal.site.hostname
    assert client.get("/hoi-dap/", HTTP_HOST=host).status_code == 404
    assert client.get(URL, HTTP_HOST=host).status_code == 404
    assert post(client, portal).status_code == 404
    assert Question.objects.count() == 1


def test_english_pages(client, questions_on, q_a):
    html = client.get("/en/hoi-dap/", HTTP_HOST=questions_on.ward_a.site.hostname).content.decode()
    assert "Questions and answers" in html


def test_moderators_are_notified_without_the_senders_contact(
    client, questions_on, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, questions_on.ward_a).status_code == 303
    # The moderators' notice (the citizen gets their tracking code apart: test_tracking.py).
    assert [m.to for m in mailoutbox] == [["moderator_a@example.vn"], ["lan@example.vn"]]
    message = mailoutbox[0]
    assert "Hỏi về lịch tiếp công dân" in message.subject
    assert "/admin/snippets/questions/question/edit/" in message.body
    assert "lan@example.vn" not in message.body
