"""The Q&A duty (issue #15): tracking code, status page, due date, forwarding, the answer
e-mail, overdue questions and answered counts on the oversight dashboard, the demo."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from plugins.organisation.models import Unit
from plugins.questions import oversight
from plugins.questions.demo import OVERDUE_QUESTIONS, load_demo
from plugins.questions.models import Question
from plugins.questions.tracking import TRACKING_CODE_ALPHABET, TRACKING_CODE_LENGTH, new_tracking_code, normalize_code
from registry.plugins import registry
from tests.conftest import make_user

from .conftest import URL, form_data, make_question

TRACK = "/hoi-dap/tra-cuu/"
BASE = "wagtailsnippets_questions_question"
SENDER = ("Nguyễn Văn Dân", "dan.secret@example.vn", "0909 111 222")  # tests.factories.QuestionFactory


def vi(message, **values):
    """``message`` as the Vietnamese site shows it (HTML-escaped), whether or not the
    catalogue has it yet."""
    with translation.override("vi"):
        text = gettext(message)
    return escape(text % values if values else text)


def at(day: str, hour: int = 9) -> datetime.datetime:
    """``day`` at ``hour`` o'clock in Asia/Ho_Chi_Minh."""
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour)))


def track(client, portal, code, prefix=""):
    return client.get(prefix + TRACK, {"ma": code}, HTTP_HOST=portal.site.hostname)


def edit_form(question, **overrides):
    data = {
        "portal": question.portal_id,
        "name": question.name,
        "email": question.email,
        "phone": question.phone,
        "subject_vi": question.subject_vi,
        "content_vi": question.content_vi,
        "answer_vi": question.answer_vi or "",
        "status": question.status,
        "forwarded_to_unit": question.forwarded_to_unit,
    }
    data.update(overrides)
    return data


# -- the tracking code and the status page -----------------------------------------------------


def test_codes_are_short_unguessable_and_read_leniently():
    codes = {new_tracking_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == TRACKING_CODE_LENGTH and set(c) <= set(TRACKING_CODE_ALPHABET) for c in codes)
    assert not set("01IOL") & set(TRACKING_CODE_ALPHABET)  # no look-alikes
    code = next(iter(codes))
    assert normalize_code(f" {code[:5].lower()}-{code[5:]} ") == code
    for bad in ("", "ABC", code + "Z", code[:-1] + "0", code[:-1] + "!", "x" * 5000, "' OR 1=1 --"):
        assert normalize_code(bad) is None


def test_a_question_sent_shows_its_code_and_its_status_page_answers(
    client, questions_on, mailoutbox, django_capture_on_commit_callbacks
):
    host = questions_on.ward_a.site.hostname
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(), HTTP_HOST=host)
    assert response.status_code == 303
    question = Question.objects.get()
    code = question.tracking_code
    assert len(code) == TRACKING_CODE_LENGTH and question.language == "vi"

    thanks = client.get(response["Location"], HTTP_HOST=host)
    assert thanks.status_code == 200 and "no-cache" in thanks["Cache-Control"]
    assert code in thanks.content.decode() and f"{TRACK}?ma={code}" in thanks.content.decode()

    # The citizen's e-mail: the code and the status page (the moderators' notice aside).
    receipt = [m for m in mailoutbox if m.to == ["lan@example.vn"]]
    assert len(receipt) == 1 and code in receipt[0].subject
    assert f"http://{host}{TRACK}?ma={code}" in receipt[0].body
    assert question.due_on.strftime("%d/%m/%Y") in receipt[0].body

    status = track(client, questions_on.ward_a, code)
    assert status.status_code == 200
    assert "no-cache" in status["Cache-Control"] and status["X-Robots-Tag"] == "noindex"
    html = status.content.decode()
    assert "Hỏi về lịch tiếp công dân" in html and code in html
    assert vi("Received") in html and question.due_on.strftime("%d/%m/%Y") in html
    assert reverse("questions:detail", args=[question.pk]) not in html  # nothing published yet
    # Typed the lenient way: lower case, in two groups.
    assert track(client, questions_on.ward_a, f"{code[:5].lower()} {code[5:]}").status_code == 200


