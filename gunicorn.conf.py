"""Gunicorn settings for production: `gunicorn 'app:create_app()'` reads this file.

Every value can be overridden by its GUNICORN_* environment variable or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# sync workers: pages are cached and served in well under a millisecond, so a worker per core
# (plus one) keeps the cores busy; the bench measured sync ahead of gthread for p99.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60  # a cold PDF handout takes about half a second; a booklet longer
graceful_timeout = 30
max_requests = 5000  # recycle workers now and then, against slow leaks
max_requests_jitter = 500
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Load WeasyPrint when a worker starts (about 0.7 s), not during its first handout request;
    the app itself imports it lazily so that `flask` commands start fast."""
    import exports.weasy  # noqa: F401
