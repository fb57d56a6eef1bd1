"""Test settings: the product's settings plus a plugin that exists only in the tests.

The test plugin is installed exactly as an outside package would be
(EXTRA_PLUGIN_APPS), which proves the core needs no change for it.
"""

import os

os.environ.setdefault("EXTRA_PLUGIN_APPS", "tests.testplugin")
if "tests.testplugin" not in os.environ["EXTRA_PLUGIN_APPS"]:
    os.environ["EXTRA_PLUGIN_APPS"] += ",tests.testplugin"

from cms.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
WAGTAILADMIN_BASE_URL = "http://testserver"