def test_forwarding_and_publishing_show_on_the_status_page(client, questions_on):
    question = make_question(questions_on.ward_a, published=False)
    question.forwarded_to_unit, question.forwarded_at = "Phòng Kinh tế, Hạ tầng và Đô thị", timezone.now()
    question.status = Question.Status.FORWARDED
    question.save()
    html = track(client, questions_on.ward_a, question.tracking_code).content.decode()
    assert vi("Forwarded to %(unit)s", unit="Phòng Kinh tế, Hạ tầng và Đô thị") in html

    question.status, question.answer, question.published_at = Question.Status.PUBLISHED, "Đã sửa xong.", timezone.now()
    question.save()
    html = track(client, questions_on.ward_a, question.tracking_code).content.decode()
    assert f'href="/hoi-dap/{question.pk}/"' in html and vi("Answer published") in html


def test_english_status_page(client, questions_on):
    question = make_question(questions_on.ward_a)
    response = track(client, questions_on.ward_a, question.tracking_code, prefix="/en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Follow your question" in html and f'href="/en/hoi-dap/{question.pk}/"' in html
    unknown = track(client, questions_on.ward_a, "2222222222", prefix="/en")
    assert unknown.status_code == 404 and "No question with this tracking code" in unknown.content.decode()


@pytest.mark.parametrize("typed", ["ABC", "0000000000", "<script>alert(1)</script>", "x" * 3000, "ĐÀÁẢÃẠ1234", "%00"])
def test_malformed_codes_get_a_clear_message(client, questions_on, typed):
    response = track(client, questions_on.ward_a, typed)
    assert response.status_code == 404
    html = response.content.decode()
    assert (
        vi(
            "This is not a valid tracking code. A tracking code has %(length)d letters and digits: "
            "check it on the screen shown after sending or in the e-mail you received.",
            length=TRACKING_CODE_LENGTH,
        )
        in html
    )
    assert "<script>alert" not in html


def test_a_nul_in_the_code_is_refused_without_an_error(client, questions_on):
    assert track(client, questions_on.ward_a, "\x00ABCDEFGHJK").status_code in (400, 404)


def test_unknown_codes_and_other_portals_codes_reveal_nothing(client, questions_on, q_a, q_b):
    message = vi(
        "No question with this tracking code was sent to this portal. Check the code, and that "
        "you are on the portal you sent your question to."
    )
    for code in ("2222222222", q_b.tracking_code):  # unknown; ward B's, looked up on ward A
        response = track(client, questions_on.ward_a, code)
        assert response.status_code == 404
        html = response.content.decode()
        assert message in html
        assert q_b.subject not in html and q_a.subject not in html
    # The empty form.
    form = client.get(TRACK, HTTP_HOST=questions_on.ward_a.site.hostname)
    assert form.status_code == 200 and 'name="ma"' in form.content.decode()


def test_status_page_never_shows_the_sender(client, questions_on):
    question = make_question(questions_on.ward_a, published=False, content="Nội dung riêng tư của người hỏi")
    html = track(client, questions_on.ward_a, question.tracking_code).content.decode()
    assert question.subject in html
    for private in (*SENDER, "Nội dung riêng tư của người hỏi"):
        assert private not in html


@override_settings(RATE_LIMITS={"questions.lookup": "3/h"})
def test_lookups_are_rate_limited_per_address(client, questions_on, q_a):
    for code in ("2222222222", "3333333333", q_a.tracking_code):
        assert track(client, questions_on.ward_a, code).status_code in (200, 404)
    refused = track(client, questions_on.ward_a, q_a.tracking_code)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert vi("You have looked up too many tracking codes from your network. Please try again later.") in html
    assert q_a.subject not in html
    # The quota is the address's on every portal; another address still has its own.
    assert track(client, questions_on.ward_b, "2222222222").status_code == 429
    other = client.get(TRACK, {"ma": q_a.tracking_code}, HTTP_HOST=questions_on.ward_a.site.hostname, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_lookup_quota_is_on_by_default():
    from django.conf import settings

    assert settings.RATE_LIMITS.get("questions.lookup")


def test_status_page_is_off_where_the_plugin_is_off(client, questions_on, q_a):
    portal = questions_on.ward_a
    portal.enabled_plugins = [p for p in portal.enabled_plugins if p != "questions"]
    portal.save()
    assert track(client, portal, q_a.tracking_code).status_code == 404


# -- the due date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at("2025-11-24"), "2025-12-15"),  # Monday: three weeks of weekdays
        (at("2025-11-28", 23), "2025-12-19"),  # Friday night: the weekend is skipped
        (at("2026-02-12"), "2026-03-12"),  # Thursday before Tết (14-22 February 2026)
        (at("2026-04-23"), "2026-05-19"),  # over 27/4, 30/4 and 1/5
    ],
)
def test_due_date_counts_working_days(questions_on, received, due):
    question = make_question(questions_on.ward_a, published=False, created_at=received)
    assert question.due_on == datetime.date.fromisoformat(due)


