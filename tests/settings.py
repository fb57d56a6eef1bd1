"""Test settings: the product's settings plus a plugin that exists only in the tests.

The test plugin is installed exactly as an outside package would be
(EXTRA_PLUGIN_APPS), which proves the core needs no change for it.
"""

import os

os.environ.setdefault("EXTRA_PLUGIN_APPS", "tests.testplugin")
if "tests.testplugin" not in os.environ["EXTRA_PLUGIN_APPS"]:
    os.environ["EXTRA_PLUGIN_APPS"] += ",tests.testplugin"

from cms.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite force_logins network admins; tests/security/test_accounts.py turns two-factor on.
TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS = False
# The suite never runs collectstatic: WhiteNoise serves static files through the finders
# (WHITENOISE_USE_FINDERS) and has no collected folder to scan (it warned "No directory at").
STATIC_ROOT = None

# Parallel test workers (pytest-xdist) each get a Redis database of their own,
# since the tests clear the cache between tests.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and REDIS_URL:
    import re

    _db = 15 - int(_worker.removeprefix("gw") or 0) % 8
    CACHES["default"]["LOCATION"] = re.sub(r"/\d+$", "", REDIS_URL.rstrip("/")) + f"/{_db}"
