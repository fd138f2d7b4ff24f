"""WSGI entry point (gunicorn factcheck.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from factcheck.env import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

refuse_to_serve_without_secret_key()
application = get_wsgi_application()
