"""The trainers' face: accounts, roles, the audit log, lesson editing, the translation store,
and the web workspace under /trainer/ (`web/`)."""

from __future__ import annotations

from flask import Flask


def init_cli(app: Flask) -> None:
    """`flask users …`, `flask suggestions …` and `flask audio …`: also on delivery instances, whose accounts live in the
    shared database."""
    from lesson_toolkit.authoring.workspace.audio_cli import audio
    from lesson_toolkit.authoring.workspace.cli import suggestions, users

    app.cli.add_command(users)
    app.cli.add_command(suggestions)
    app.cli.add_command(audio)  # checks the reviewer's account, as `users` reads accounts


def init_app(app: Flask) -> None:
    """The web workspace. Every route declares the roles that may use it (`web.access.allow`);
    one check before each request enforces it, so a route that forgets to declare is closed."""
    import lesson_toolkit.authoring.workspace.web.league  # noqa: F401 (routes)
    import lesson_toolkit.authoring.workspace.web.places  # noqa: F401 (routes)
    from lesson_toolkit.authoring.workspace import models  # noqa: F401 (registers the tables)
    from lesson_toolkit.authoring.workspace.refresh import Refresher
    from lesson_toolkit.authoring.workspace.translation_store import refresh_catalogues
    from lesson_toolkit.authoring.workspace.web import (  # noqa: F401
        access,
        accounts,
        community,
        dashboard,
        glossary,
        history,
        lessons,
        recordings,
        resend,
        translations,
    )
    from lesson_toolkit.extensions import login

    library = app.extensions["toolkit"].library
    app.extensions["catalogue_refresh"] = Refresher(
        lambda: refresh_catalogues(library.lessons_dir, library.locales_dir, library.registry, library.segments_cache)
    )
    # how long a save waits for the catalogues to follow (0: answer at once; tests wait)
    app.config.setdefault("CATALOGUE_REFRESH_WAIT", 60 if app.testing else 0)
    login.init_app(app)
    login.login_view = "trainer.login"
    login.login_message = None  # the login page says why already
    login.user_loader(access.load_account)
    app.register_blueprint(access.bp)
