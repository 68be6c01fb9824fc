"""WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi …``, ``celery -A wsgi.celery worker``."""

from wizamart import create_app

app = create_app()
celery = app.extensions["celery"]
