"""Public pages: the list with filters, the detail page, statistics, exports, blocks."""

import csv
import io

import pytest
from openpyxl import load_workbook

from plugins.services.stats import compute
from sites.models import BlockPlacement
from tests.plugins.services.conftest import make_procedure

pytestmark = pytest.mark.django_db


def test_ward_lists_its_tier_and_its_agency(catalogue, network, portal_client):
    response = portal_client(network.ward_a).get("/thu-tuc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Cấp giấy xác nhận riêng của phường An Xuyên" in html  # its own agency
    assert "Đăng ký thành lập công ty cổ phần" not in html  # province tier only
    assert "Thủ tục đã hết hiệu lực" not in html
    assert "Tìm thấy 7 thủ tục" in html
    html = portal_client(network.ward_b).get("/thu-tuc/").content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Cấp giấy xác nhận riêng" not in html


def test_cached_pages_follow_catalogue_changes(catalogue, network, portal_client):
    client = portal_client(network.ward_a)
    assert "Đăng ký khai sinh" in client.get("/thu-tuc/").content.decode()
    assert client.get("/thu-tuc/")["X-Cache"] == "HIT"
    procedure = catalogue["ks"]
    procedure.name_vi = "Đăng ký khai sinh (đã cập nhật)"
    procedure.save()
    assert "Đăng ký khai sinh (đã cập nhật)" in client.get("/thu-tuc/").content.decode()


def test_province_lists_the_whole_catalogue_with_tier_filter(catalogue, network, portal_client):
    client = portal_client(network.province)
    html = client.get("/thu-tuc/").content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký thành lập công ty cổ phần" in html
    html = client.get("/thu-tuc/?tier=province").content.decode()
    assert "Đăng ký thành lập công ty cổ phần" in html
    assert "Đăng ký khai sinh" not in html
    response = client.get("/en/thu-tuc/")
    assert response.status_code == 200
    assert "Administrative procedures" in response.content.decode()


def test_filters_field_level_and_text(catalogue, network, portal_client):
    client = portal_client(network.ward_a)
    html = client.get("/thu-tuc/?field=chung-thuc").content.decode()
    assert "Chứng thực chữ ký" in html and "Đăng ký khai sinh" not in html
    html = client.get("/thu-tuc/?level=toan-trinh").content.decode()
    assert "Đăng ký kết hôn" in html and "Chứng thực chữ ký" not in html
    # Text search without diacritics, and by code.
    html = client.get("/thu-tuc/?q=khai+sinh").content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký kết hôn" not in html
    html = client.get("/thu-tuc/?q=%C4%90%C4%83ng+k%C3%BD+k%E1%BA%BFt").content.decode()  # "Đăng ký kết"
    assert "Đăng ký kết hôn" in html and "Đăng ký khai sinh" not in html
    html = client.get("/thu-tuc/?q=1.000004").content.decode()
    assert "Chứng thực chữ ký" in html and "Đăng ký khai sinh" not in html


def test_bad_filters_and_pages_get_a_message_not_an_error(catalogue, network, portal_client):
    client = portal_client(network.ward_a)
    response = client.get("/thu-tuc/?field=khong-co&level=xyz")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lĩnh vực này không tồn tại" in html
    assert "Đăng ký khai sinh" in html  # the bad filters are ignored
    for page in ("abc", "0", "-1", "99999", "1" * 40):  # no such page: cms.pagination's 404, with the message
        response = client.get(f"/thu-tuc/?field=khong-co&page={page}")
        assert response.status_code == 404, page
        html = response.content.decode()
        assert "danh sách này có các trang từ 1 đến 1" in html and 'href="?field=khong-co"' in html, page
        assert "Đăng ký khai sinh" not in html, page
    assert client.get("/thu-tuc/?q=" + "x" * 5000).status_code == 200


def test_a_wrong_filter_is_reported_and_the_others_still_apply(catalogue, network, portal_client):
    response = portal_client(network.ward_a).get("/thu-tuc/?field=khong-co&level=mot-phan")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Lĩnh vực này không tồn tại; đang hiển thị tất cả lĩnh vực." in html
    assert {p.level.code for p in response.context["procedures"]} == {"mot-phan"}  # level=mot-phan still applies
    assert catalogue["ct"] in response.context["procedures"]
    assert 'id="procedure-filter-level"' in html and 'value="mot-phan" selected' in html


def test_list_pages_with_the_shared_pager(network, portal_client):
    for n in range(45):  # 3 pages of 20, all of the "ho-tich" field
        make_procedure(f"9.{n:06d}.H12", f"Thủ tục thử số {n:02d}")
    client = portal_client(network.ward_a)
    html = client.get("/thu-tuc/?field=ho-tich").content.decode()
    assert 'aria-label="Phân trang"' in html and "Trang 1 / 3" in html
    assert 'href="?field=ho-tich&amp;page=2" rel="next"' in html  # the filter is kept
    last = client.get("/thu-tuc/?field=ho-tich&page=3")
    assert last.status_code == 200 and len(last.context["procedures"]) == 5
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    past = client.get("/thu-tuc/?field=ho-tich&page=4")
    assert past.status_code == 404
    assert "Trang “4” không tồn tại: danh sách này có các trang từ 1 đến 3." in past.content.decode()


def test_detail_shows_every_section(catalogue, network, portal_client):
    from plugins.services.models import RequiredDocument, SubmissionMethod

    procedure = catalogue["ks"]
    procedure.steps = "Bước 1: Nộp hồ sơ."
    procedure.applicants = "Công dân Việt Nam"
    procedure.requirements = "Không"
    procedure.result = "Giấy khai sinh"
    procedure.legal_basis = "Luật Hộ tịch số 60/2014/QH13"
    procedure.online_url = "https://dichvucong.gov.vn/thu-tuc/1.000001"
    procedure.save()
    SubmissionMethod.objects.create(procedure=procedure, method="online", processing_time="Trong ngày", fees="Miễn lệ phí")
    RequiredDocument.objects.create(procedure=procedure, name="Tờ khai đăng ký khai sinh", originals=1, copies=0)
    response = portal_client(network.ward_a).get("/thu-tuc/1.000001.H12/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "1.000001.H12",
        "Hộ tịch",
        "Toàn trình",
        "Bước 1: Nộp hồ sơ.",
        "Trực tuyến",
        "Trong ngày",
        "Miễn lệ phí",
        "Tờ khai đăng ký khai sinh",
        "Công dân Việt Nam",
        "Giấy khai sinh",
        "Luật Hộ tịch số 60/2014/QH13",
        'href="https://dichvucong.gov.vn/thu-tuc/1.000001"',
        "Phường",
    ):
        assert text in html, text
    # Unknown codes and procedures that do not apply to the portal answer 404.
    assert portal_client(network.ward_a).get("/thu-tuc/9.999999.H12/").status_code == 404
    assert portal_client(network.ward_b).get("/thu-tuc/2.000005.H12/").status_code == 404  # ward_a's own
    assert portal_client(network.ward_a).get("/thu-tuc/2.000005.H12/").status_code == 200


def test_statistics_exact_counts_and_percentages(catalogue, network):
    stats = compute(portal=network.province)
    # 11 in force: 4 full online (3 commune + 1 province), 2 partial, 1 level 3, 1 level 2, 3 not online.
    assert stats.total == 11
    assert stats.online == 7  # full 4 + partial 2 + level 3
    assert stats.online_percent == 63.6
    levels = {row.code: (row.count, row.percent) for row in stats.levels}
    assert levels["toan-trinh"] == (4, 36.4)
    assert levels["mot-phan"] == (2, 18.2)
    assert levels["muc-do-3"] == (1, 9.1)
    assert levels["muc-do-2"] == (1, 9.1)
    assert levels[""] == (3, 27.3)
    assert "muc-do-4" not in levels  # legacy levels with no procedure are left out
    tiers = {row.code: (row.count, row.online, row.online_percent) for row in stats.tiers}
    assert tiers["ward"] == (6, 4, 66.7)
    assert tiers["province"] == (5, 3, 60.0)
    agencies = {row.name: (row.count, row.online) for row in stats.agencies}
    assert agencies["Ủy ban nhân dân cấp xã"] == (6, 4)
    assert agencies["Sở Nông nghiệp và Môi trường"] == (2, 0)
    assert agencies["Phường An Xuyên"] == (1, 1)

    ward = compute(portal=network.ward_a)
    assert (ward.total, ward.online) == (7, 5)


def test_statistics_page_shows_vietnamese_numbers_and_chart(catalogue, network, portal_client):
    response = portal_client(network.province).get("/thu-tuc/thong-ke/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "11 thủ tục hành chính" in html
    assert "63,6%" in html and "36,4%" in html
    assert 'class="services-bars"' in html and "width: 36.4%" in html
    assert "3 / 5 (60,0%)" in html  # province tier: online share bar
    assert "<caption>" in html

    client = portal_client(network.province)
    response = client.get("/thu-tuc/thong-ke.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2:] == ["11", "100.0", "7", "63.6"]
    assert ["Mức độ trực tuyến", "Toàn trình", "4", "36.4", "4", "100.0"] in rows

    from tests.plugins.services.conftest import make_procedure

    make_procedure("4.000001.H12", "Thủ tục thử", agency_name='=HYPERLINK("http://evil.example")')
    rows = list(csv.reader(io.StringIO(client.get("/thu-tuc/thong-ke.csv").content.decode("utf-8-sig"))))
    assert any(row[1] == '\'=HYPERLINK("http://evil.example")' for row in rows)  # kept as text, not a formula

    response = client.get("/thu-tuc/thong-ke.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row[1] == "Toàn trình" and row[2] == 5 and row[3] == 41.7 for row in values if row and len(row) > 3)


def test_plugin_off_answers_404(catalogue, network, portal_client):
    network.ward_b.enabled_plugins = [p for p in network.ward_b.enabled_plugins if p != "services"]
    network.ward_b.save()
    for path in ("/thu-tuc/", "/thu-tuc/thong-ke/", "/thu-tuc/1.000001.H12/", "/api/procedures/"):
        assert portal_client(network.ward_b).get(path).status_code == 404, path


def test_stats_block_on_home_page(catalogue, network, portal_client):
    home = network.ward_a.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="services.stats", title="Dịch vụ công", limit=3)
    BlockPlacement.objects.create(page=home, slot="sidebar", block="services.search", title="Tra cứu thủ tục", limit=3)
    html = portal_client(network.ward_a).get("/").content.decode()
    assert "block-services-stats" in html
    assert "5 / 7 thủ tục trực tuyến (71,4%)" in html
    assert "block-services-search" in html


def _count_queries(client, path):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200, path
    return len(context)


PATHS = ("/thu-tuc/", "/thu-tuc/thong-ke/", "/thu-tuc/1.000001.H12/", "/api/procedures/", "/api/procedures/stats/", "/")


def test_query_counts_do_not_grow_with_the_catalogue(catalogue, network, portal_client, django_assert_max_num_queries):
    from plugins.services.models import RequiredDocument, SubmissionMethod
    from tests.plugins.services.conftest import make_procedure

    home = network.ward_a.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="sidebar", block="services.stats", title="Dịch vụ công", limit=3)
    client = portal_client(network.ward_a)
    client.get("/thu-tuc/")
    before = {path: _count_queries(client, path) for path in PATHS}
    for i in range(30):
        procedure = make_procedure(f"3.{i:06d}.H12", f"Thủ tục thử nghiệm {i}", field="van-hoa", agency_name=f"Cơ quan {i}")
        SubmissionMethod.objects.create(procedure=procedure, method="online", processing_time="1 ngày")
        RequiredDocument.objects.create(procedure=procedure, name="Đơn")
    for path in PATHS:
        with django_assert_max_num_queries(before[path]):
            assert client.get(path).status_code == 200
        assert before[path] <= 30, (path, before[path])
