"""Search relevance evaluation: nDCG@10 of graded queries (``manage.py search_evaluate``).

A judgement file names portals, documents (``news`` articles and ``procedure``
entries) and graded queries with their variants. :func:`build_network` provisions
the portals, :func:`publish_documents` publishes the documents through the plugins'
normal path (a page revision published, a procedure saved), so the index
operations are queued as in production; :func:`apply_index_queue` applies them and
:func:`evaluate` asks ``/api/search/`` on the network's root portal, as a citizen's
app would. Engine-agnostic: it runs on whatever engine ``search.engines.get_engine``
gives.

The plugins' models are reached through the search providers of the two kinds
(``provider.models``, ``provider.plugin_name``); no plugin module is imported.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.rich_text import RichText

from search.engines import get_engine
from search.indexing import apply_pending
from search.providers import provider_for_kind
from sites.models import Portal, PortalLevel
from sites.provisioning import PortalSpec, ProvisioningError, provision_portal, remove_wagtail_welcome_site, set_portal_plugins

K = 10  # nDCG@K
TOP = 3  # a variant must give the main query's first TOP results, in order
HOST_SUFFIX = "eval.test"
KINDS = ("news", "procedure")
NEWS_CATEGORY = ("Tin tức", "tin-tuc")
# Other spellings of the network's level codes (sites.PortalLevel.code).
LEVEL_ALIASES = {
    "tinh": "province",
    "so": "department",
    "huyen": "district",
    "xa": "commune",
    "phuong": "ward",
    "dac-khu": "special_zone",
    "special-zone": "special_zone",
    "special zone": "special_zone",
}
_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")  # a DNS label: <key>.eval.test


class JudgementError(ValueError):
    """The judgement file is malformed; the message lists every problem found."""


class EvaluationError(RuntimeError):
    """The evaluation could not run (a plugin missing, the engine failing, a query refused)."""


# -- the judgement file --------------------------------------------------------
@dataclass(frozen=True)
class PortalEntry:
    key: str
    name: str
    level: str
    parent: str | None = None

    @property
    def hostname(self) -> str:
        return f"{self.key}.{HOST_SUFFIX}"


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    kind: str
    portal: str
    title: str
    lead: str = ""
    body: str = ""
    date: datetime.date | None = None
    code: str = ""  # procedures
    field: str = ""  # procedures

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.body or "") if p.strip()]


@dataclass(frozen=True)
class QueryEntry:
    query: str
    variants: tuple[str, ...] = ()
    judgements: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Judgements:
    description: str
    portals: tuple[PortalEntry, ...]
    documents: tuple[DocumentEntry, ...]
    queries: tuple[QueryEntry, ...]

    @property
    def root(self) -> PortalEntry:
        return next(p for p in self.portals if p.parent is None)


def load_judgements(path: str | Path) -> Judgements:
    """Read and check a judgement file (JSON); JudgementError names every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise JudgementError(f"Cannot read the judgement file {path}: {error}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JudgementError(
            f"The judgement file {path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from error
    return parse_judgements(data, source=str(path))


def _text(problems, where, item, name, required=True) -> str:
    value = item.get(name, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.append(f'{where}: "{name}" must be a string.')
        return ""
    if required and not value.strip():
        problems.append(f'{where}: "{name}" is missing or empty.')
    return value.strip() if name != "body" else value


def _portals(problems, raw) -> list[PortalEntry]:
    portals: list[PortalEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"portals[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object.")
            continue
        key = _text(problems, where, item, "key")
        where = f'{where} (key "{key}")' if key else where
        if key and not _KEY.match(key):
            problems.append(
                f'{where}: "key" must be lower-case letters, digits and hyphens (it names the host {key}.{HOST_SUFFIX}).'
            )
        if key in seen:
            problems.append(f'{where}: the key "{key}" is used twice.')
        seen.add(key)
        name = _text(problems, where, item, "name")
        level = _text(problems, where, item, "level").lower()
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, str):
            problems.append(f'{where}: "parent" must be a portal key or null.')
            parent = None
        portals.append(PortalEntry(key=key, name=name, level=LEVEL_ALIASES.get(level, level), parent=parent or None))
    keys = {p.key for p in portals}
    for portal in portals:
        if portal.parent is not None and portal.parent not in keys:
            problems.append(f'portal "{portal.key}": "parent" names no portal of the file: "{portal.parent}".')
    roots = [p.key for p in portals if p.parent is None]
    if len(roots) != 1:
        problems.append(
            f"exactly one portal must have no parent (the network's root, searched by the queries); found {len(roots)}."
        )
    by_key = {p.key: p for p in portals}
    for portal in portals:  # cycles
        seen_chain, node = {portal.key}, by_key.get(portal.parent or "")
        while node is not None:
            if node.key in seen_chain:
                problems.append(f'portal "{portal.key}": its parents form a cycle.')
                break
            seen_chain.add(node.key)
            node = by_key.get(node.parent or "")
    return portals


def _date(problems, where, item) -> datetime.date | None:
    raw = item.get("date")
    if raw in (None, ""):
        return None
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            pass
    problems.append(f'{where}: "date" must be a date written YYYY-MM-DD, not {raw!r}.')
    return None


def _documents(problems, raw, portal_keys) -> list[DocumentEntry]:
    documents: list[DocumentEntry] = []
    seen: set[str] = set()
    codes: dict[str, str] = {}
    for index, item in enumerate(raw):
        where = f"documents[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object.")
            continue
        doc_id = _text(problems, where, item, "id")
        where = f'{where} (id "{doc_id}")' if doc_id else where
        if doc_id in seen:
            problems.append(f'{where}: the id "{doc_id}" is used twice.')
        seen.add(doc_id)
        kind = item.get("kind")
        if kind not in KINDS:
            problems.append(f'{where}: "kind" must be one of {", ".join(KINDS)}, not {kind!r}.')
        portal = item.get("portal")
        if portal not in portal_keys:
            problems.append(f'{where}: "portal" names no portal of the file: {portal!r}.')
        entry = DocumentEntry(
            id=doc_id,
            kind=kind if kind in KINDS else "",
            portal=portal if isinstance(portal, str) else "",
            title=_text(problems, where, item, "title"),
            lead=_text(problems, where, item, "lead", required=False),
            body=_text(problems, where, item, "body", required=False),
            date=_date(problems, where, item),
            code=_text(problems, where, item, "code", required=kind == "procedure"),
            field=_text(problems, where, item, "field", required=kind == "procedure"),
        )
        if kind == "procedure" and entry.code:
            if entry.code in codes:
                problems.append(f'{where}: the procedure code "{entry.code}" is also the code of "{codes[entry.code]}".')
            codes[entry.code] = doc_id
        documents.append(entry)
    return documents


