"""The relevance harness (search/evaluation.py, manage.py search_evaluate) and the floor
the network's search must keep on tests/search/judgements.json."""

from __future__ import annotations

import copy
import json
import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from search import evaluation
from search.engines import use_engine
from search.engines.database import DatabaseEngine
from search.evaluation import JudgementError, ndcg

# Scheduled first (tests/conftest.py): about 80 s on a 2-core machine.
pytestmark = pytest.mark.heavy(80)

# Issue #13 asks 0.9; this list's measured means are 0.917 (SQLite) and 0.910
# (PostgreSQL), README: Search relevance. The floor keeps them from sliding back.
FLOOR = 0.9
JUDGEMENTS = Path(__file__).with_name("judgements.json")

# A small judgement file: two portals, two articles and a procedure, three queries.
TINY = {
    "description": "Three documents for the command's own tests.",
    "portals": [
        {"key": "province", "name": "Tỉnh Cà Mau", "level": "province", "parent": None},
        {"key": "phuong1", "name": "Phường An Xuyên", "level": "ward", "parent": "province"},
    ],
    "documents": [
        {
            "id": "n01",
            "kind": "news",
            "portal": "province",
            "title": "Cà Mau đẩy mạnh dịch vụ công trực tuyến toàn trình",
            "lead": "Tỉnh Cà Mau đưa thêm dịch vụ công trực tuyến toàn trình lên Cổng dịch vụ công quốc gia.",
            "body": "Người dân nộp hồ sơ qua mạng, không phải đến trụ sở.\n\nTỷ lệ hồ sơ trực tuyến tăng mạnh trong năm.",
            "date": "2025-08-14",
        },
        {
            "id": "n02",
            "kind": "news",
            "portal": "phuong1",
            "title": "Phường An Xuyên ra quân dọn dẹp vệ sinh môi trường",
            "lead": "Hơn 300 đoàn viên thanh niên tham gia ngày Chủ nhật xanh.",
            "body": "Các tuyến đường được dọn sạch rác.\n\nPhường duy trì hoạt động hằng tháng.",
            "date": "2025-06-01",
        },
        {
            "id": "p01",
            "kind": "procedure",
            "portal": "phuong1",
            "title": "Đăng ký khai sinh",
            "code": "1.001193.000.00.00.H12",
            "field": "Hộ tịch",
            "lead": "Đăng ký khai sinh cho trẻ em sinh ra trên địa bàn phường.",
            "body": "Người đi đăng ký nộp tờ khai và giấy chứng sinh.\n\nCông chức tư pháp - hộ tịch ghi vào Sổ hộ tịch.",
            "date": "2024-05-02",
        },
    ],
    "queries": [
        {"query": "đăng ký khai sinh", "variants": ["dang ky khai sinh"], "judgements": {"p01": 3, "n01": 0}},
        {"query": "vệ sinh môi trường", "variants": ["VỆ SINH MÔI TRƯỜNG"], "judgements": {"n02": 2}},
        # Nothing in the file is about fisheries: nDCG 0.0, so the mean is 2/3.
        {"query": "nuôi trồng thủy sản", "variants": [], "judgements": {"n02": 1}},
    ],
}


# -- nDCG by hand -------------------------------------------------------------
def test_ndcg_perfect_order_is_one():
    assert ndcg(["a", "b", "c"], {"a": 3, "b": 2, "c": 1}) == pytest.approx(1.0)


def test_ndcg_reversed_order_is_lower_and_follows_the_formula():
    grades = {"a": 3, "b": 2, "c": 1}
    ideal = 7 / math.log2(2) + 3 / math.log2(3) + 1 / math.log2(4)
    reversed_dcg = 1 / math.log2(2) + 3 / math.log2(3) + 7 / math.log2(4)
    assert ndcg(["c", "b", "a"], grades) == pytest.approx(reversed_dcg / ideal)
    assert ndcg(["c", "b", "a"], grades) < 1.0


def test_ndcg_nothing_found_is_zero():
    assert ndcg([], {"a": 3}) == 0.0
    assert ndcg(["x", "y"], {"a": 3}) == 0.0


def test_ndcg_unjudged_results_gain_nothing_and_the_ideal_counts_every_judged_document():
    # "x" is not judged: "a" is pushed to rank 2.
    assert ndcg(["x", "a"], {"a": 3}) == pytest.approx(1 / math.log2(3))
    # "b" is judged but not found: the ideal still counts it.
    assert ndcg(["a"], {"a": 3, "b": 3}) == pytest.approx(7 / (7 + 7 / math.log2(3)))
    # Grade 0 is judged not relevant: it gains nothing either.
    assert ndcg(["z", "a"], {"a": 2, "z": 0}) == pytest.approx(1 / math.log2(3))


def test_ndcg_stops_at_ten():
    assert ndcg([f"x{i}" for i in range(10)] + ["a"], {"a": 3}) == 0.0


