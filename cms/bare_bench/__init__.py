"""A bare Django app for ``manage.py page_benchmark``: the project's article HTML served
as plain bytes and under Django's ``cache_page``, the floor the portal is compared with.

It has settings of its own (:mod:`cms.bare_bench.settings`: no apps, no middleware, no
database, the benchmark's Redis as cache) and is served by gunicorn
(``gunicorn cms.bare_bench.wsgi``) only while the benchmark runs.
"""
