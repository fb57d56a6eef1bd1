from django_tasks import task


@task()
def flush_view_counts_task():
    from plugins.news.viewcounts import flush_view_counts

    return flush_view_counts()
