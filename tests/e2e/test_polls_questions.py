"""Polls and questions in a real browser: vote with and without JavaScript,
send a question, read answers; axe-core on every page showing the blocks."""

import datetime

import pytest
from django.utils import timezone

from plugins.polls.models import Poll, PollOption, Vote
from plugins.questions.models import Question
from sites.models import BlockPlacement
from tests.e2e.conftest import VIEWPORTS, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.heavy(13)]


def _poll(portal, question, options, opens_days=-2, closes_days=10):
    now = timezone.now()
    poll = Poll(
        portal=portal, opens_at=now + datetime.timedelta(days=opens_days), closes_at=now + datetime.timedelta(days=closes_days)
    )
    poll.question_vi, poll.question_en = question, question
    poll.save()
    for index, text in enumerate(options):
        option = PollOption(poll=poll, sort_order=index)
        option.text_vi = text
        option.save()
    return poll


@pytest.fixture
def pq_network(network, settings):
    settings.QUESTIONS_MIN_SECONDS = 0  # a robot types fast; the guard itself is unit-tested
    ward = network.ward_a
    changed = [name for name in ("polls", "questions") if name not in ward.enabled_plugins]
    if changed:
        ward.enabled_plugins = [*ward.enabled_plugins, *changed]
        ward.save()
    poll = _poll(ward, "Ông/bà đánh giá thế nào về Bộ phận Một cửa?", ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"])
    closed = _poll(ward, "Đã từng dùng dịch vụ công trực tuyến?", ["Có", "Chưa"], opens_days=-30, closes_days=-1)
    for n, option in enumerate([*closed.options.all()] * 2):
        Vote.objects.create(poll=closed, option=option, voter=f"seed-{n}")
    for n in range(3):
        Question.objects.create(
            portal=ward,
            name="Nguyễn Văn Dân",
            email="dan@example.vn",
            phone="0909 111 222",
            subject=f"Hỏi về thủ tục số {n + 1}",
            content="Xin hỏi hồ sơ gồm những gì? <b>không in đậm</b>",
            answer="Hồ sơ gồm đơn và bản sao giấy tờ tùy thân.",
            status=Question.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(hours=n),
        )
    home = ward.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="sidebar", block="polls.poll", title="Thăm dò ý kiến")
    BlockPlacement.objects.create(page=home, slot="main", block="questions.latest", title="Hỏi đáp - Góp ý", limit=3)
    return {"ward": ward, "poll": poll, "closed": closed}


def _no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_home_blocks_vote_with_javascript(pq_network, browser_page, live_url, axe):
    page, ward, poll = browser_page, pq_network["ward"], pq_network["poll"]
    page.goto(live_url(ward, "/"))
    block = page.locator(".block-polls")
    assert block.locator("legend").inner_text() == poll.question
    assert page.locator(".block-questions li").count() == 3
    assert axe(page) == []

    page.get_by_label("Hài lòng", exact=True).check()
    block.get_by_role("button", name="Bình chọn").click()
    page.wait_for_selector(".block-polls [data-poll-results]")
    assert "Cảm ơn, phiếu của bạn đã được ghi nhận." in block.locator("[data-poll-message]").inner_text()
    assert "Tổng số phiếu: 1" in block.inner_text()
    assert "100%" in block.inner_text()
    assert Vote.objects.filter(poll=poll).count() == 1
    assert axe(page) == []

    # The home page is the same cached copy for everybody; the script asks who this visitor is.
    page.reload()
    page.wait_for_selector(".block-polls [data-poll-results]")
    assert block.locator("form").count() == 0
    assert "Bạn đã bình chọn" in block.inner_text()
    assert "lựa chọn của bạn" in block.inner_text()

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.wait_for_selector(".block-polls [data-poll-results]")
    assert _no_horizontal_scroll(page)
    assert axe(page) == []


