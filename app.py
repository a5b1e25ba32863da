"""The composition root: configuration, extensions, blueprints and CLI groups."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, template_folder="templates", static_folder="static")
    app.config.from_mapping(
        SECRET_KEY="dev-only-change-me",
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
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

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
    authoring.web.init_app(app)
    return app
