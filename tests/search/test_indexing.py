"""No index update is lost: operations are recorded in the same transaction and
applied after commit; while the engine is down they wait."""

import pytest
from django.core.management import call_command
from django.db import transaction

from search.engines import use_engine
from search.engines.database import DatabaseEngine
from search.indexing import apply_pending
from search.models import IndexOperation, SearchEntry
from search.pages import page_provider
from search.query import SearchQuery
from sites.models import StandardPage
from tests.testplugin.models import Gadget

from .conftest import FailingEngine


@pytest.fixture
def db_engine(db):
    engine = DatabaseEngine()
    use_engine(engine)
    yield engine
    use_engine(None)


def found(text, **kwargs):
    return [hit.id for hit in DatabaseEngine().search(SearchQuery(text=text, **kwargs)).hits]


@pytest.fixture
def searchtest_on(network):
    for portal in (network.ward_a, network.ward_b):
        portal.enabled_plugins = [*portal.enabled_plugins, "searchtest"]
        portal.save()
    IndexOperation.objects.all().delete()
    return network


def test_save_records_operation_and_commit_applies_it(
    db_engine, gadget_provider, searchtest_on, django_capture_on_commit_callbacks
):
    network = searchtest_on
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        gadget = Gadget.objects.create(portal=network.ward_a, name="Máy đo nồng độ")
        assert IndexOperation.objects.filter(object_pk=str(gadget.pk), kind="gadget").count() == 1
    assert len(callbacks) >= 1  # the task is queued on commit
    assert found("may do nong do") == [f"gadget:{gadget.pk}"]
    assert IndexOperation.objects.count() == 0
    entry = SearchEntry.objects.get(doc_id=f"gadget:{gadget.pk}")
    assert entry.scope == f" {network.ward_a.pk} {network.province.pk} "


def test_rolled_back_change_records_nothing(db_engine, gadget_provider, searchtest_on):
    with pytest.raises(RuntimeError), transaction.atomic():
        Gadget.objects.create(portal=searchtest_on.ward_a, name="Máy bơm")
        raise RuntimeError("rollback")
    assert IndexOperation.objects.count() == 0


