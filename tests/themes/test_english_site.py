"""The English site as a foreign visitor finds it (issue #14): English chrome, English content,
no empty "There is no ..." boxes, numbers and dates written the English way, the language
switcher, ``<html lang>``, hreflang alternates and an English sitemap."""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from plugins.polls.models import Vote
from plugins.spokesperson.models import Spokesperson
from sites.models import BlockPlacement, PortalIdentity, StandardPage
from sites.provisioning import set_portal_plugins
from tests.conftest import fresh, module_world
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.polls.conftest import make_poll
from tests.plugins.questions.conftest import make_question
from themes.templatetags.portal_tags import local_number, local_percent, vn_date, vn_datetime

PLUGINS = ["news", "polls", "questions", "spokesperson", "services"]
HOME_BLOCKS = [
    ("main", "news.slider"),
    ("main", "news.latest"),
    ("main", "news.network"),
    ("main", "news.category"),
    ("main", "questions.latest"),
    ("sidebar", "news.featured"),
    ("sidebar", "polls.poll"),
    ("sidebar", "spokesperson.card"),
]
VIETNAMESE_CHROME = ("Trang chủ", "Tìm kiếm", "Chưa có", "Cơ quan chủ quản", "Người chịu trách nhiệm", "Địa chỉ")
ARTICLE_DATE = datetime.datetime(2026, 8, 14, 7, 55, tzinfo=datetime.UTC)  # 14:55 in Ho Chi Minh City


def _publish_translation(page, title, slug):
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = title, slug
    english.save_revision().publish()
    return english.specific


def build(network):
    province = network.province
    set_portal_plugins(province, PLUGINS)
    province.name_en = "Ca Mau Province"
    province.governing_body_en = "People's Committee of Ca Mau Province"
    province.responsible_person_en = "Nguyen Van A, Chief of Office"
    province.licence_en = "Licence No. 01/GP-TTĐT"
    province.address_en = "2 Hung Vuong Street, An Xuyen Ward, Ca Mau Province"
    province.save()
    identity = PortalIdentity.for_site(province.site)
    identity.office_hours_vi, identity.office_hours_en = "Thứ Hai đến Thứ Sáu", "Monday to Friday"
    identity.footer_text_vi, identity.footer_text_en = "<p>Ghi rõ nguồn khi phát hành lại.</p>", "<p>Cite the source.</p>"
    identity.save()

    homes = {home.locale.language_code: home.specific for home in province.root_pages().select_related("locale")}
    for language, home in homes.items():
        for order, (slot, block) in enumerate(HOME_BLOCKS):
            title = "Kinh tế" if block == "news.category" and language == "vi" else ""
            BlockPlacement.objects.create(page=home, slot=slot, block=block, sort_order=order, limit=5, title=title)

    news = add_category(province.site.root_page, "Tin tức", "tin-tuc")
    economy = add_category(news, "Kinh tế", "kinh-te")
    translated = add_article(economy, "Hội nghị xúc tiến đầu tư", date=ARTICLE_DATE, featured=True)
    vietnamese_only = add_article(economy, "Tin chỉ có tiếng Việt", date=ARTICLE_DATE - datetime.timedelta(days=1))
    _publish_translation(news, "News", "news")
    _publish_translation(economy, "Economy", "economy")
    english = _publish_translation(translated, "Investment promotion conference", "investment-promotion-conference")
    untranslated_page = StandardPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan", summary="Lịch")
    province.site.root_page.add_child(instance=untranslated_page)
    untranslated_page.save_revision().publish()
    private = StandardPage(title="Nội bộ", slug="noi-bo", summary="Nội bộ")
    province.site.root_page.add_child(instance=private)
    private.save_revision().publish()
    private_en = _publish_translation(private, "Internal", "internal")
    PageViewRestriction.objects.create(page=private_en, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau")

    poll = make_poll(province, question="Ông/bà có hài lòng không?", options=("Hài lòng", "Chưa hài lòng"))
    poll.question_en, poll.description_vi, poll.description_en = (
        "Are you satisfied?",
        "Mô tả tiếng Việt",
        "An English description",
    )
    poll.save()
    for option in poll.options.all():
        option.text_en = {"Hài lòng": "Satisfied", "Chưa hài lòng": "Not satisfied"}[option.text_vi]
        option.save()
    first, second = poll.options.order_by("sort_order", "pk")
    Vote.objects.bulk_create(
        [Vote(poll=poll, option=option, voter=f"voter-{n}-{option.pk}") for option, n in ((first, 1), (first, 2), (second, 3))]
    )
    person = Spokesperson(portal=province, name="Nguyễn Thị Thu Hà", phone="0290 3831 234", term_start=datetime.date(2025, 7, 1))
    person.position_vi, person.position_en = (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Chief of Office of the Provincial People's Committee",
    )
    person.save()
    asked = make_question(province, subject="Hỏi về khai sinh", content="Nội dung", answer="Trả lời")
    asked.subject_en, asked.content_en, asked.answer_en = "About birth registration", "The question", "The answer"
    asked.save()
    make_question(province, subject="Câu hỏi chưa dịch", content="Nội dung khác", answer="Trả lời khác")
    return {
        "province": province,
        "article": translated,
        "article_en": english,
        "vietnamese_only": vietnamese_only,
        "untranslated_page": untranslated_page,
        "private_en": private_en,
        "poll": poll,
    }


_english_world = module_world(build)


@pytest.fixture
def world(_english_world, db):
    return fresh(_english_world)


def path_of(page):
    """The page's path on its own portal (``page.url`` is absolute outside a request: many sites)."""
    return urlsplit(page.url).path


def get(client, portal, path):
    response = client.get(path, HTTP_HOST=portal.site.hostname)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html):
    nav = html.split('<nav class="languages"')[1].split("</nav>")[0]
    return {code: url.replace("&amp;", "&") for url, code in re.findall(r'<a href="([^"]*)" lang="([a-z]+)"', nav)}


