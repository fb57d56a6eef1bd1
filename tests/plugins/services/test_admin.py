"""Admin: agency editors see and edit only their agency's procedures; the network
admin edits the whole catalogue and its lists; nothing leaks through guessed IDs."""

import pytest
from django.urls import reverse

from plugins.services.models import Procedure, ProcedureField

from .conftest import make_procedure

pytestmark = pytest.mark.django_db

SECRET = "Thủ tục nội bộ phường An Xuyên"
BASE = "wagtailsnippets_services_procedure"


@pytest.fixture
def own_procedures(network):
    mine = make_procedure("9.000001.H12", SECRET, tiers=("province",), agency_portal=network.ward_a)
    theirs = make_procedure("9.000002.H12", "Thủ tục của phường Tân Thành", tiers=("province",), agency_portal=network.ward_b)
    shared = make_procedure("9.000003.H12", "Thủ tục chung của mạng", tiers=("ward",))
    return mine, theirs, shared


def routes(procedure):
    return [
        reverse(f"{BASE}:edit", args=[procedure.pk]),
        reverse(f"{BASE}:delete", args=[procedure.pk]),
        reverse(f"{BASE}:history", args=[procedure.pk]),
        reverse(f"{BASE}:usage", args=[procedure.pk]),
        reverse(f"{BASE}:inspect", args=[procedure.pk]),
        reverse("wagtailsnippetchoosers_services_procedure:chosen", args=[procedure.pk]),
    ]


