"""The trainers' workspace under /trainer/: accounts, lesson editor, translation editor, dashboard.

Every route declares the roles that may use it (`allow`); one check before each request enforces
it, so a route that forgets to declare is closed, not open.
"""

from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    from authoring import models  # noqa: F401 (registers the tables)
    from authoring.web import access, dashboard, lessons, translations  # noqa: F401 (routes)
    from extensions import login

    login.init_app(app)
    login.login_view = "trainer.login"
    login.login_message = None  # the login page says why already
    login.user_loader(access.load_account)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_HTTPONLY=True)
    if "FLASK_SESSION_COOKIE_SECURE" not in os.environ:
        # HTTPS only, except while developing or testing on plain http://127.0.0.1
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.register_blueprint(access.bp)