def _queries(problems, raw, document_ids) -> list[QueryEntry]:
    queries: list[QueryEntry] = []
    for index, item in enumerate(raw):
        where = f"queries[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object.")
            continue
        text = _text(problems, where, item, "query")
        where = f'{where} ("{text}")' if text else where
        variants = item.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            problems.append(f'{where}: "variants" must be a list of non-empty strings.')
            variants = []
        judgements = item.get("judgements")
        grades: dict[str, int] = {}
        if not isinstance(judgements, dict) or not judgements:
            problems.append(f'{where}: "judgements" must be an object of document id -> grade, with at least one document.')
        else:
            for doc_id, grade in judgements.items():
                if doc_id not in document_ids:
                    problems.append(f'{where}: judges "{doc_id}", which is no document of the file.')
                if isinstance(grade, bool) or not isinstance(grade, int) or grade < 0:
                    problems.append(f'{where}: the grade of "{doc_id}" must be a whole number from 0 up, not {grade!r}.')
                else:
                    grades[doc_id] = grade
            if grades and not any(grades.values()):
                problems.append(f"{where}: no document has a grade above 0 (nDCG needs at least one relevant document).")
        queries.append(QueryEntry(query=text, variants=tuple(v.strip() for v in variants), judgements=grades))
    return queries


def parse_judgements(data, source: str = "the judgement file") -> Judgements:
    """Check the decoded JSON of a judgement file; JudgementError lists the problems."""
    if not isinstance(data, dict):
        raise JudgementError(f"{source}: the top level must be an object with portals, documents and queries.")
    problems: list[str] = []
    lists = {}
    for name in ("portals", "documents", "queries"):
        value = data.get(name)
        if not isinstance(value, list) or not value:
            problems.append(f'"{name}" must be a non-empty list.')
            value = []
        lists[name] = value
    description = data.get("description") or ""
    if not isinstance(description, str):
        problems.append('"description" must be a string.')
        description = ""
    portals = _portals(problems, lists["portals"])
    documents = _documents(problems, lists["documents"], {p.key for p in portals})
    queries = _queries(problems, lists["queries"], {d.id for d in documents})
    if problems:
        shown = problems[:30]
        more = f"\n  ... and {len(problems) - len(shown)} more." if len(problems) > len(shown) else ""
        raise JudgementError(f"{source} is malformed:\n  " + "\n  ".join(shown) + more)
    return Judgements(description=description, portals=tuple(portals), documents=tuple(documents), queries=tuple(queries))


