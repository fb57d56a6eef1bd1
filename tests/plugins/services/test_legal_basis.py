"""A procedure's legal basis links to the real legal documents plugin through the
registry service ``legal_documents.find_document_url`` (no fake: the documents are
created through the legal documents plugin's own import code path)."""

import pytest
from wagtail.models import PageViewRestriction

from registry.plugins import registry
from sites.provisioning import set_portal_plugins
from tests.plugins.legal_documents.conftest import add_document

pytestmark = pytest.mark.django_db

LAW = "Luật Hộ tịch số 60/2014/QH13"
DECREE = "Nghị định số 123/2015/NĐ-CP"


@pytest.fixture
def cited(catalogue, network):
    """The birth registration procedure citing a law and a decree; the province publishes the law."""
    for portal in (network.province, network.ward_a):
        set_portal_plugins(portal, sorted({*portal.enabled_plugins, "legal_documents", "services"}))
    procedure = catalogue["ks"]
    procedure.legal_basis = f"{LAW}\n{DECREE}"
    procedure.save()
    law = add_document(network.province, number_symbol="60/2014/QH13", summary="Luật Hộ tịch", issued_on="20/11/2014")
    return procedure, law


def legal_basis_html(portal_client, portal):
    response = portal_client(portal).get("/thu-tuc/1.000001.H12/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="services-legal"') :]


def test_the_legal_documents_plugin_provides_the_lookup(cited):
    _procedure, law = cited
    find = registry.service("legal_documents.find_document_url")
    assert find is not None
    assert find("60/2014/QH13") == law.get_url()
    assert find("60/2014/qh13") == law.get_url()  # folded
    assert find("999/2099/QH99") is None
    assert find("") is None


def test_a_ward_procedure_links_to_the_provinces_document(cited, network, portal_client):
    _procedure, law = cited
    html = legal_basis_html(portal_client, network.ward_a)
    # The law lives on the province's portal: an absolute link to that portal.
    absolute = law.get_url(current_site=network.ward_a.site)
    assert absolute.startswith("http://camau.localhost/van-ban/")
    assert f'<a href="{absolute}">{LAW}</a>' in html
    assert f"<li>{DECREE}</li>" in html  # no such document: plain text
    # On the province itself the link is relative, and it opens the document.
    html = legal_basis_html(portal_client, network.province)
    relative = law.get_url(current_site=network.province.site)
    assert relative.startswith("/") and f'<a href="{relative}">{LAW}</a>' in html
    document = portal_client(network.province).get(relative)
    assert document.status_code == 200 and "60/2014/QH13" in document.content.decode()


def test_the_portals_own_copy_wins(cited, network, portal_client):
    own = add_document(
        network.ward_a, number_symbol="60/2014/QH13", summary="Luật Hộ tịch (bản của phường)", issued_on="20/11/2014"
    )
    html = legal_basis_html(portal_client, network.ward_a)
    assert f'<a href="{own.get_url(current_site=network.ward_a.site)}">{LAW}</a>' in html
    assert "http://camau.localhost" not in html


@pytest.mark.parametrize("hide", ["private", "unpublished", "plugin_off"])
def test_a_document_the_public_cannot_open_is_not_linked(cited, network, portal_client, hide):
    _procedure, law = cited
    if hide == "private":
        PageViewRestriction.objects.create(page=law, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau")
    elif hide == "unpublished":
        law.unpublish()
    else:
        set_portal_plugins(network.province, [p for p in network.province.enabled_plugins if p != "legal_documents"])
    html = legal_basis_html(portal_client, network.ward_a)
    assert f"<li>{LAW}</li>" in html
    assert "<a href" not in html.split("</ul>")[0]


def test_the_viewing_portal_needs_no_legal_documents_of_its_own(cited, network, portal_client):
    """Switched off on the ward: the ward publishes no documents, yet its procedures
    still cite the province's published law (the link does not answer 404)."""
    set_portal_plugins(network.ward_a, [p for p in network.ward_a.enabled_plugins if p != "legal_documents"])
    html = legal_basis_html(portal_client, network.ward_a)
    assert f">{LAW}</a>" in html
