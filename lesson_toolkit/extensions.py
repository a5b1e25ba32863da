"""Flask extensions, created once and unbound; `create_app` binds them.

`toolkit` is the project's own: the per-app state every face shares (the lesson library, the
interface strings) and the language of the current request. It keeps that state in one object,
`app.extensions["toolkit"]`, as Flask-Babel does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click
from babel import support
from flask import Blueprint, Flask, abort, current_app, g, request
from flask_babel import Babel, Domain
from flask_babel import gettext as _
from flask_compress import Compress
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from lesson_toolkit.authoring.core.lesson import SLUG, Lesson
from lesson_toolkit.authoring.core.library import Library
from lesson_toolkit.authoring.core.render import admonition_labels
from lesson_toolkit.authoring.database import Base
from lesson_toolkit.authoring.i18n.interface import InterfaceStrings
from lesson_toolkit.authoring.i18n.languages import Language, Registry

db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
login = LoginManager()
compress = Compress()  # bound by the viewer, which sets its defaults

LANG_COOKIE = "lang"


class _PendingMigrate:
    """`app.extensions["migrate"]` until a migration is asked for: then Flask-Migrate is bound
    (replacing this) and answers. Alembic takes a tenth of a second or more to import, which
    every `flask` command, app start and first handout would otherwise pay."""

    def __init__(self, app: Flask, db: SQLAlchemy, directory: str):
        self.app, self.db, self.directory = app, db, directory

    def bind(self) -> Any:
        from flask_migrate import Migrate

        Migrate().init_app(self.app, self.db, directory=self.directory)
        return self.app.extensions["migrate"]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("app", "db", "directory"):
            raise AttributeError(name)  # copying or pickling, or not initialised: never bind for that
        return getattr(self.bind(), name)


class _MigrationCommands(click.Group):
    """`flask db …`: Flask-Migrate's own group (options, callback and commands), imported when
    it is asked for; listed in `flask --help` without importing it."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


class Migrations:
    """Flask-Migrate's `Migrate`, bound at its first use (a `flask db` command, or its Python
    API such as `flask_migrate.upgrade()` in an app context)."""

    def init_app(self, app: Flask, db: SQLAlchemy, directory: str) -> None:
        app.extensions["migrate"] = _PendingMigrate(app, db, directory)
        app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


migrations = Migrations()


@dataclass
class ToolkitState:
    """What `create_app` makes once and hands to every face."""

    library: Library
    interface: InterfaceStrings
    recheck_seconds: float = 1.0  # how often the registry file is looked at
    _registry: tuple[float, Registry] | None = field(default=None, repr=False)


class _ChainDomain(Domain):
    """Flask-Babel's `messages` domain, looked up along the request language's fallback chain."""

    def get_translations(self) -> support.NullTranslations:
        if not g:
            return support.NullTranslations()
        return toolkit.interface_strings(toolkit.lang)


class Toolkit:
    """The lesson library and the language of the request, for every face.

    Flask-Babel parses locales with CLDR data, which Tày and Dao do not have. So the request's
    *language* (`g.lang`, any registered code) is kept apart from its *locale* (the registry's
    CLDR locale, used only for dates and numbers).
    """

    def init_app(self, app: Flask, state: ToolkitState) -> None:
        app.extensions["toolkit"] = state
        babel.init_app(app, default_locale="vi", locale_selector=self.locale)
        babel.domain_instance = _ChainDomain()
        app.jinja_env.globals["language_name"] = self.language_name
        app.jinja_env.globals["source_language"] = lambda: self.registry.source  # the lessons' language
        # an error or lint finding in the reader's language: `{{ error|translated }}`
        app.jinja_env.filters["translated"] = lambda error: error.translated(_)

    @property
    def state(self) -> ToolkitState:
        return current_app.extensions["toolkit"]

    @property
    def library(self) -> Library:
        return self.state.library

    @property
    def registry(self) -> Registry:
        """The language registry; looked for on disk at most every `recheck_seconds`."""
        state = self.state
        now = time.monotonic()
        if state._registry is None or now - state._registry[0] >= state.recheck_seconds:
            state._registry = (now, state.library.registry)
        return state._registry[1]

    @property
    def lang(self) -> str:
        """The language of this request: from the URL, else the default."""
        return g.get("lang") or self.registry.default

    def locale(self) -> str:
        """The CLDR locale for formatting: e.g. `vi` for a Tày page."""
        return self.registry[self.lang].cldr

    def interface_strings(self, lang: str) -> support.NullTranslations:
        return self.state.interface.translations(self.registry, lang)

    def interface_language(self, lang: str | None = None) -> str:
        """The language the interface text of a `lang` page is in (Vietnamese on a Tày page
        while Tày has no interface text): what `<html lang>` says."""
        return self.state.interface.text_language(self.registry, lang or self.lang)

    def negotiate(self) -> str:
        """Cookie first, then the browser's Accept-Language, then the default language."""
        registry = self.registry
        cookie = request.cookies.get(LANG_COOKIE)
        if cookie and cookie in registry:
            return cookie
        best = request.accept_languages.best_match([language.code for language in registry.public])
        return best or registry.default

    def language_name(self, language: Language) -> str:
        """A language's name as a sentence of this request's language says it ("tiếng Tày")."""
        return language.name_in(self.lang)

    def admonition_label(self) -> Callable[[str], str]:
        """Tip, warning… in the request's language."""
        return admonition_labels(_)

    def lesson_or_404(self, slug: str, *, drafts: bool = False) -> Lesson:
        """The loader every lesson route uses: validates the slug, 404 when there is no such
        lesson, or (unless `drafts`, for the workspace) when it is not published."""
        if not SLUG.match(slug):
            abort(404)
        lessons = self.library.all_lessons if drafts else self.library.lessons
        lesson = lessons.get(slug)
        if lesson is None:
            abort(404)
        return lesson

    def language_in_url(self, bp: Blueprint) -> None:
        """For routes under `/<lang>/`: the code goes to `g.lang` (an unknown one is a 404), and
        `url_for` fills it in from the current page."""

        @bp.url_value_preprocessor
        def pull_lang(endpoint, values):
            if values and "lang" in values:
                lang = values.pop("lang")
                if lang not in self.registry:
                    abort(404)
                g.lang = lang

        @bp.url_defaults
        def add_lang(endpoint, values):
            if "lang" not in values and g.get("lang") and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
                values["lang"] = g.lang


toolkit = Toolkit()