@override_settings(QUESTIONS_ANSWER_WORKING_DAYS=1)
def test_due_date_follows_the_setting_and_the_holidays_data(questions_on):
    from sites.models import PublicHoliday

    PublicHoliday.objects.create(day=datetime.date(2027, 3, 1), name="Ngày nghỉ thử")
    question = make_question(questions_on.ward_a, published=False, created_at=at("2027-02-26"))  # a Friday
    assert question.due_on == datetime.date(2027, 3, 2)


# -- forwarding in the admin -----------------------------------------------------------------


@pytest.fixture
def units(questions_on):
    add = Unit.objects.create
    return {
        "a": add(portal=questions_on.ward_a, name="Phòng Văn hóa - Xã hội", name_vi="Phòng Văn hóa - Xã hội"),
        "b": add(portal=questions_on.ward_b, name="Phòng Kinh tế phường B", name_vi="Phòng Kinh tế phường B"),
    }


def test_the_units_service(questions_on, units):
    service = registry.service("organisation.units", portal=questions_on.ward_a)
    assert service(questions_on.ward_a) == [(units["a"].pk, "Phòng Văn hóa - Xã hội")]
    assert service(None) == []


def test_moderator_forwards_to_a_unit_of_their_portal(client, questions_on, units):
    question = make_question(questions_on.ward_a, published=False)
    client.force_login(questions_on.moderator_a)
    url = reverse(f"{BASE}:edit", args=[question.pk])
    html = client.get(url).content.decode()
    assert "Phòng Văn hóa - Xã hội" in html and "Phòng Kinh tế phường B" not in html
    # Another portal's unit is refused and nothing changes.
    refused = client.post(url, edit_form(question, forward_unit=units["b"].pk))
    assert refused.status_code == 200
    question.refresh_from_db()
    assert question.forwarded_to_unit == "" and question.status == Question.Status.NEW
    # Their own portal's unit: forwarded.
    assert client.post(url, edit_form(question, forward_unit=units["a"].pk)).status_code == 302
    question.refresh_from_db()
    assert question.forwarded_to_unit == "Phòng Văn hóa - Xã hội"
    assert question.status == Question.Status.FORWARDED and question.forwarded_at is not None
    html = track(client, questions_on.ward_a, question.tracking_code).content.decode()
    assert "Phòng Văn hóa - Xã hội" in html