# -- nDCG ----------------------------------------------------------------------
def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain: sum of (2^grade - 1) / log2(rank + 1), ranks from 1."""
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(ranked: Sequence[str], judgements: Mapping[str, int], k: int = K) -> float:
    """nDCG@k of ``ranked`` ids; unjudged ids gain 0, the ideal order is every judged document's."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([judgements.get(doc_id, 0) for doc_id in ranked[:k]]) / ideal


# -- the report ----------------------------------------------------------------
@dataclass
class VariantResult:
    text: str
    ndcg: float
    results: list[str]  # first K results: judgement ids (a search id for a document not in the file)


@dataclass
class QueryResult:
    query: str
    ndcg: float
    results: list[str]
    variants: list[VariantResult] = field(default_factory=list)


@dataclass
class Mismatch:
    query: str
    variant: str
    expected: list[str]  # the main query's top 3
    found: list[str]


@dataclass
class Report:
    engine: str
    queries: list[QueryResult]
    mean: float
    mismatches: list[Mismatch]

    def to_dict(self) -> dict:
        return asdict(self)


# -- building the network and publishing ---------------------------------------
def _provider(kind):
    provider = provider_for_kind(kind)
    if provider is None or not provider.models:
        raise EvaluationError(f'No installed plugin provides search documents of kind "{kind}".')
    return provider


def build_network(judgements: Judgements) -> dict[str, Portal]:
    """Provision the file's portals (parents first) with the plugins its documents need."""
    needed = sorted({_provider(kind).plugin_name for kind in {d.kind for d in judgements.documents}} - {""})
    levels = set(PortalLevel.objects.values_list("code", flat=True))
    unknown = sorted({p.level for p in judgements.portals} - levels)
    if unknown:
        raise JudgementError(
            f"Unknown portal level(s): {', '.join(unknown)}. The network's levels are: {', '.join(sorted(levels))}."
        )
    taken = Portal.objects.filter(site__hostname__in=[p.hostname for p in judgements.portals])
    if taken.exists():
        raise EvaluationError(f"This database already has portals of an evaluation network ({HOST_SUFFIX}); use a fresh one.")
    remove_wagtail_welcome_site()
    built: dict[str, Portal] = {}
    pending = list(judgements.portals)
    while pending:
        for entry in [p for p in pending if p.parent is None or p.parent in built]:
            portal, _created = provision_portal(
                PortalSpec(
                    name=entry.name,
                    codename=f"eval-{entry.key}",
                    hostname=entry.hostname,
                    level=entry.level,
                    parent=built.get(entry.parent or ""),
                )
            )
            try:
                set_portal_plugins(portal, sorted({*portal.enabled_plugins, *needed}))
            except ProvisioningError as error:
                raise EvaluationError(str(error)) from error
            built[entry.key] = portal
            pending.remove(entry)
    return built


def _aware(date: datetime.date | None) -> datetime.datetime | None:
    if date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(8, 0)))


def _publish_page(parent, page):
    """Add ``page`` under ``parent`` and publish it through a revision, as an editor's "Publish"."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _news_category(portal, cache: dict):
    if portal.pk not in cache:
        article_model = _provider("news").models[0]
        category_model = apps.get_model(article_model.parent_page_types[0])
        title, slug = NEWS_CATEGORY
        home = portal.site.root_page.specific
        category = category_model.objects.child_of(home).filter(slug=slug).first()
        cache[portal.pk] = category or _publish_page(home, category_model(title=title, slug=slug))
    return cache[portal.pk]


def _publish_news(document: DocumentEntry, portal, categories: dict):
    model = _provider("news").models[0]
    article = model(
        title=document.title,
        sapo=document.lead,
        body=[("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in document.paragraphs],
        date=_aware(document.date),
    )
    return _publish_page(_news_category(portal, categories), article)


def _publish_procedure(document: DocumentEntry, portal, fields: dict):
    """A procedure saved as the admin's form saves it; lead and body become its steps."""
    model = _provider("procedure").models[0]
    field_model = model._meta.get_field("field").related_model
    key = document.field.casefold()
    if key not in fields:
        found = field_model.objects.filter(Q(code__iexact=document.field) | Q(name_vi__iexact=document.field)).first()
        if found is None:
            found = field_model.objects.create(code=slugify(f"eval {document.field}")[:60] or "eval", name=document.field)
            found.name_vi = document.field
            found.save()
        fields[key] = found
    procedure = model(
        code=document.code,
        field=fields[key],
        agency_portal=portal,
        agency_name=portal.name,
        steps="\n\n".join(filter(None, [document.lead, *document.paragraphs])),
    )
    procedure.name = procedure.name_vi = document.title
    try:
        procedure.full_clean(exclude=["tiers"])
    except ValidationError as error:
        raise JudgementError(f'Document "{document.id}": {"; ".join(error.messages)}') from error
    procedure.save()
    procedure.tiers.set([portal.level])
    if document.date is not None:  # as last updated on that day (updated_at is set on save)
        model.objects.filter(pk=procedure.pk).update(updated_at=_aware(document.date))
    return procedure


