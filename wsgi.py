"""WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi …``, ``celery -A wsgi.celery worker``."""

import gc

from wizamart import create_app

app = create_app()
celery = app.extensions["celery"]

# The app's ~200,000 long-lived objects (modules, registry, templates, SQLAlchemy's metadata) are
# moved out of the garbage collector's sight: a full collection walked them all, about 70 ms
# once every few hundred requests, which was the storefront's p99 (benchmarks/README.md).
gc.freeze()
