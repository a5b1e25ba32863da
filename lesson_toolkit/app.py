"""The composition root: configuration, extensions, the shared lesson library, app-wide policy
(cookies, proxy, error pages) and the faces. No business logic lives here."""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from lesson_toolkit import PACKAGE_DIR, content_root
from lesson_toolkit.authoring.errors import ToolkitError

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """`config` overrides everything; `INSTANCE_PATH` in it (or `FLASK_INSTANCE_PATH`) moves
    `instance/`, where the database, caches and generated files live."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("FLASK_INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, template_folder="templates", static_folder="static")
    load_config(app, config)
    bind_extensions(app)
    set_policy(app)
    register_faces(app)
    return app


def load_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Defaults, then `DATABASE_URL` and every `FLASK_*` variable, then `config`."""
    app.config.from_mapping(
        LESSONS_DIR=str(content_root() / "lessons"),
        LOCALES_DIR=str(content_root() / "locales"),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'toolkit.sqlite'}",
        PUBLIC_BASE_URL="http://127.0.0.1:5000",
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        TRAINER_WORKSPACE=True,
        PROXY_FIX=False,
        # the proxies whose X-Forwarded-* headers are believed (addresses or networks, spaces or
        # commas between them); a request from anywhere else keeps its own address
        PROXY_TRUSTED="127.0.0.1 ::1",
        # a session (the workspace's login) ends 12 hours after it was last changed, not 31 days
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # a form's CSRF token lasts as long as the login session, not an hour: a trainer who
        # spends an afternoon on a lesson or a translation loses nothing when saving
        WTF_CSRF_TIME_LIMIT=None,
    )
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    # how often cached pages and the registry look for edited files: tests edit and look at once
    app.config.setdefault("RECHECK_SECONDS", 0 if app.testing else 1)
    if "FLASK_SESSION_COOKIE_SECURE" not in os.environ and "SESSION_COOKIE_SECURE" not in (config or {}):
        # HTTPS only, except while developing or testing on plain http://127.0.0.1
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")


def bind_extensions(app: Flask) -> None:
    """The unbound extensions, and the lesson library every face reads through `toolkit`."""
    from lesson_toolkit.authoring.core.library import Library
    from lesson_toolkit.authoring.i18n.catalogue_cache import canonical
    from lesson_toolkit.authoring.i18n.interface import InterfaceStrings
    from lesson_toolkit.extensions import ToolkitState, csrf, db, migrations, toolkit

    db.init_app(app)
    migrations.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"))
    csrf.init_app(app)
    library = Library(
        app.config["LESSONS_DIR"],
        app.config["LOCALES_DIR"],
        recheck=app.config["RECHECK_SECONDS"],
        cache_dir=Path(app.instance_path) / "cache",
    )
    # which catalogues hold what the toolkit wrote, for the next process's updates (see
    # `CanonicalFiles`: by content, so another app's folder could only fail to match)
    canonical.folder = Path(app.instance_path) / "cache" / "catalogues"
    state = ToolkitState(library, InterfaceStrings(library.locales_dir), app.config["RECHECK_SECONDS"])
    toolkit.init_app(app, state)


def set_policy(app: Flask) -> None:
    """What holds for every instance, with or without the workspace: cookies, proxy, errors."""
    secure = bool(app.config["SESSION_COOKIE_SECURE"])
    app.config.update(
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    if app.config["PROXY_FIX"]:
        # behind nginx or another proxy: the client's address and scheme come from its headers
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, app.config["PROXY_TRUSTED"])  # type: ignore[method-assign]
    app.after_request(security_headers)
    app.register_error_handler(404, not_found)
    app.register_error_handler(ToolkitError, bad_input)


class TrustedProxyFix:
    """Werkzeug's ProxyFix, for requests that come from a configured proxy only: a client that
    reaches gunicorn directly cannot choose its address by sending `X-Forwarded-For`."""

    def __init__(self, wsgi_app, trusted: str | Iterable[str]):
        names = trusted.replace(",", " ").split() if isinstance(trusted, str) else list(trusted)
        self.trusted = [ipaddress.ip_network(name, strict=False) for name in names]
        self.direct = wsgi_app
        self.proxied = ProxyFix(wsgi_app, x_for=1, x_proto=1, x_host=1)

    def __call__(self, environ, start_response):
        try:
            peer = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            peer = None
        if peer is not None and any(peer in network for network in self.trusted):
            return self.proxied(environ, start_response)
        for header in ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"):
            environ.pop(header, None)  # nobody else's forwarding headers are read, anywhere
        return self.direct(environ, start_response)


# Scripts, pictures, recordings, the manifest and the service workers come from the site itself;
# no inline script runs (a `<script type="application/json">` data block is not run). Inline
# `<style>` (the pages' critical CSS, also in the workspace's srcdoc preview) needs
# 'unsafe-inline' for styles only; sanitised lesson HTML carries no style attribute.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "manifest-src 'self'",
        "worker-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for old Android browsers
    "Referrer-Policy": "same-origin",  # a search or lesson address never goes to another site
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
}


def security_headers(response):
    """On every response: pages, files, errors."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register_faces(app: Flask) -> None:
    """The learners' site, print and packs, the command line, and (optionally) the workspace."""
    from lesson_toolkit import exports, viewer
    from lesson_toolkit.authoring import cli, workspace

    viewer.init_app(app)
    exports.init_app(app)
    cli.init_app(app)
    workspace.init_cli(app)
    if app.config["TRAINER_WORKSPACE"]:
        # delivery instances (FLASK_TRAINER_WORKSPACE=false) only read the content release
        workspace.init_app(app)


def _page_language() -> None:
    """The language of an error page: the address's when it names one (`/tyz/no/such`), else
    the reader's choice."""
    from lesson_toolkit.extensions import toolkit

    if g.get("lang") is None:
        first = request.path.strip("/").split("/", 1)[0]
        g.lang = first if first in toolkit.registry else toolkit.negotiate()


def not_found(error: HTTPException):
    _page_language()
    return render_template("viewer/404.html"), 404


def bad_input(error: ToolkitError):
    """Bad content or a bad request met while serving a page: what is wrong, in the reader's
    language, and where (for whoever fixes it)."""
    from flask_babel import gettext as _

    log.error("%s", error)
    _page_language()
    message = _("This could not be done: %(detail)s", detail=error.translated(_))
    return render_template("viewer/error.html", message=message), 400


def database_url(url: str) -> str:
    """`postgres://` and `postgresql://` (as hosting services write them) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret(path: Path) -> str:
    """A random secret kept in instance/ (never in git): no default key ships with the code.
    Several instances behind a proxy share one key through FLASK_SECRET_KEY instead."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
