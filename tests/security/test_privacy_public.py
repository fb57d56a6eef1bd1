"""Privacy holds on every public surface (issue #17 item 6).

A citizen's view: content published, then made private the way an editor does
it (the admin's privacy dialog, posted by the portal's moderator), disappears
from search (page and API), lists, APIs, feeds, home blocks, the sitemap and the
province's syndicated news, and comes back when made public again. Files of a
password-protected collection are served only after the password, never from
/media/documents/, and their text is not searchable.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from plugins.legal_documents.models import LegalDocumentPage
from plugins.news.models import SyndicationOffer
from search.indexing import apply_pending
from search.models import IndexOperation
from sites.models import BlockPlacement, StandardPage
from tests.conftest import make_user
from tests.plugins.legal_documents.conftest import _ld_world, add_document, ld, make_pdf  # noqa: F401  (fixtures)
from tests.plugins.news.conftest import _news_world, add_article, news_site  # noqa: F401  (fixtures)

SECRET = "mat-khau-rieng"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indexed():
    """Index what the fixtures published (their commit callbacks never ran in a test transaction)."""

    def run():
        apply_pending()
        assert IndexOperation.objects.count() == 0

    return run


@pytest.fixture
def privacy(client, network, django_capture_on_commit_callbacks):
    """Set a page's privacy through the admin dialog as the portal's moderator; commit callbacks
    (the index task, immediate in tests) run as at the end of a real request."""

    def set_privacy(page, restriction_type, user=None, **fields):
        client.force_login(user or network.moderator_a)
        host = page.get_site().hostname
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
                {"restriction_type": restriction_type, **fields},
                HTTP_HOST=host,
            )
        client.logout()
        assert response.status_code == 200 and "set_privacy_done" in response.content.decode(), response.content[:500]
        assert PageViewRestriction.objects.filter(page=page).exists() == (restriction_type != "none")
        return response

    return set_privacy


def _text(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _search_ids(client, host, q):
    response = client.get("/api/search/", {"q": q}, HTTP_HOST=host)
    assert response.status_code == 200, response.content.decode()[:300]
    return {hit["id"] for hit in response.json()["results"]}


def _block(html, name):
    marker = f'class="block block-{name}"'
    return html.split(marker)[1].split("</section>")[0] if marker in html else ""


# -- news --------------------------------------------------------------------
def test_private_article_leaves_search_lists_feeds_blocks_and_sitemap(news_site, network, client, privacy, indexed):  # noqa: F811
    article = news_site["articles"][2]
    other = news_site["articles"][1]
    home = network.ward_a.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.latest", title="Tin mới", limit=5)
    BlockPlacement.objects.create(page=home, slot="main", block="news.category", title="Kinh tế", limit=5)
    indexed()
    host = "a.camau.localhost"
    url = article.full_url
    doc_id = f"news:{article.pk}"
    surfaces = ["/", "/tin-tuc/kinh-te/", "/news/rss/", f"/news/rss/{news_site['economy'].pk}/", "/sitemap.xml"]
    # Public: everywhere (and now in the page cache).
    for path in surfaces:
        assert (url if path == "/sitemap.xml" else article.title) in _text(client, host, path), path
    assert doc_id in _search_ids(client, host, "Bài viết số 2")
    assert url in _text(client, host, "/search/?q=bai+viet+so+2")
    assert article.pk in [r["id"] for r in client.get("/api/news/", HTTP_HOST=host).json()["results"]]

    privacy(article, "password", password=SECRET)

    for path in surfaces:
        html = _text(client, host, path)
        assert url not in html and article.title not in html, path
        if path != "/sitemap.xml":
            assert other.title in html, path  # the rest is still shown
    assert doc_id not in _search_ids(client, host, "Bài viết số 2")
    assert doc_id not in _search_ids(client, "camau.localhost", "Bài viết số 2")  # the province's network search
    assert url not in _text(client, host, "/search/?q=bai+viet+so+2")
    api = client.get("/api/news/", HTTP_HOST=host).json()["results"]
    assert article.pk not in [r["id"] for r in api] and other.pk in [r["id"] for r in api]
    # The page itself asks for the password and shows none of its text.
    page = _text(client, host, article.url)
    assert article.sapo not in page and 'name="password"' in page

    # Public again: back in the search index.
    privacy(article, "none")
    assert doc_id in _search_ids(client, host, "Bài viết số 2")
    assert article.title in _text(client, host, "/tin-tuc/kinh-te/")


def test_private_category_hides_its_articles_and_the_province_syndication(news_site, network, client, privacy, indexed):  # noqa: F811
    offered = add_article(news_site["economy"], "Phường An Xuyên ra mắt mô hình mới", offer_to_province=True)
    SyndicationOffer.objects.filter(article=offered).update(status=SyndicationOffer.APPROVED)
    province_home = network.province.site.root_page.specific
    BlockPlacement.objects.create(page=province_home, slot="main", block="news.network", title="Tin từ các địa phương")
    indexed()
    assert offered.title in _block(_text(client, "camau.localhost", "/"), "news-network")
    assert f"news:{offered.pk}" in _search_ids(client, "camau.localhost", "mô hình mới")

    privacy(news_site["economy"], "login")  # the category, not the article

    assert offered.title not in _text(client, "camau.localhost", "/")
    assert f"news:{offered.pk}" not in _search_ids(client, "camau.localhost", "mô hình mới")
    for article in news_site["articles"]:  # every article under the category left the index too
        assert f"news:{article.pk}" not in _search_ids(client, "a.camau.localhost", article.title)
    assert _text(client, "a.camau.localhost", "/news/feeds/").count(news_site["economy"].title) == 0
    assert client.get("/api/news/?portal=a.camau.localhost", HTTP_HOST="a.camau.localhost").json()["count"] == 0
    assert client.get(f"/news/rss/{news_site['economy'].pk}/", HTTP_HOST="a.camau.localhost").status_code == 404


# -- plain pages ---------------------------------------------------------------
def test_private_standard_page_leaves_search_menu_and_sitemap(network, client, privacy, indexed):
    home = network.ward_a.site.root_page
    page = StandardPage(title="Lịch tiếp công dân nội bộ", slug="lich-tiep", summary="Chỉ cán bộ phường xem.", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    indexed()
    host = "a.camau.localhost"
    assert f"page:{page.pk}" in _search_ids(client, host, "tiếp công dân nội bộ")
    assert page.full_url in _text(client, host, "/sitemap.xml")
    assert 'href="/lich-tiep/"' in _text(client, host, "/")

    groups = [network.ward_a.editors_group.pk]
    privacy(page, "groups", groups=groups)

    assert f"page:{page.pk}" not in _search_ids(client, host, "tiếp công dân nội bộ")
    html = _text(client, host, "/search/?q=tiep+cong+dan+noi+bo")
    assert page.full_url not in html and "Chỉ cán bộ phường xem." not in html
    assert page.full_url not in _text(client, host, "/sitemap.xml")
    assert 'href="/lich-tiep/"' not in _text(client, host, "/")


# -- legal documents -------------------------------------------------------------
def test_private_legal_document_leaves_list_api_block_and_search(
    ld,  # noqa: F811
    client,
    privacy,
    indexed,
):
    public = add_document(ld.ward_a, number_symbol="7/KH-UBND", summary="Kế hoạch công khai")
    private = add_document(ld.ward_a, number_symbol="8/KH-UBND", summary="Kế hoạch nội bộ mật")
    BlockPlacement.objects.create(
        page=ld.ward_a.site.root_page.specific, slot="main", block="legal_documents.newest", title="Văn bản mới"
    )
    indexed()
    host = "a.camau.localhost"
    detail = f"/api/legal-documents/{private.pk}/"
    assert "Kế hoạch nội bộ mật" in _text(client, host, "/van-ban/")
    assert "Kế hoạch nội bộ mật" in _text(client, host, "/")
    assert client.get(detail, HTTP_HOST=host).status_code == 200
    assert f"legal_document:{private.pk}" in _search_ids(client, host, "8/KH-UBND")

    privacy(LegalDocumentPage.objects.get(pk=private.pk), "password", password=SECRET)

    for path in ("/van-ban/", "/van-ban/?q=noi+bo+mat", "/"):
        html = _text(client, host, path)
        assert "Kế hoạch nội bộ mật" not in html and "8/KH-UBND" not in html, path
    assert "Kế hoạch công khai" in _text(client, host, "/van-ban/")
    listed = client.get("/api/legal-documents/", HTTP_HOST=host).json()
    assert [r["id"] for r in listed["results"]] == [public.pk]
    assert client.get(detail, HTTP_HOST=host).status_code == 404
    assert client.get(f"/api/legal-documents/{public.pk}/", HTTP_HOST=host).status_code == 200
    assert f"legal_document:{private.pk}" not in _search_ids(client, host, "8/KH-UBND")
    assert f"legal_document:{private.pk}" not in _search_ids(client, "camau.localhost", "8/KH-UBND")


# -- documents (files) -----------------------------------------------------------
@pytest.fixture
def files(network):
    """A public and a password-protected document in ward_a's collection tree, and an image."""
    Document = get_document_model()
    parent = network.ward_a.collection or Collection.get_first_root_node()
    secret = parent.add_child(name="Hồ sơ mật")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="password", password=SECRET)
    public = Document(title="Công khai", collection=parent)
    public.file.save("cong-khai.txt", ContentFile(b"public-content"), save=False)
    public.save()
    private = Document(title="Mật", collection=secret)
    private.file.save("mat.txt", ContentFile(b"private-content"), save=False)
    private.save()
    image = get_image_model()(title="Ảnh", collection=parent, file=get_test_image_file())
    image.save()
    return {"public": public, "private": private, "image": image, "secret": secret}


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_private_collection_file_needs_the_password(files, client):
    host = "a.camau.localhost"
    public, private = files["public"], files["private"]
    response = client.get(public.url, HTTP_HOST=host)
    assert response.status_code == 200 and _body(response) == b"public-content"
    assert public.url == reverse("wagtaildocs_serve", args=[public.pk, public.filename])  # serve_view, not /media/

    refused = client.get(private.url, HTTP_HOST=host)
    assert b"private-content" not in _body(refused) and 'name="password"' in _body(refused).decode()
    restriction = files["secret"].view_restrictions.get()
    action = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    client.post(action, {"password": "sai", "return_url": private.url}, HTTP_HOST=host)
    assert b"private-content" not in _body(client.get(private.url, HTTP_HOST=host))
    client.post(action, {"password": SECRET, "return_url": private.url}, HTTP_HOST=host)
    assert _body(client.get(private.url, HTTP_HOST=host)) == b"private-content"


