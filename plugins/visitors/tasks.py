from django_tasks import task

from .stats import flush_visits


@task()
def flush_visits_task():
    """Move pending visit counts from the cache into the database."""
    flushed = flush_visits()
    return {"portals": len(flushed), "visits": sum(flushed.values())}
