"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, templates' code) lives as long as the process: moved
# out of the collector's sight, it is no longer traversed at every full collection, and a request
# that allocates many short-lived objects (a long page, a PDF) triggers fewer collections.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