def test_vote_without_javascript_and_results_page(pq_network, _browser, browser_page, live_url, axe):
    ward, poll, closed = pq_network["ward"], pq_network["poll"], pq_network["closed"]
    with open_tab(_browser, VIEWPORTS["phone"], java_script_enabled=False) as page:
        page.goto(live_url(ward, f"/tham-do/{poll.pk}/"))
        main = page.locator("main")  # the sidebar shows the same poll's block too
        main.get_by_label("Rất hài lòng").check()
        main.get_by_role("button", name="Bình chọn").click()
        page.wait_for_url(f"**/tham-do/{poll.pk}/?msg=voted")
        text = page.locator("main").inner_text()
        assert "Cảm ơn, phiếu của bạn đã được ghi nhận." in text
        assert "Tổng số phiếu: 1" in text
        assert main.locator("form.poll-form").count() == 0  # voted: results only
        assert _no_horizontal_scroll(page)
    assert Vote.objects.filter(poll=poll).count() == 1

    # The closed poll shows results only; axe on both results pages.
    page = browser_page
    page.goto(live_url(ward, f"/tham-do/{closed.pk}/"))
    assert page.locator("main form.poll-form").count() == 0
    assert "Cuộc thăm dò đã kết thúc." in page.locator("main").inner_text()
    assert "50%" in page.locator("main").inner_text()
    assert axe(page) == []
    page.goto(live_url(ward, f"/tham-do/{poll.pk}/"))
    assert axe(page) == []
    page.goto(live_url(ward, "/tham-do/"))
    assert axe(page) == []


def test_send_a_question_and_read_answers(pq_network, browser_page, live_url, axe):
    page, ward = browser_page, pq_network["ward"]
    page.goto(live_url(ward, "/hoi-dap/gui-cau-hoi/"))
    assert axe(page) == []
    page.get_by_role("button", name="Gửi").click()
    assert page.locator("#form-errors").is_visible()
    assert "Vui lòng nhập họ tên." in page.locator("#form-errors").inner_text()
    assert page.get_by_label("Họ và tên").get_attribute("aria-invalid") == "true"
    assert axe(page) == []

    page.get_by_label("Họ và tên").fill("Phạm Thị Lan")
    page.get_by_label("Thư điện tử").fill("lan@example.vn")
    page.get_by_label("Tiêu đề").fill("Hỏi về lịch tiếp công dân")
    page.get_by_label("Nội dung câu hỏi hoặc góp ý").fill("Xin cho biết lịch tiếp công dân <script>x</script> tháng này.")
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_url("**/hoi-dap/gui-cau-hoi/?sent=1*")
    thanks = page.locator("main").inner_text()
    question = Question.objects.get(subject="Hỏi về lịch tiếp công dân")
    assert question.status == Question.Status.NEW and "<script>x</script>" in question.content
    # The sender sees the tracking code, and its status page answers (issue #15).
    assert "Cảm ơn bạn" in thanks and question.tracking_code in thanks
    assert axe(page) == []
    page.goto(live_url(ward, f"/hoi-dap/tra-cuu/?ma={question.tracking_code}"))
    assert "Hỏi về lịch tiếp công dân" in page.locator("main").inner_text()
    assert "dan@example.vn" not in page.content()
    assert axe(page) == []

    page.goto(live_url(ward, "/hoi-dap/"))
    assert page.locator(".questions-item").count() == 3
    assert "dan@example.vn" not in page.content()
    assert axe(page) == []
    page.get_by_role("searchbox", name="Tìm trong hỏi đáp").fill("thủ tục số 2")
    page.locator("main").get_by_role("button", name="Lọc").click()
    assert page.locator(".questions-item").count() == 1
    page.locator(".questions-item a").first.click()
    assert page.locator("h1").inner_text() == "Hỏi về thủ tục số 2"
    assert "<b>không in đậm</b>" in page.locator(".questions-question").inner_text()
    assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url(ward, "/hoi-dap/gui-cau-hoi/"))
    assert _no_horizontal_scroll(page)
