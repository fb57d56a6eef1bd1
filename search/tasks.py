"""The django-tasks task that applies waiting index operations."""

import datetime

from django.utils import timezone
from django_tasks import task

RETRY_AFTER = datetime.timedelta(minutes=1)


@task()
def apply_index_operations():
    from search.indexing import apply_pending

    result = apply_pending()
    if result["pending"]:
        _retry_later()
    return result


def _retry_later():
    backend = apply_index_operations.get_backend()
    if getattr(backend, "supports_defer", False):
        apply_index_operations.using(run_after=timezone.now() + RETRY_AFTER).enqueue()


def run_apply_task():
    """on_commit callback: queue the task (immediate backend: run it now)."""
    apply_index_operations.enqueue()
