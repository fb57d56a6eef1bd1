"""Minimal settings of the bare comparison app (see the package's docstring).

Read from the environment the benchmark passes: SECRET_KEY, ALLOWED_HOSTS, REDIS_URL
(the same Redis as the project's page cache, under a key prefix of its own) and
PAGE_BENCH_HTML (the file holding the article HTML).
"""

import os

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [host for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",") if host]

INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "cms.bare_bench.urls"
WSGI_APPLICATION = "cms.bare_bench.wsgi.application"
DATABASES: dict = {}
TEMPLATES: list = []
USE_I18N = False
USE_TZ = True

# The client the project uses (django-redis), so both stores pay the same serialisation.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "pagebench-bare",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
CACHE_PAGE_SECONDS = 600  # the project's PAGE_CACHE_SECONDS default

PAGE_BENCH_HTML = os.environ["PAGE_BENCH_HTML"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