def test_english_home_has_english_chrome_and_content_and_no_empty_boxes(world, client):
    province = world["province"]
    html = get(client, province, "/en/")
    text = visible_text(html)
    assert '<html lang="en">' in html
    assert re.search(r"<title>\s*Ca Mau Province\s*</title>", html)  # the portal's English name, no Vietnamese title
    assert "There is no" not in text and "No news from" not in text and "not been published yet" not in text
    for vietnamese in VIETNAMESE_CHROME:
        assert vietnamese not in text, vietnamese
    # English content: the translated article, the poll, the spokesperson, the translated question.
    assert "Investment promotion conference" in text and "Hội nghị xúc tiến đầu tư" not in text
    assert "Tin chỉ có tiếng Việt" not in text
    assert "Are you satisfied?" in text and "Satisfied" in text and "Ông/bà có hài lòng" not in text
    assert "Chief of Office of the Provincial People's Committee" in text and "Chánh Văn phòng" not in text
    assert "About birth registration" in text and "Câu hỏi chưa dịch" not in text
    # The footer: the legal notice and the identity in English.
    footer = visible_text(html.split('<footer class="site-footer">')[1])
    for english in (
        "Ca Mau Province",
        "Governing body: People's Committee of Ca Mau Province",
        "Person responsible: Nguyen Van A, Chief of Office",
        "Licence: Licence No. 01/GP-TTĐT",
        "Address: 2 Hung Vuong Street, An Xuyen Ward, Ca Mau Province",
        "Office hours: Monday to Friday",
        "Cite the source.",
    ):
        assert english in footer, english
    assert "Ủy ban nhân dân" not in footer and "Ghi rõ nguồn" not in footer and "Thứ Hai" not in footer
    # The date of the article, the English way, in Ho Chi Minh City time.
    assert "14 Aug 2026, 14:55" in text and "14:55 | 14/08/2026" not in text


def test_the_vietnamese_home_keeps_its_chrome_and_its_empty_notices(world, client):
    province = world["province"]
    html = get(client, province, "/")
    text = visible_text(html)
    assert '<html lang="vi">' in html
    assert "Hội nghị xúc tiến đầu tư" in text and "Investment promotion conference" not in text
    assert "14:55 | 14/08/2026" in text
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh" in text and "Ông/bà có hài lòng không?" in text
    # An editor's block that lists nothing still shows on the Vietnamese site (the localities' news).
    assert 'class="block block-news-network"' in html
    assert 'class="block block-news-network"' not in get(client, province, "/en/")


def test_percentages_and_numbers_follow_the_language(world, client):
    province, poll = world["province"], world["poll"]
    english = visible_text(get(client, province, f"/en/tham-do/{poll.pk}/"))
    vietnamese = visible_text(get(client, province, f"/tham-do/{poll.pk}/"))
    assert "66.7%" in english and "33.3%" in english and "66,7%" not in english
    assert "66,7%" in vietnamese and "33,3%" in vietnamese
    assert "An English description" in english and "Mô tả tiếng Việt" not in english
    with translation.override("en"):
        assert local_percent(74.9) == "74.9%" and local_number(1310621) == "1,310,621"
        assert vn_date(datetime.date(2025, 7, 1)) == "1 Jul 2025"
        assert vn_datetime(ARTICLE_DATE) == "14 Aug 2026, 14:55"
    with translation.override("vi"):
        assert local_percent(74.9) == "74,9%" and local_number(1310621) == "1.310.621"
        assert vn_date(datetime.date(2025, 7, 1)) == "01/07/2025"
    assert local_percent("not a number") == "" and local_number(None) == ""


def test_hreflang_alternates_link_the_live_translations(world, client):
    province, article, english = world["province"], world["article"], world["article_en"]
    host = f"http://{province.site.hostname}"
    for path in (path_of(article), path_of(english)):
        links = alternates(get(client, province, path))
        assert links == {
            "vi": host + path_of(article),
            "en": host + path_of(english),
            "x-default": host + path_of(article),
        }, path
    assert alternates(get(client, province, "/en/")) == {"vi": host + "/", "en": host + "/en/", "x-default": host + "/"}
    # A page with no live translation has none.
    assert alternates(get(client, province, path_of(world["untranslated_page"]))) == {}
    english.unpublish()
    assert alternates(get(client, province, path_of(article))) == {}