def test_forwarding_by_free_text_without_the_organisation_plugin(client, questions_on):
    portal = questions_on.ward_a
    portal.enabled_plugins = [p for p in portal.enabled_plugins if p != "organisation"]
    portal.save()
    question = make_question(portal, published=False)
    client.force_login(questions_on.moderator_a)
    url = reverse(f"{BASE}:edit", args=[question.pk])
    assert 'name="forward_unit"' not in client.get(url).content.decode()
    # "Forwarded" needs a unit.
    missing = client.post(url, edit_form(question, status="forwarded"))
    assert missing.status_code == 200
    assert escape(gettext("Name the unit the question is forwarded to.")) in missing.content.decode()
    assert client.post(url, edit_form(question, forwarded_to_unit="Công an phường")).status_code == 302
    question.refresh_from_db()
    assert (question.forwarded_to_unit, question.status) == ("Công an phường", Question.Status.FORWARDED)
    first_forwarded_at = question.forwarded_at
    # Saved again unchanged: the forwarding time stays; cleared: a new question again.
    assert client.post(url, edit_form(question)).status_code == 302
    question.refresh_from_db()
    assert question.forwarded_at == first_forwarded_at
    assert client.post(url, edit_form(question, forwarded_to_unit="", status="forwarded")).status_code == 200
    assert client.post(url, edit_form(question, forwarded_to_unit="", status="new")).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.NEW and question.forwarded_at is None


def test_another_portals_moderator_cannot_see_or_forward(client, questions_on, units):
    question = make_question(questions_on.ward_a, published=False, subject="Câu hỏi riêng của phường A")
    moderator_b = make_user("moderator_b", [questions_on.ward_b.moderators_group])
    client.force_login(moderator_b)
    url = reverse(f"{BASE}:edit", args=[question.pk])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "Câu hỏi riêng của phường A" not in response.content.decode()
    for attempt in (
        edit_form(question, forward_unit=units["b"].pk),
        edit_form(question, forwarded_to_unit="Phòng của phường B", status="forwarded"),
    ):
        assert client.post(url, attempt).status_code in (302, 403, 404)
    question.refresh_from_db()
    assert question.forwarded_to_unit == "" and question.status == Question.Status.NEW and question.forwarded_at is None
    listing = client.get(reverse(f"{BASE}:list")).content.decode()
    assert "Câu hỏi riêng của phường A" not in listing and question.tracking_code not in listing


# -- the answer e-mail -----------------------------------------------------------------------


def test_publishing_the_answer_mails_the_citizen_once(client, questions_on, mailoutbox, django_capture_on_commit_callbacks):
    question = make_question(questions_on.ward_a, published=False)
    client.force_login(questions_on.moderator_a)
    url = reverse(f"{BASE}:edit", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, edit_form(question, answer_vi="Bản nháp", status="answered")).status_code == 302
    assert mailoutbox == []  # answered, not published: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, edit_form(question, answer_vi="Câu trả lời chính thức.", status="published")).status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [SENDER[1]] and question.tracking_code in message.subject
    assert f"http://{questions_on.ward_a.site.hostname}/hoi-dap/{question.pk}/" in message.body
    # Edited, withdrawn, published again: no second e-mail.
    question.refresh_from_db()
    assert question.answer_notified_at is not None
    for status in ("published", "new", "published"):
        with django_capture_on_commit_callbacks(execute=True):
            data = edit_form(question, answer_vi="Câu trả lời đã sửa.", status=status)
            assert client.post(url, data).status_code == 302
    assert len(mailoutbox) == 1


def test_an_english_sender_is_mailed_in_english(questions_on, mailoutbox, django_capture_on_commit_callbacks):
    question = make_question(questions_on.ward_a, published=False, language="en")
    question.status, question.answer, question.published_at = Question.Status.PUBLISHED, "Done.", timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        question.save()
    assert len(mailoutbox) == 1
    assert f"/en/hoi-dap/{question.pk}/" in mailoutbox[0].body and "answered" in mailoutbox[0].subject


# -- the oversight dashboard -----------------------------------------------------------------