def test_agency_editor_sees_only_their_agency(client, network, own_procedures):
    mine, theirs, shared = own_procedures
    client.force_login(network.editor_a)
    listing = client.get(reverse(f"{BASE}:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert SECRET in html
    assert "Thủ tục của phường Tân Thành" not in html
    assert "Thủ tục chung của mạng" not in html
    chooser = client.get(reverse("wagtailsnippetchoosers_services_procedure:choose")).json()["html"]
    assert SECRET in chooser and "Thủ tục của phường Tân Thành" not in chooser
    assert client.get(reverse(f"{BASE}:edit", args=[mine.pk])).status_code == 200


def test_other_editor_is_refused_everywhere_with_no_data(client, network, own_procedures):
    mine, theirs, shared = own_procedures
    client.force_login(network.editor_b)
    listing = client.get(reverse(f"{BASE}:list")).content.decode()
    assert SECRET not in listing
    chooser = client.get(reverse("wagtailsnippetchoosers_services_procedure:choose") + "?q=An+Xuy%C3%AAn").json()["html"]
    assert SECRET not in chooser
    for url in (
        routes(mine) + routes(shared) + [reverse(f"{BASE}:edit", args=[999999]), "/admin/snippets/services/procedure/edit/abc/"]
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        body = response.content.decode(errors="replace")
        assert SECRET not in body and "9.000001.H12" not in body
    client.post(reverse(f"{BASE}:delete", args=[mine.pk]))
    client.post(reverse(f"{BASE}:edit", args=[mine.pk]), {"code": mine.code, "name_vi": "Đã bị sửa"})
    mine.refresh_from_db()
    assert mine.name == SECRET


def test_editor_cannot_create_a_procedure_for_another_agency(client, network):
    client.force_login(network.editor_b)
    form = client.get(reverse(f"{BASE}:add"))
    assert form.status_code == 200
    choices = list(form.context["form"].fields["agency_portal"].queryset)
    assert choices == [network.ward_b]  # the agency choice offers only their portals
    field = ProcedureField.objects.get(code="ho-tich")
    data = {
        "code": "9.100001.H12",
        "name_vi": "Thủ tục mới",
        "name_en": "",
        "field": field.pk,
        "level": "",
        "agency_name": "UBND phường",
        "agency_portal": network.ward_a.pk,
        "online_url": "",
        "steps": "",
        "applicants": "",
        "requirements": "",
        "result": "",
        "legal_basis": "",
        "methods-TOTAL_FORMS": 0,
        "methods-INITIAL_FORMS": 0,
        "methods-MIN_NUM_FORMS": 0,
        "methods-MAX_NUM_FORMS": 1000,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
        "documents-MIN_NUM_FORMS": 0,
        "documents-MAX_NUM_FORMS": 1000,
    }
    client.post(reverse(f"{BASE}:add"), data)
    assert not Procedure.objects.filter(code="9.100001.H12").exists()
    data["agency_portal"] = ""
    client.post(reverse(f"{BASE}:add"), data)
    assert not Procedure.objects.filter(code="9.100001.H12").exists()
    data["agency_portal"] = network.ward_b.pk
    data["online_url"] = "javascript:alert(1)"
    response = client.post(reverse(f"{BASE}:add"), data)
    assert not Procedure.objects.filter(code="9.100001.H12").exists()
    assert "online_url" in response.context["form"].errors, response.context["form"].errors
    assert "http://" in str(response.context["form"].errors["online_url"])  # the message names the allowed schemes
    data["online_url"] = "https://dichvucong.gov.vn/p/9.100001"
    data["code"] = "9/100001 H12"  # would break the procedure's address
    response = client.post(reverse(f"{BASE}:add"), data)
    assert "code" in response.context["form"].errors
    data["code"] = "9.100001.H12"
    response = client.post(reverse(f"{BASE}:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Procedure.objects.get(code="9.100001.H12")
    assert created.agency_portal == network.ward_b


def test_catalogue_lists_are_for_network_admins_only(client, network):
    field = ProcedureField.objects.get(code="ho-tich")
    for user in (network.editor_a, network.moderator_a):
        client.force_login(user)
        for url in (
            reverse("wagtailsnippets_services_procedurefield:list"),
            reverse("wagtailsnippets_services_procedurefield:edit", args=[field.pk]),
            reverse("wagtailsnippets_services_servicelevel:list"),
        ):
            assert client.get(url).status_code in (302, 403, 404), url
    client.force_login(network.network_admin)
    assert client.get(reverse("wagtailsnippets_services_procedurefield:list")).status_code == 200
    assert "Hộ tịch" in client.get(reverse("wagtailsnippets_services_procedurefield:list")).content.decode()
    assert client.get(reverse("wagtailsnippets_services_servicelevel:list")).status_code == 200


def test_network_admin_sees_the_whole_catalogue(client, network, own_procedures):
    client.force_login(network.network_admin)
    html = client.get(reverse(f"{BASE}:list")).content.decode()
    for procedure in own_procedures:
        assert procedure.name in html
    assert client.get(reverse(f"{BASE}:edit", args=[own_procedures[2].pk])).status_code == 200


def _exported(client, export_format):
    import csv
    import io

    from openpyxl import load_workbook

    response = client.get(reverse(f"{BASE}:list") + f"?export={export_format}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        assert content.startswith("\ufeff".encode())  # spreadsheet programs read it as UTF-8
        return response, list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return response, [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_agency_editor_downloads_only_their_procedures(client, network, own_procedures, export_format):
    mine, theirs, shared = own_procedures
    mine.online_url = "https://dichvucong.gov.vn/p/9.000001"
    mine.legal_basis = '=HYPERLINK("http://evil.example")'
    mine.save()
    client.force_login(network.editor_a)
    listing = client.get(reverse(f"{BASE}:list")).content.decode()
    assert "?export=csv" in listing and "?export=xlsx" in listing  # Wagtail's download buttons
    response, rows = _exported(client, export_format)
    assert (
        response["Content-Disposition"].startswith("attachment")
        and f"thu-tuc-hanh-chinh.{export_format}" in response["Content-Disposition"]
    )
    header, *data = rows
    assert header == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Lĩnh vực",
        "Mức độ trực tuyến",
        "Cấp thực hiện",
        "Cơ quan thực hiện",
        "Cổng của cơ quan",
        "Căn cứ pháp lý",
        "Địa chỉ dịch vụ công",
        "Ngày hiệu lực",
        "Ngày hết hiệu lực",
    ]
    assert [row[0] for row in data] == ["9.000001.H12"]  # not ward B's, not the network's
    row = dict(zip(header, data[0]))
    assert row["Tên thủ tục"] == SECRET
    assert row["Lĩnh vực"] == "Hộ tịch" and row["Mức độ trực tuyến"] == "Toàn trình"
    assert row["Cấp thực hiện"] == "Cấp tỉnh"
    assert row["Cổng của cơ quan"] == "a.camau.localhost"
    assert row["Địa chỉ dịch vụ công"] == "https://dichvucong.gov.vn/p/9.000001"
    # A text a spreadsheet would run as a formula stays text.
    expected = '\'=HYPERLINK("http://evil.example")' if export_format == "csv" else '=HYPERLINK("http://evil.example")'
    assert row["Căn cứ pháp lý"] == expected


def test_network_admin_downloads_the_whole_catalogue(client, network, own_procedures):
    client.force_login(network.network_admin)
    _response, rows = _exported(client, "csv")
    assert {row[0] for row in rows[1:]} == {"9.000001.H12", "9.000002.H12", "9.000003.H12"}


def test_another_editor_downloads_nothing_of_ward_a(client, network, own_procedures):
    client.force_login(network.editor_b)
    for export_format in ("csv", "xlsx"):
        _response, rows = _exported(client, export_format)
        assert [row[0] for row in rows[1:]] == ["9.000002.H12"]
        assert SECRET not in str(rows)