def test_the_language_switcher_goes_to_the_translation_or_home_with_a_note(world, client):
    province, article, english = world["province"], world["article"], world["article_en"]
    assert switcher(get(client, province, path_of(article)))["en"] == path_of(english)
    assert switcher(get(client, province, path_of(english)))["vi"] == path_of(article)
    # No English version: the English home, which says so.
    target = switcher(get(client, province, path_of(world["untranslated_page"])))["en"]
    assert target == "/en/?untranslated=1"
    note = get(client, province, target)
    assert "This page is not yet available in English." in visible_text(note)
    assert "untranslated-notice" not in get(client, province, "/en/")
    # And back: an English page without a Vietnamese version leads to the Vietnamese home with the note.
    article.unpublish()
    assert switcher(get(client, province, path_of(english)))["vi"] == "/?untranslated=1"
    assert "untranslated-notice" in get(client, province, "/?untranslated=1")
    # A plugin's route and the search page exist in both languages: the same route.
    assert switcher(get(client, province, "/en/tham-do/"))["vi"] == "/tham-do/"
    assert switcher(get(client, province, "/tham-do/"))["en"] == "/en/tham-do/"
    assert switcher(get(client, province, "/en/search/?q=hoi+nghi"))["vi"] == "/search/?q=hoi+nghi"


@pytest.mark.parametrize(
    "path,lang",
    [
        ("/en/", "en"),
        ("/", "vi"),
        ("/en/search/?q=conference", "en"),
        ("/search/?q=hoi+nghi", "vi"),
        ("/en/thu-tuc/", "en"),
        ("/thu-tuc/", "vi"),
        ("/en/tham-do/", "en"),
        ("/en/hoi-dap/", "en"),
        ("/hoi-dap/", "vi"),
        ("/en/nguoi-phat-ngon/", "en"),
        ("/en/news/economy/", "en"),
        ("/tin-tuc/kinh-te/", "vi"),
    ],
)
def test_html_lang_is_the_language_of_every_page(world, client, path, lang):
    html = get(client, world["province"], path)
    assert f'<html lang="{lang}">' in html


def test_titles_name_the_page_and_the_portal_in_english(world, client):
    province, english = world["province"], world["article_en"]
    html = get(client, province, path_of(english))
    assert re.search(r"<title>\s*Investment promotion conference - Ca Mau Province\s*</title>", html)
    assert re.search(r"<title>\s*Tỉnh Cà Mau\s*</title>", get(client, province, "/"))


def test_questions_list_shows_every_question_in_english_or_its_original(world, client):
    province = world["province"]
    text = visible_text(get(client, province, "/en/hoi-dap/"))
    assert "About birth registration" in text and "Câu hỏi chưa dịch" in text and "Hỏi về khai sinh" not in text
    assert "About birth registration" in visible_text(get(client, province, "/en/hoi-dap/?q=khai+sinh"))
    assert "Câu hỏi chưa dịch" in visible_text(get(client, province, "/en/hoi-dap/?q=ch%C6%B0a+d%E1%BB%8Bch"))


def test_the_sitemap_lists_both_languages(world, client):
    province, english = world["province"], world["article_en"]
    xml = client.get("/sitemap.xml", HTTP_HOST=province.site.hostname).content.decode()
    paths = {urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)}
    assert {"/", "/en/", path_of(world["article"]), path_of(english), "/en/news/", path_of(world["untranslated_page"])} <= paths
    assert path_of(world["private_en"]) not in paths and "/noi-bo/" in paths  # the English copy alone is private
    host = f"http://{province.site.hostname}"
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{host}{path_of(english)}"/>' in xml
    for path in paths:
        assert client.get(path, HTTP_HOST=province.site.hostname).status_code == 200, path


def test_a_switched_off_plugins_english_pages_leave_the_sitemap(world, client):
    province = world["province"]
    set_portal_plugins(province, [name for name in PLUGINS if name != "news"])
    xml = client.get("/sitemap.xml", HTTP_HOST=province.site.hostname).content.decode()
    assert "/en/news/" not in xml and "/tin-tuc/" not in xml and "/en/</loc>" in xml


def test_english_spokesperson_and_identity_fall_back_to_vietnamese_when_empty(world, client):
    province = world["province"]
    Spokesperson.objects.filter(portal=province).update(position_en="")
    province.governing_body_en = ""
    province.save()
    html = get(client, province, "/en/")
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh" in visible_text(html)
    # (modeltranslation's fallback: MODELTRANSLATION_FALLBACK_LANGUAGES)
    assert "Governing body: Ủy ban nhân dân tỉnh Cà Mau" in visible_text(html.split('<footer class="site-footer">')[1])