def publish_documents(
    judgements: Judgements, portals: Mapping[str, Portal], on_document: Callable[[DocumentEntry], None] | None = None
) -> dict[str, str]:
    """Publish every document; returns {search document id: judgement id}."""
    categories: dict = {}
    fields: dict = {}
    ids: dict[str, str] = {}
    with transaction.atomic():  # one commit: the index queue is applied once, for every document
        for document in judgements.documents:
            portal = portals[document.portal]
            if document.kind == "news":
                instance = _publish_news(document, portal, categories)
            else:
                instance = _publish_procedure(document, portal, fields)
            ids[_provider(document.kind).document_id(instance)] = document.id
            if on_document is not None:
                on_document(document)
    return ids


def apply_index_queue() -> dict:
    """Apply the waiting index operations (search.indexing); EvaluationError when any fails."""
    result = apply_pending(get_engine())
    if result["failed"] or result["pending"]:
        raise EvaluationError(
            f"{result['failed']} index operations failed, {result['pending']} still wait (see manage.py search_status)."
        )
    return result


# -- querying ------------------------------------------------------------------
def search_ids(client: Client, hostname: str, text: str, k: int = K) -> list[str]:
    """The search ids of the first ``k`` results of ``/api/search/`` on ``hostname``'s portal and its members."""
    response = client.get("/api/search/", {"q": text, "portal": hostname, "page_size": k}, HTTP_HOST=hostname, secure=True)
    if response.status_code != 200:
        raise EvaluationError(f"/api/search/?q={text!r} answered {response.status_code}: {response.content[:300]!r}")
    return [hit["id"] for hit in response.json()["results"]][:k]


def evaluate(judgements: Judgements, ids: Mapping[str, str], hostname: str | None = None) -> Report:
    """Run every query and variant through the search API and score them."""
    hostname = hostname or judgements.root.hostname
    client = Client()
    results: list[QueryResult] = []
    mismatches: list[Mismatch] = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, f".{HOST_SUFFIX}"]):
        for entry in judgements.queries:
            found = [ids.get(hit, hit) for hit in search_ids(client, hostname, entry.query)]
            result = QueryResult(query=entry.query, ndcg=ndcg(found, entry.judgements), results=found)
            for variant in entry.variants:
                variant_found = [ids.get(hit, hit) for hit in search_ids(client, hostname, variant)]
                result.variants.append(
                    VariantResult(text=variant, ndcg=ndcg(variant_found, entry.judgements), results=variant_found)
                )
                if variant_found[:TOP] != found[:TOP]:
                    mismatches.append(Mismatch(entry.query, variant, expected=found[:TOP], found=variant_found[:TOP]))
            results.append(result)
    mean = sum(r.ndcg for r in results) / len(results) if results else 0.0
    return Report(engine=engine_label(), queries=results, mean=mean, mismatches=mismatches)


def engine_label() -> str:
    """The engine in use: "database (sqlite)", "database (postgresql)", "elasticsearch"."""
    engine = get_engine()
    vendor = getattr(engine, "vendor", "")
    return f"{engine.name} ({vendor})" if vendor else engine.name


def run(judgements: Judgements, on_document: Callable[[DocumentEntry], None] | None = None) -> Report:
    """Build the network, publish, apply the index queue and evaluate, in the current database."""
    portals = build_network(judgements)
    ids = publish_documents(judgements, portals, on_document=on_document)
    apply_index_queue()
    return evaluate(judgements, ids)