def test_overdue_questions_in_one_query(questions_on, django_assert_num_queries):
    a, b = questions_on.ward_a, questions_on.ward_b
    today = timezone.localdate()
    late = make_question(a, subject="Câu hỏi quá hạn", published=False, created_at=timezone.now() - datetime.timedelta(days=40))
    forwarded = make_question(
        a, subject="Đã chuyển nhưng quá hạn", published=False, created_at=timezone.now() - datetime.timedelta(days=50)
    )
    Question.objects.filter(pk=forwarded.pk).update(status=Question.Status.FORWARDED, forwarded_to_unit="Phòng X")
    make_question(a, subject="Đã trả lời muộn", published=True, created_at=timezone.now() - datetime.timedelta(days=60))
    make_question(a, subject="Còn hạn", published=False)
    due_today = make_question(b, subject="Hạn hôm nay", published=False)
    Question.objects.filter(pk=due_today.pk).update(due_on=today)
    late_b = make_question(b, subject="Quá hạn ở B", published=False)
    Question.objects.filter(pk=late_b.pk).update(due_on=today - datetime.timedelta(days=1), status=Question.Status.ANSWERED)

    with django_assert_num_queries(1):
        found = oversight.overdue([a.pk, b.pk, questions_on.province.pk])
    assert [item.title for item in found[a.pk]] == ["Đã chuyển nhưng quá hạn", "Câu hỏi quá hạn"]
    assert found[a.pk][1].due == late.due_on < today
    assert found[a.pk][1].admin_url == reverse(f"{BASE}:edit", args=[late.pk])
    assert [item.title for item in found[b.pk]] == ["Quá hạn ở B"]
    assert questions_on.province.pk not in found
    assert oversight.overdue([b.pk]).keys() == {b.pk}  # only the portals asked about


def test_answered_counts_in_one_query(questions_on, django_assert_num_queries):
    a, b = questions_on.ward_a, questions_on.ward_b
    now = timezone.now()
    for days in (2, 20, 45, 200):
        make_question(a, published=True, published_at=now - datetime.timedelta(days=days))
    make_question(a, published=False)  # not published: not counted
    make_question(b, published=True, published_at=now + datetime.timedelta(days=1))  # after ``until``
    with django_assert_num_queries(1):
        found = oversight.answered(now, (30, 90))
    last, counts = found[a.pk]
    assert abs(last - (now - datetime.timedelta(days=2))) < datetime.timedelta(seconds=1)
    assert tuple(counts) == (2, 3)
    assert b.pk not in found


def test_the_plugin_declares_its_oversight():
    plugin = registry.get("questions")
    assert [a.key for a in plugin.activities] == ["questions.answered"] and plugin.activities[0].max_days == 30
    assert [w.key for w in plugin.overdue] == ["questions.overdue"]
    assert registry.load(plugin.overdue[0].items) is oversight.overdue
    assert registry.load(plugin.activities[0].activity) is oversight.answered


# -- the demo --------------------------------------------------------------------------------


def test_demo_has_overdue_questions_on_some_portals(questions_on, mailoutbox, django_capture_on_commit_callbacks):
    a, b = questions_on.ward_a, questions_on.ward_b  # members of the province, in this order
    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(2):  # idempotent
            for portal in (questions_on.province, a, b):
                load_demo(portal, io.StringIO())
    found = oversight.overdue([questions_on.province.pk, a.pk, b.pk])
    assert list(found) == [b.pk] and len(found[b.pk]) == len(OVERDUE_QUESTIONS)
    assert Question.objects.filter(portal=b).count() == Question.objects.filter(portal=a).count() + len(OVERDUE_QUESTIONS)
    assert Question.objects.filter(portal=b, status=Question.Status.FORWARDED).exists()
    assert mailoutbox == []  # no demo citizen is e-mailed about answers loaded as published
    assert all(
        re.fullmatch(rf"[{TRACKING_CODE_ALPHABET}]{{10}}", c) for c in Question.objects.values_list("tracking_code", flat=True)
    )
