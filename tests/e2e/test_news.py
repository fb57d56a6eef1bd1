"""News in a real browser: an article page, its category and the home blocks; axe-core."""

import datetime
import time

import pytest
from django.utils import timezone

from cms.demo import demo_image
from plugins.news.models import ArticleViewCount
from sites.models import BlockPlacement
from tests.plugins.news.conftest import add_article, add_category

pytestmark = [pytest.mark.browser, pytest.mark.heavy(8)]


@pytest.fixture
def news_network(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ward = network.ward_a
    if "news" not in ward.enabled_plugins:
        ward.enabled_plugins = [*ward.enabled_plugins, "news"]
        ward.save()
    news = add_category(ward.site.root_page, "Tin tức", "tin-tuc")
    economy = add_category(news, "Kinh tế", "kinh-te")
    base = timezone.now() - datetime.timedelta(days=3)
    image = demo_image("Ảnh hội nghị xúc tiến đầu tư", collection=ward.collection)
    older = add_article(economy, "Giá tôm nguyên liệu tăng", date=base, featured_image=image)
    article = add_article(
        economy,
        "Hội nghị xúc tiến đầu tư năm 2025",
        date=base + datetime.timedelta(days=1),
        sapo="Hội nghị giới thiệu 25 dự án kêu gọi đầu tư trong các lĩnh vực năng lượng tái tạo và du lịch.",
        featured_image=image,
        featured_image_caption="Quang cảnh hội nghị",
        author="Ban Biên tập",
        source="Báo Cà Mau",
        source_url="https://baocamau.vn/",
        featured=True,
        body=[
            ("paragraph", "<p>Sáng nay, UBND phường tổ chức hội nghị xúc tiến đầu tư.</p>"),
            ("quote", {"text": "Lấy doanh nghiệp làm trung tâm.", "attribution": "Chủ tịch UBND phường"}),
            ("paragraph", "<p>Thời gian tới, phường tiếp tục cải thiện môi trường đầu tư.</p>"),
        ],
    )
    article.tags.add("Đầu tư", "Kinh tế biển")
    article.save_revision().publish()
    newer = add_article(economy, "Ra mắt mô hình camera an ninh", date=base + datetime.timedelta(days=2))
    home = ward.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.slider", title="Tin nổi bật", limit=5)
    BlockPlacement.objects.create(page=home, slot="main", block="news.latest", title="Tin mới", limit=5)
    BlockPlacement.objects.create(page=home, slot="sidebar", block="news.featured", title="Sự kiện nổi bật", limit=5)
    return {"network": network, "article": article, "older": older, "newer": newer}


def test_article_page_is_accessible_and_counts_a_view(news_network, browser_page, live_url, axe):
    page = browser_page
    ward = news_network["network"].ward_a
    article = news_network["article"]
    page.goto(live_url(ward, "/tin-tuc/kinh-te/"))
    assert page.locator("h1").inner_text() == "Kinh tế"
    assert axe(page) == []
    page.get_by_role("link", name="Hội nghị xúc tiến đầu tư năm 2025").first.click()
    page.wait_for_url("**/tin-tuc/kinh-te/**")
    assert page.locator("h1").inner_text() == "Hội nghị xúc tiến đầu tư năm 2025"
    assert page.get_by_text("Quang cảnh hội nghị").is_visible()
    assert page.get_by_role("heading", name="Các tin mới hơn").is_visible()
    assert page.get_by_role("link", name="Ra mắt mô hình camera an ninh").is_visible()
    assert page.get_by_role("link", name="Giá tôm nguyên liệu tăng").is_visible()
    assert page.get_by_role("link", name="Chia sẻ Facebook").count() == 1
    assert page.get_by_role("button", name="In bài").count() == 1
    assert axe(page) == []
    # The beacon reached the server and the (immediate) task stored the view.
    deadline = time.time() + 10
    while time.time() < deadline and not ArticleViewCount.objects.filter(article_id=article.pk).exists():
        time.sleep(0.2)
    assert ArticleViewCount.objects.get(article_id=article.pk).count == 1


def test_article_page_at_360px_and_home_blocks(news_network, browser_page, live_url, axe):
    page = browser_page
    ward = news_network["network"].ward_a
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url(ward, news_network["article"].get_url_parts()[2]))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert axe(page) == []
    page.goto(live_url(ward, "/"))
    assert page.get_by_role("heading", name="Tin nổi bật").is_visible()
    assert page.get_by_role("heading", name="Tin mới").is_visible()
    assert axe(page) == []
