"""The WSGI application for servers: `gunicorn lesson_toolkit.wsgi:app` (settings from the
environment: `FLASK_*`, `DATABASE_URL`; see README "Production deployment")."""

from lesson_toolkit.app import create_app

app = create_app()
