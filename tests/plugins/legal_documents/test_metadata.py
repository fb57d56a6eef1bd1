import datetime

import pytest
from django.core.exceptions import ValidationError

from plugins.legal_documents import symbols
from plugins.legal_documents.models import LegalDocumentPage, Validity, validity_q

from .conftest import add_document

TODAY = datetime.date(2025, 6, 15)


@pytest.mark.parametrize(
    "typed, number, year, type_code, issuer_code, folded",
    [
        ("17/NQ-CP", "17", None, "NQ", "CP", "17/NQ-CP"),
        ("42/2022/NĐ-CP", "42", 2022, "NĐ", "CP", "42/2022/ND-CP"),
        ("1234/QĐ-UBND", "1234", None, "QĐ", "UBND", "1234/QD-UBND"),
        ("04/TTr-SNgV", "04", None, "TTr", "SNgV", "04/TTR-SNGV"),
        ("3364/VPCP-KSTT", "3364", None, "VPCP", "KSTT", "3364/VPCP-KSTT"),
        (" 12 / QĐ - UBND ", "12", None, "QĐ", "UBND", "12/QD-UBND"),
    ],
)
def test_symbols_parse_as_written(typed, number, year, type_code, issuer_code, folded):
    parsed = symbols.parse(typed)
    assert (parsed.number, parsed.year, parsed.type_code, parsed.issuer_code) == (number, year, type_code, issuer_code)
    assert symbols.fold(typed) == folded


@pytest.mark.parametrize("typed", ["", "QĐ-UBND", "số 12 ngày 3/4", "12/", "/QĐ-UBND"])
def test_unparseable_symbols_are_none(typed):
    assert symbols.parse(typed) is None


def test_fold_text_drops_diacritics_and_d_stroke():
    assert symbols.fold_text("Quyết định ĐẤT ĐAI  hòa") == "quyet dinh dat dai hoa"


def _doc(**kwargs):
    return LegalDocumentPage(issued_on=kwargs.pop("issued_on", datetime.date(2025, 1, 1)), **kwargs)


@pytest.mark.parametrize(
    "effective, expires, override, expected",
    [
        (None, None, "", Validity.IN_FORCE),
        (datetime.date(2025, 7, 1), None, "", Validity.NOT_YET),
        (datetime.date(2025, 6, 15), None, "", Validity.IN_FORCE),
        (datetime.date(2025, 2, 1), datetime.date(2025, 6, 15), "", Validity.EXPIRED),
        (datetime.date(2025, 2, 1), datetime.date(2025, 6, 16), "", Validity.IN_FORCE),
        (datetime.date(2025, 2, 1), None, Validity.PARTIAL, Validity.PARTIAL),
        (datetime.date(2025, 2, 1), datetime.date(2025, 3, 1), Validity.IN_FORCE, Validity.IN_FORCE),
    ],
)
def test_validity_is_derived_from_dates_unless_set(effective, expires, override, expected):
    doc = _doc(effective_from=effective, expires_on=expires, validity_override=override)
    assert doc.get_validity(TODAY) == expected


def test_effective_date_before_issue_date_is_refused():
    doc = _doc(issued_on=datetime.date(2025, 3, 1), effective_from=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError) as info:
        doc.clean()
    assert "effective_from" in info.value.message_dict


def test_expiry_must_follow_effective_date():
    doc = _doc(effective_from=datetime.date(2025, 3, 1), expires_on=datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError) as info:
        doc.clean()
    assert "expires_on" in info.value.message_dict


def test_validity_filter_agrees_with_the_property(ld):
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    made = [
        add_document(ld.ward_a, number_symbol="1/QĐ-UBND", issued_on=(today - 10 * day).strftime("%d/%m/%Y")),
        add_document(
            ld.ward_a,
            number_symbol="2/QĐ-UBND",
            issued_on=(today - 10 * day).strftime("%d/%m/%Y"),
            effective_from=(today + 5 * day).strftime("%d/%m/%Y"),
        ),
        add_document(
            ld.ward_a,
            number_symbol="3/QĐ-UBND",
            issued_on=(today - 10 * day).strftime("%d/%m/%Y"),
            expires_on=today.strftime("%d/%m/%Y"),
        ),
        add_document(ld.ward_a, number_symbol="4/QĐ-UBND", issued_on=(today - 10 * day).strftime("%d/%m/%Y"), validity="partial"),
    ]
    assert [d.validity for d in made] == ["in_force", "not_yet", "expired", "partial"]
    for status in Validity.values:
        found = set(LegalDocumentPage.objects.filter(validity_q(status)).values_list("pk", flat=True))
        assert found == {d.pk for d in made if d.validity == status}, status


def test_saved_document_keeps_symbol_as_typed_and_folded_portal_from_tree(ld):
    page = add_document(ld.ward_a, number_symbol="42/2022/NĐ-CP", type="nghi-dinh", issuer="chinh-phu")
    assert page.number_symbol == "42/2022/NĐ-CP"
    assert page.symbol_folded == "42/2022/ND-CP"
    assert page.number == "42" and page.symbol_parsed
    assert page.portal == ld.ward_a
    odd = add_document(ld.ward_a, number_symbol="Số hiệu lạ", summary="Văn bản không có ký hiệu chuẩn")
    assert odd.number_symbol == "Số hiệu lạ" and not odd.symbol_parsed


def test_relations_are_shown_both_ways(ld, portal_client):
    old = add_document(ld.ward_a, number_symbol="10/QĐ-UBND", summary="Quy chế cũ")
    new = add_document(ld.ward_a, number_symbol="20/QĐ-UBND", summary="Quy chế mới", relations="replaces:10/QĐ-UBND")
    assert [(str(label), doc.pk) for label, doc in new.related_documents()] == [("Thay thế", old.pk)]
    assert [(str(label), doc.pk) for label, doc in old.related_documents()] == [("Được thay thế bởi", new.pk)]
    html = portal_client(ld.ward_a).get(old.url).content.decode()
    assert "Được thay thế bởi" in html and "20/QĐ-UBND" in html
    html = portal_client(ld.ward_a).get(new.url).content.decode()
    assert "Thay thế" in html and "10/QĐ-UBND" in html


def test_reimport_updates_instead_of_duplicating(ld):
    first = add_document(ld.ward_a, number_symbol="55/KH-UBND", type="ke-hoach", summary="Kế hoạch A")
    second = add_document(ld.ward_a, number_symbol="55/KH-UBND", type="ke-hoach", summary="Kế hoạch A (sửa)")
    assert first.pk == second.pk
    assert LegalDocumentPage.objects.filter(symbol_folded="55/KH-UBND").count() == 1
    assert LegalDocumentPage.objects.get(pk=first.pk).title == "Kế hoạch A (sửa)"
