"""One buffered counter: events counted in the cache, written to the database in bulk.

A counted event (an article view, a portal visit) must cost no database write
of its own: pages are served from the page cache and a beacon only counts.
:class:`BufferedCounter` keeps one counter per object in the cache (Redis in
production: atomic ``INCR``, shared by every app server, kept across app
restarts; local memory on a laptop and in tests) and a django-tasks task,
:func:`flush_counter_task`, moves the counts into an integer column of a model
keyed by the counted object, one batch of objects per statement.

* **counting**: :meth:`BufferedCounter.add`; with ``once_per_visitor`` a visitor
  (:func:`cms.ratelimits.client_address`, the one rule for who a request comes
  from) counts once per object in that many seconds;
* **flushing**: :meth:`BufferedCounter.add` asks for a flush; at most one waits
  in the task queue, and a flush, once it starts, leaves ``interval`` seconds
  before the next one is asked for (0: the next event asks again). Each batch is
  taken out of the cache with an atomic ``DECR`` of the amount read (events
  counted meanwhile stay), then added to the database in one transaction; if
  the database refuses, the amounts are given back to the cache;
* **after a flush**: ``after_flush`` names a function ("package.module:function")
  called with each batch's ``{object id: added}`` inside the batch's transaction,
  right after the totals are written (a daily tally, say): what it writes commits
  with the totals or not at all (if it raises, the batch is rolled back and its
  amounts given back to the cache, as for a refused write);
* **Redis outage**: django-redis answers a failed call with ``None``
  (``IGNORE_EXCEPTIONS``): the event is not counted, the page still serves, and
  a flush leaves what it could not take where it is.

Counters are declared once, at module level, by the plugin that owns the model::

    ARTICLE_VIEWS = BufferedCounter("news.views", "news.ArticleViewCount", key="article", field="count")
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils.module_loading import import_string
from django_tasks import task

from cms.ratelimits import client_address

logger = logging.getLogger(__name__)

BATCH = 500  # objects per cache read and per UPDATE


@dataclasses.dataclass(frozen=True)
class BufferedCounter:
    name: str  # cache key prefix and log name: "news.views"
    model: str  # "app_label.ModelName" holding the stored totals
    key: str  # that model's (one-to-one or unique) foreign key to the counted object
    field: str  # that model's integer column of totals
    interval: int = 0  # seconds a flush leaves before the next one is asked for
    once_per_visitor: int = 0  # seconds in which one visitor counts once per object; 0: no check
    stale_after: int = 300  # a queued flush that no worker ran stops blocking new ones after this
    # Dotted path of function({object id: added}) run in each batch's transaction after
    # the totals are written; "": none.
    after_flush: str = ""

    # -- keys ------------------------------------------------------------------

    def cache_key(self, pk) -> str:
        return f"counter:{self.name}:n:{int(pk)}"

    @property
    def flush_key(self) -> str:
        """Present while a flush is queued (or ran less than ``interval`` seconds ago)."""
        return f"counter:{self.name}:flush-queued"

    # -- counting --------------------------------------------------------------

    def add(self, pk, request=None, *, flush: bool = True) -> bool:
        """Count one event of object ``pk``; False when it was not counted (the
        visitor was counted a moment ago, or the cache is unavailable).

        ``flush=False`` only counts: the caller asks for the flush itself.
        """
        if self.once_per_visitor and request is not None:
            seen = f"counter:{self.name}:seen:{client_address(request)}:{int(pk)}"
            if not cache.add(seen, 1, timeout=self.once_per_visitor):
                return False
        key = self.cache_key(pk)
        cache.add(key, 0, timeout=None)
        try:
            if cache.incr(key) is None:  # Redis unavailable (django-redis IGNORE_EXCEPTIONS)
                return False
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)
        if flush:
            self.request_flush()
        return True

    def pending(self, pks: Iterable) -> dict[int, int]:
        """Events counted in the cache and not yet flushed, by object id."""
        keys = {self.cache_key(pk): int(pk) for pk in pks}
        found = cache.get_many(list(keys))
        return {keys[key]: int(value) for key, value in found.items() if value and int(value) > 0}

    def pending_for(self, pk) -> int:
        return self.pending([pk]).get(int(pk), 0)

    # -- flushing --------------------------------------------------------------

    def request_flush(self) -> None:
        """Queue one flush unless one is queued (or ran less than ``interval`` ago)."""
        if not cache.add(self.flush_key, 1, timeout=max(self.stale_after, self.interval)):
            return
        try:
            flush_counter_task.enqueue(**dataclasses.asdict(self))
        except Exception:  # counting must never fail a request
            logger.exception("Could not queue the flush of counter %s", self.name)

    def flush(self, progress=None) -> dict[int, int]:
        """Move the counts from the cache to the database; {object id: added}.

        ``progress`` (a tqdm bar, say) is updated with the number of objects looked at.
        """
        if self.interval:
            cache.set(self.flush_key, 1, timeout=self.interval)
        else:
            cache.delete(self.flush_key)
        written: dict[int, int] = {}
        batch: list[int] = []
        for pk in self._candidates():
            batch.append(pk)
            if len(batch) >= BATCH:
                written.update(self._flush_batch(batch))
                if progress is not None:
                    progress.update(len(batch))
                batch = []
        if batch:
            written.update(self._flush_batch(batch))
            if progress is not None:
                progress.update(len(batch))
        return written

    def _model(self):
        model = apps.get_model(self.model)
        return model, model._meta.get_field(self.key)

    def _candidates(self) -> Iterator[int]:
        """Object ids that may have a count in the cache."""
        iter_keys = getattr(cache, "iter_keys", None)
        if iter_keys is not None:  # django-redis: scan only this counter's keys
            try:
                for key in iter_keys(f"counter:{self.name}:n:*") or ():
                    suffix = key.rsplit(":", 1)[-1]
                    if suffix.isdigit():
                        yield int(suffix)
            except Exception as error:  # the scan is lazy: IGNORE_EXCEPTIONS does not cover it
                from cms.redis_client import is_unavailable

                if not is_unavailable(error):
                    raise
                logger.warning("Counter %s not flushed: Redis unavailable (%s)", self.name, error)
            return
        _model, foreign_key = self._model()
        yield from foreign_key.related_model._base_manager.values_list("pk", flat=True).iterator(chunk_size=2000)

    def _take(self, pks) -> dict[int, int]:
        """Remove the pending counts of ``pks`` from the cache; what was taken."""
        taken = {}
        for pk, amount in self.pending(pks).items():
            key = self.cache_key(pk)
            try:
                left = cache.decr(key, amount)
            except ValueError:  # gone meanwhile (evicted): nothing to take
                continue
            if left is None:  # Redis gone mid-flush: the events stay counted there
                continue
            if left < 0:  # another flush took part of it first: give this share back
                cache.incr(key, amount)
                continue
            taken[pk] = amount
        return taken

    def _give_back(self, counts: dict[int, int]) -> None:
        for pk, amount in counts.items():
            key = self.cache_key(pk)
            cache.add(key, 0, timeout=None)
            try:
                cache.incr(key, amount)
            except ValueError:
                cache.set(key, amount, timeout=None)

    def _flush_batch(self, pks) -> dict[int, int]:
        taken = self._take(pks)
        if not taken:
            return {}
        model, foreign_key = self._model()
        column = foreign_key.attname
        try:
            # Events of objects deleted meanwhile are dropped with them.
            alive = set(foreign_key.related_model._base_manager.filter(pk__in=list(taken)).values_list("pk", flat=True))
            counts = {pk: amount for pk, amount in taken.items() if pk in alive}
            if counts:
                with transaction.atomic():
                    model.objects.bulk_create([model(**{column: pk}) for pk in counts], ignore_conflicts=True)
                    added = Case(*(When(**{column: pk}, then=Value(amount)) for pk, amount in counts.items()), default=Value(0))
                    model.objects.filter(**{f"{column}__in": list(counts)}).update(**{self.field: F(self.field) + added})
                    if self.after_flush:
                        import_string(self.after_flush.replace(":", "."))(dict(counts))
        except Exception:
            self._give_back(taken)
            raise
        return counts


@task()
def flush_counter_task(**spec):
    """Flush the :class:`BufferedCounter` described by ``spec`` (its fields)."""
    written = BufferedCounter(**spec).flush()
    return {"objects": len(written), "events": sum(written.values())}
