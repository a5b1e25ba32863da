"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py lesson_toolkit.wsgi:app` (an
installed toolkit; `lesson-toolkit.service` runs it) or, in a checkout, `gunicorn 'app:create_app()'`.

Every value can be overridden by its GUNICORN_* environment variable or on the command line.

Sync workers must sit behind a **buffering** proxy (nginx, see README "Production
deployment"): a sync worker serves one connection at a time, so three clients that send their
request slowly (or read the answer slowly) would hold all the workers. nginx reads each request
whole and takes each answer at once, and talks to gunicorn over loopback or a private network
only; hence gunicorn binds to 127.0.0.1 (or a private address) and never to a public one.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# sync workers: pages are cached and served in well under a millisecond, so a worker per core
# (plus one) keeps the cores busy; the bench measured sync ahead of gthread for p99.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60  # a cold PDF handout takes about half a second; a booklet longer
graceful_timeout = 30
keepalive = 2
max_requests = 5000  # recycle workers now and then, against slow leaks
max_requests_jitter = 500
# small, bounded request heads (the proxy already refuses bigger ones)
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# No client address, no query string (search words), no user agent, no referrer: the time,
# the method and path, the status, the size and the duration are enough to run the site.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker):
    """Print a handout in memory when a worker starts (`lesson_toolkit.exports.warm`: WeasyPrint,
    the print templates, stylesheet, fonts and picture codecs), not during its first handout
    request; the app itself imports WeasyPrint lazily so that `flask` commands start fast. (Sync
    workers answer in the thread that runs this, so the fonts are the ones it prints with.)
    Nothing is imported in the master: workers forked after a reload (HUP) load the new code."""
    from flask import Flask

    from lesson_toolkit import exports
    from lesson_toolkit.exports import weasy

    if isinstance(worker.wsgi, Flask):
        exports.warm(worker.wsgi)
    else:  # an app wrapped in other middleware: the fonts at least
        weasy.warm()
    # What the worker holds now (modules, the app, fonts) lives as long as it does: collect the
    # warm-up's garbage, then keep those objects out of every later full collection, which
    # would otherwise walk them all (about 0.1 s), most likely during the first requests.
    gc.collect()
    gc.freeze()
