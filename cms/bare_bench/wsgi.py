"""``gunicorn cms.bare_bench.wsgi``: the bare comparison app."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.bare_bench.settings")
application = get_wsgi_application()
