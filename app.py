"""The composition root: configuration, extensions, blueprints and CLI groups."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    """`config` overrides everything; `INSTANCE_PATH` in it (or `FLASK_INSTANCE_PATH`) moves
    `instance/`, where the database, caches and generated files live."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("FLASK_INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, template_folder="templates", static_folder="static")
    app.config.from_mapping(
        LESSONS_DIR=str(ROOT / "lessons"),
        LOCALES_DIR=str(ROOT / "locales"),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'toolkit.sqlite'}",
        PUBLIC_BASE_URL="http://127.0.0.1:5000",
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
    )
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")

    from extensions import csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)

    import authoring.cli
    import authoring.web
    import exports
    import viewer

    viewer.init_app(app)
    exports.init_app(app)
    authoring.cli.init_app(app)
    if app.config.get("TRAINER_WORKSPACE", True):
        # delivery instances (FLASK_TRAINER_WORKSPACE=false) only read the content release
        authoring.web.init_app(app)
    if app.config.get("PROXY_FIX"):
        # behind nginx or another proxy: the client's address and scheme come from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


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
