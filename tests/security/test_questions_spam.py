"""Question spam: single-use form tokens, a quota per address (RATE_LIMITS), and a
moderators' notification that no subject can break or inject headers into."""

import time

import pytest
from django.test import override_settings

from plugins.questions.forms import make_form_token
from plugins.questions.models import Question
from plugins.questions.notify import header_safe, notify_moderators
from tests.plugins.questions import conftest as questions_conftest

# The questions tests' network (built once per module) and its fixture.
questions_on = questions_conftest.questions_on

URL = questions_conftest.URL


def form_data(**overrides):
    return questions_conftest.form_data(**{"phone": "", **overrides})


def post(client, portal, data, **extra):
    return client.post(URL, data, HTTP_HOST=portal.site.hostname, **extra)


def test_a_replayed_token_is_refused(client, questions_on):
    data = form_data()
    assert post(client, questions_on.ward_a, data).status_code == 303
    replay = post(client, questions_on.ward_a, {**data, "subject": "Gửi lại lần nữa"})
    assert replay.status_code == 400
    html = replay.content.decode()
    assert "Biểu mẫu này đã được gửi." in html
    assert Question.objects.count() == 1
    # The form shown again carries a fresh token, which works once (it is "now": the timing guard is off here).
    fresh = replay.context["form"].data["token"]
    assert fresh != data["token"]
    with override_settings(QUESTIONS_MIN_SECONDS=0):
        assert post(client, questions_on.ward_a, {**data, "token": fresh, "subject": "Câu hỏi mới"}).status_code == 303
        assert post(client, questions_on.ward_a, {**data, "token": fresh, "subject": "Lặp lại"}).status_code == 400
    assert sorted(Question.objects.values_list("subject", flat=True)) == ["Câu hỏi mới", "Hỏi về lịch tiếp công dân"]


def test_a_token_without_a_nonce_is_refused(client, questions_on):
    from django.core import signing

    from plugins.questions.forms import TOKEN_SALT

    old_style = signing.dumps({"t": time.time() - 30}, salt=TOKEN_SALT)
    response = post(client, questions_on.ward_a, form_data(token=old_style))
    assert response.status_code == 400 and "tải lại trang" in response.content.decode()
    assert Question.objects.count() == 0


def test_honeypot_and_timing_still_hold(client, questions_on):
    assert post(client, questions_on.ward_a, form_data(website="http://spam.example")).status_code == 400
    assert post(client, questions_on.ward_a, form_data(token=make_form_token())).status_code == 400  # too fast
    assert Question.objects.count() == 0


@override_settings(RATE_LIMITS={"questions.ask": "3/h"})
def test_quota_per_address_from_rate_limits(client, questions_on):
    codes = [post(client, questions_on.ward_a, form_data(subject=f"Câu {n}")).status_code for n in range(5)]
    assert codes == [303, 303, 303, 400, 400]
    over = post(client, questions_on.ward_a, form_data())
    assert "quá nhiều câu hỏi" in over.content.decode()
    assert Question.objects.count() == 3
    # A fake X-Forwarded-For does not open a new quota (no trusted proxy configured) ...
    spoofed = [
        post(client, questions_on.ward_a, form_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert spoofed == [400] * 5
    # ... another address does, and so does another portal.
    assert post(client, questions_on.ward_a, form_data(), REMOTE_ADDR="10.9.8.7").status_code == 303
    assert post(client, questions_on.ward_b, form_data()).status_code == 303
    assert Question.objects.count() == 5


@override_settings(RATE_LIMITS={"questions.ask": "1/h"}, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_load_balancer_two_citizens_have_two_quotas(client, questions_on):
    lb = {"REMOTE_ADDR": "10.0.0.2"}
    assert post(client, questions_on.ward_a, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **lb).status_code == 303
    assert post(client, questions_on.ward_a, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2", **lb).status_code == 303
    # The first citizen again, with a spoofed entry in front of the balancer's: still the first citizen.
    again = post(client, questions_on.ward_a, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.1", **lb)
    assert again.status_code == 400
    assert Question.objects.count() == 2


def test_a_subject_with_header_injection_is_still_mailed_safely(
    client, questions_on, mailoutbox, django_capture_on_commit_callbacks
):
    evil = "Hỏi về thuế\r\nBcc: x@y.example\r\nX-Injected: 1"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, questions_on.ward_a, form_data(subject=evil)).status_code == 303
    # The moderators' notice and the citizen's tracking code (whose subject holds no text typed).
    assert [m.to for m in mailoutbox] == [["moderator_a@example.vn"], ["lan@example.vn"]]
    assert "Hỏi về thuế Bcc: x@y.example X-Injected: 1" in mailoutbox[0].subject
    for message in mailoutbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == []
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "\nBcc:" not in headers and "\nX-Injected:" not in headers


@pytest.mark.parametrize(
    "subject",
    [
        "Dòng một\nBcc: x@y.example",
        "Dòng một\rBcc: x@y.example",
        "\x00\x07\x1b[31mđỏ\x7f\x85\u2028Bcc: x@y.example\u2029",
        "\n\n\n",
        "x" * 5000,
    ],
)
def test_notification_is_sent_whatever_a_stored_subject_holds(questions_on, mailoutbox, subject):
    """Rows written before the form folded line breaks, or by any other path (set on the
    instance: PostgreSQL itself refuses NUL and over-long values)."""
    question = Question.objects.create(
        portal=questions_on.ward_a, name="A", email="a@example.vn", subject="x", content="Nội dung câu hỏi"
    )
    question.subject = subject
    assert notify_moderators(question) == 1
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in sent.subject)
    assert sent.bcc == []
    assert "\nBcc:" not in sent.message().as_string().split("\n\n", 1)[0]  # the headers


def test_the_public_form_keeps_the_subject_on_one_line(client, questions_on):
    post(client, questions_on.ward_a, form_data(subject="Dòng một\r\n  Dòng hai\tcó tab"))
    assert Question.objects.get().subject == "Dòng một Dòng hai có tab"


def test_header_safe():
    assert header_safe("a\r\nb\x00c\u2028d") == "a b c d"
    assert header_safe("  nhiều   khoảng   trắng ") == "nhiều khoảng trắng"
    assert len(header_safe("x" * 500)) == 180 and header_safe("x" * 500).endswith("…")