# -- malformed files ---------------------------------------------------------------
def _broken(change):
    data = copy.deepcopy(TINY)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("queries"), '"queries" must be a non-empty list'),
        (
            lambda d: d["documents"][0].update(portal="nowhere"),
            'documents[0] (id "n01"): "portal" names no portal of the file: \'nowhere\'',
        ),
        (lambda d: d["documents"][1].update(kind="video"), '"kind" must be one of news, procedure'),
        (lambda d: d["documents"][2].pop("code"), 'documents[2] (id "p01"): "code" is missing or empty'),
        (lambda d: d["documents"][1].update(id="n01"), 'the id "n01" is used twice'),
        (lambda d: d["documents"][0].update(date="14/08/2025"), '"date" must be a date written YYYY-MM-DD'),
        (lambda d: d["queries"][0]["judgements"].update(n99=2), 'judges "n99", which is no document of the file'),
        (lambda d: d["queries"][1]["judgements"].update(n02="high"), 'the grade of "n02" must be a whole number'),
        (lambda d: d["queries"][1].update(judgements={"n02": 0}), "no document has a grade above 0"),
        (lambda d: d["portals"][1].update(parent=None), "exactly one portal must have no parent"),
        (lambda d: d["portals"][1].update(key="Phường 1"), '"key" must be lower-case letters'),
    ],
)
def test_a_malformed_file_is_refused_with_the_place_and_the_reason(change, message):
    with pytest.raises(JudgementError) as raised:
        evaluation.parse_judgements(_broken(change), source="judgements.json")
    assert "judgements.json is malformed" in str(raised.value)
    assert message in str(raised.value)


def test_every_problem_is_listed_at_once():
    data = _broken(lambda d: (d["documents"][0].pop("title"), d["queries"][0].update(variants="dang ky")))
    with pytest.raises(JudgementError) as raised:
        evaluation.parse_judgements(data)
    assert '"title" is missing or empty' in str(raised.value)
    assert '"variants" must be a list of non-empty strings' in str(raised.value)


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"portals": [\n  {"key": "province",}\n]}', encoding="utf-8")
    with pytest.raises(JudgementError, match=r"is not valid JSON: .*\(line 2, column"):
        evaluation.load_judgements(path)
    with pytest.raises(JudgementError, match="Cannot read the judgement file"):
        evaluation.load_judgements(tmp_path / "missing.json")


def test_the_command_exits_with_status_2_on_a_malformed_file(tmp_path):
    path = tmp_path / "judgements.json"
    path.write_text(json.dumps(_broken(lambda d: d["documents"][0].update(portal="nowhere"))), encoding="utf-8")
    with pytest.raises(CommandError, match="names no portal of the file") as raised:
        call_command("search_evaluate", str(path))
    assert raised.value.returncode == 2


@pytest.mark.django_db
def test_an_unknown_level_is_refused_before_anything_is_built():
    data = evaluation.parse_judgements(_broken(lambda d: d["portals"][1].update(level="hamlet")))
    with pytest.raises(JudgementError, match=r"Unknown portal level\(s\): hamlet\. The network's levels are: .*ward"):
        evaluation.build_network(data)


# -- the command --------------------------------------------------------------
@pytest.fixture
def database_engine():
    use_engine(DatabaseEngine())
    yield
    use_engine(None)


def _command(tmp_path, data, *options):
    path = tmp_path / "judgements.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("search_evaluate", str(path), "--no-scratch", *options, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.mark.django_db
def test_the_command_prints_each_query_its_variants_the_mean_and_passes_its_floor(tmp_path, database_engine):
    out, err, error = _command(tmp_path, TINY, "--floor", "0.6")
    assert error is None
    assert "Publishing: 100%" in out and "3/3" in out  # the progress bar
    lines = out.splitlines()
    assert any(line.startswith("Engine: database (") for line in lines)
    assert any(line.startswith("đăng ký khai sinh") and " 1.000  p01" in line for line in lines)
    assert any(line.startswith("  ~ dang ky khai sinh") and " 1.000  p01" in line for line in lines)
    assert any(line.startswith("nuôi trồng thủy sản") and " 0.000  (nothing found)" in line for line in lines)
    assert "Mean nDCG@10 over 3 queries: 0.667" in out
    assert "Variant mismatches: 0" in out


@pytest.mark.django_db
def test_the_command_exits_with_status_1_below_its_floor_or_on_a_mismatch_and_prints_json(tmp_path, database_engine):
    # A "variant" that is another query altogether: its top 3 cannot be the query's.
    data = _broken(lambda d: d["queries"][0]["variants"].append("vệ sinh môi trường"))
    out, err, error = _command(tmp_path, data, "--json", "--floor", "0.9")
    assert error is not None and error.returncode == 1
    assert "the mean nDCG@10 0.667 is below the floor 0.900" in str(error)
    assert "1 variant(s) differ from their query in the top 3" in str(error)
    report = json.loads(out)  # only the report on stdout; the progress bar went to stderr
    assert "Publishing" in err
    assert report["mean"] == pytest.approx(2 / 3)
    assert [q["ndcg"] for q in report["queries"]] == pytest.approx([1.0, 1.0, 0.0])
    assert report["mismatches"] == [
        {"query": "đăng ký khai sinh", "variant": "vệ sinh môi trường", "expected": ["p01"], "found": ["n02"]}
    ]


# -- the floor ------------------------------------------------------------------
def _summary(report) -> str:
    lines = [f"mean nDCG@10 {report.mean:.3f} on {report.engine}"]
    for result in report.queries:
        variants = ", ".join(f"{v.text!r} {v.ndcg:.2f}" for v in result.variants)
        lines.append(f"  {result.ndcg:.2f} {result.query!r} top {result.results[:3]}; {variants}")
    lines += [f"  mismatch: {m.variant!r} of {m.query!r}: {m.found} instead of {m.expected}" for m in report.mismatches]
    return "\n".join(lines)


@pytest.mark.django_db
def test_search_keeps_its_floor_on_the_judgement_list(engine):
    """Every query of tests/search/judgements.json, published into a network of its own."""
    judgements = evaluation.load_judgements(JUDGEMENTS)
    report = evaluation.run(judgements)
    print(_summary(report))
    assert len(report.queries) == len(judgements.queries)
    assert report.mean >= FLOOR, _summary(report)
    assert report.mismatches == [], _summary(report)