@pytest.mark.parametrize("debug", [False, True])
def test_media_route_never_serves_document_files(files, client, settings, debug):
    settings.DEBUG = debug
    host = "a.camau.localhost"
    for document in (files["private"], files["public"]):
        name = document.file.name  # documents/<file>
        for path in (name, f"./{name}", f"original_images/../{name}", name.upper(), f"/{name}", "documents/"):
            response = client.get(f"/media/{path}", HTTP_HOST=host)
            assert response.status_code == 404, path
            assert b"-content" not in _body(response)
    image = client.get(f"/media/{files['image'].file.name}", HTTP_HOST=host)
    assert image.status_code == 200  # images are still served
    assert client.get("/media/../cms/settings.py", HTTP_HOST=host).status_code in (400, 404)


def test_text_of_files_in_a_private_collection_is_not_searchable(
    ld,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
    indexed,
):
    host = "a.camau.localhost"
    page = add_document(
        ld.ward_a,
        number_symbol="9/QĐ-UBND",
        summary="Quyết định về nhân sự",
        files={"qd.pdf": make_pdf(["Dieu 1. Phuong an sap xep bi mat"])},
    )
    indexed()
    doc_id = f"legal_document:{page.pk}"
    assert doc_id in _search_ids(client, host, "phuong an sap xep")
    assert "Quyết định về nhân sự" in _text(client, host, "/van-ban/?q=phuong+an+sap+xep")
    file = page.files.get().document
    admin = make_user("netadmin2", superuser=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):  # the admin's collection privacy dialog
        response = client.post(
            reverse("wagtailadmin_collections:set_privacy", args=[file.collection_id]),
            {"restriction_type": "password", "password": SECRET},
            HTTP_HOST=host,
        )
    client.logout()
    assert response.status_code == 200 and CollectionViewRestriction.objects.filter(collection=file.collection).exists()

    # The document (a public page) is still found by its own words, not by its file's.
    assert doc_id in _search_ids(client, host, "9/QĐ-UBND")
    assert doc_id not in _search_ids(client, host, "phuong an sap xep")
    assert "Quyết định về nhân sự" not in _text(client, host, "/van-ban/?q=phuong+an+sap+xep")

    with django_capture_on_commit_callbacks(execute=True):  # public again
        CollectionViewRestriction.objects.filter(collection=file.collection).delete()
    assert doc_id in _search_ids(client, host, "phuong an sap xep")
    assert "Quyết định về nhân sự" in _text(client, host, "/van-ban/?q=phuong+an+sap+xep")


def test_moderator_of_another_portal_cannot_make_pages_private(news_site, network, client):  # noqa: F811
    article = news_site["articles"][0]
    moderator_b = make_user("moderator_b", [network.ward_b.moderators_group])
    client.force_login(moderator_b)
    response = client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[article.pk]),
        {"restriction_type": "password", "password": SECRET},
        HTTP_HOST="b.camau.localhost",
    )
    assert response.status_code in (302, 403, 404)
    assert not PageViewRestriction.objects.exists()