def test_update_and_delete_reach_the_index(db_engine, gadget_provider, searchtest_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gadget = Gadget.objects.create(portal=searchtest_on.ward_a, name="Máy bơm nước")
    with django_capture_on_commit_callbacks(execute=True):
        gadget.name = "Máy phát điện"
        gadget.save()
    assert found("may bom") == [] and found("may phat dien") == [f"gadget:{gadget.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        gadget.delete()
    assert found("may phat dien") == []
    assert IndexOperation.objects.count() == 0


def test_switching_plugin_off_removes_portal_documents(
    db_engine, gadget_provider, searchtest_on, django_capture_on_commit_callbacks
):
    network = searchtest_on
    with django_capture_on_commit_callbacks(execute=True):
        # Different texts: copies of one text would show as one result.
        a = Gadget.objects.create(portal=network.ward_a, name="Thiết bị quan trắc nước")
        b = Gadget.objects.create(portal=network.ward_b, name="Thiết bị quan trắc không khí")
    assert len(found("quan trac")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        network.ward_a.enabled_plugins = [p for p in network.ward_a.enabled_plugins if p != "searchtest"]
        network.ward_a.save()
    assert found("quan trac") == [f"gadget:{b.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        network.ward_a.enabled_plugins = [*network.ward_a.enabled_plugins, "searchtest"]
        network.ward_a.save()
    assert set(found("quan trac")) == {f"gadget:{a.pk}", f"gadget:{b.pk}"}


def test_operations_wait_while_engine_is_down(gadget_provider, searchtest_on, django_capture_on_commit_callbacks):
    failing = FailingEngine()
    use_engine(failing)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            gadget = Gadget.objects.create(portal=searchtest_on.ward_a, name="Trạm bơm tiêu úng")
        op = IndexOperation.objects.get()
        assert op.attempts == 1 and "connection refused" in op.last_error
        result = apply_pending(failing)
        assert result == {"applied": 0, "failed": 1, "pending": 1}
        assert IndexOperation.objects.get().attempts == 2
        assert found("tram bom") == []
        failing.down = False  # the engine is back
        result = apply_pending(failing)
        assert result == {"applied": 1, "failed": 0, "pending": 0}
        assert found("tram bom") == [f"gadget:{gadget.pk}"]
    finally:
        use_engine(None)


def test_provider_error_keeps_its_operation_but_others_apply(db_engine, gadget_provider, searchtest_on, network):
    Gadget.objects.create(portal=network.ward_a, name="Cột đèn")
    home = network.ward_a.site.root_page
    page = StandardPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan")
    home.add_child(instance=page)
    page.save_revision().publish()
    gadget_provider.fail = True
    result = apply_pending(db_engine)
    assert result["failed"] >= 1 and result["pending"] >= 1
    assert found("lich tiep cong dan") == [f"page:{page.pk}"]
    gadget_provider.fail = False
    assert apply_pending(db_engine)["pending"] == 0
    assert len(found("cot den")) == 1


def test_page_publish_unpublish_move_delete(db_engine, network, django_capture_on_commit_callbacks):
    home_a = network.ward_a.site.root_page
    home_b = network.ward_b.site.root_page
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(title="Sơ đồ tổ chức", slug="so-do-to-chuc", summary="Bộ máy phường An Xuyên", live=False)
        home_a.add_child(instance=page)
    assert found("so do to chuc") == []  # a draft is not searchable
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    entry = SearchEntry.objects.get(doc_id=f"page:{page.pk}")
    assert entry.portal_id == network.ward_a.pk and entry.kind == "page"
    assert entry.url == "http://a.camau.localhost/so-do-to-chuc/"
    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.unpublish()
    assert found("so do to chuc") == []
    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.move(home_b, pos="last-child")
    entry = SearchEntry.objects.get(doc_id=f"page:{page.pk}")
    assert entry.portal_id == network.ward_b.pk
    assert entry.url == "http://b.camau.localhost/so-do-to-chuc/"
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=page.pk).delete()
    assert found("so do to chuc") == []
    assert IndexOperation.objects.count() == 0


def test_draft_changes_of_a_live_page_stay_out(db_engine, network, django_capture_on_commit_callbacks):
    home = network.ward_a.site.root_page
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(title="Liên hệ", slug="lien-he")
        home.add_child(instance=page)
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Bản nháp bí mật"
        page.save_revision()
    assert found("ban nhap bi mat") == []
    assert found("lien he") == [f"page:{page.pk}"]


def test_page_provider_documents(network):
    home = network.ward_a.site.root_page
    page = StandardPage(title="Giới thiệu chung", slug="gioi-thieu-chung", summary="Tóm tắt")
    home.add_child(instance=page)
    page.save_revision().publish()
    docs = {doc.id: doc for doc in page_provider.documents(portal=network.ward_a)}
    assert f"page:{page.pk}" in docs and f"page:{home.pk}" in docs
    doc = docs[f"page:{page.pk}"]
    assert doc.kind == "page" and doc.portal_id == network.ward_a.pk and doc.summary == "Tóm tắt"
    assert doc.language == "vi"
    all_docs = list(page_provider.documents())
    assert {d.portal_id for d in all_docs} >= {network.province.pk, network.ward_a.pk, network.ward_b.pk}


def test_rebuild_and_status_commands(db_engine, network, capsys):
    home = network.ward_a.site.root_page
    page = StandardPage(title="Tổ chức bộ máy", slug="to-chuc-bo-may")
    home.add_child(instance=page)
    page.save_revision().publish()
    db_engine.delete_where()
    IndexOperation.objects.all().delete()
    IndexOperation.objects.create(kind="page", object_pk="1", action="upsert", last_error="boom", attempts=3)
    call_command("search_rebuild", "--workers", "2")
    assert found("to chuc bo may") == [f"page:{page.pk}"]
    call_command("search_rebuild", "--portal", "b.camau.localhost")
    assert found("to chuc bo may") == [f"page:{page.pk}"]
    call_command("search_status")
    out = capsys.readouterr().out
    assert "Indexed" in out and "Pending operations: 1" in out and "a.camau.localhost" in out and "boom" in out
    with pytest.raises(Exception, match="nowhere"):
        call_command("search_rebuild", "--portal", "nowhere.localhost")


def test_rich_text_paragraphs_stay_apart_as_words():
    """A paragraph's last word and the next one's first are two words in the index
    ("<p>…đề</p><p>Nội…" read "đềNội" and neither word was found)."""
    from cms.search_contract import html_text
    from search.normalize import parse_query

    text = html_text("<p>Tiêu đề</p><p>Nội dung &amp; VH&amp;TT</p><ul><li>Một</li><li>Hai<br>Ba</li></ul><h2>Kết</h2>")
    assert text.split() == ["Tiêu", "đề", "Nội", "dung", "&", "VH&TT", "Một", "Hai", "Ba", "Kết"]
    assert parse_query(text).terms()[:4] == ["tieu", "de", "noi", "dung"]
