"""Language of a request, and user-interface strings along the fallback chain.

Flask-Babel parses the locale with CLDR data, which Tày and Dao do not have. So the request's
*language* (`g.lang`, any registered code) is kept apart from its *locale* (the registry's CLDR
locale, used only for dates and numbers), and `ChainDomain` loads the UI catalogues for the
language and each fallback, chained with gettext's `add_fallback`.
"""

from __future__ import annotations

import time
from pathlib import Path

from babel import support
from flask import Blueprint, abort, current_app, g, request
from flask_babel import Domain

from authoring.catalogue import po_path
from authoring.languages import Registry

LANG_COOKIE = "lang"


def library():
    return current_app.extensions["library"]


def registry() -> Registry:
    """The language registry; looked for on disk at most every VIEWER_RECHECK_SECONDS."""
    state = current_app.extensions.setdefault("viewer_registry", [0.0, None])
    now = time.monotonic()
    if state[1] is None or now - state[0] >= current_app.config["VIEWER_RECHECK_SECONDS"]:
        state[:] = [now, library().registry]
    return state[1]


def current_lang() -> str:
    return g.get("lang") or registry().default


def select_locale() -> str:
    """The CLDR locale for formatting: e.g. `vi` for a Tày page."""
    return registry()[current_lang()].cldr


def negotiate() -> str:
    """Cookie first, then the browser's Accept-Language, then the default language."""
    reg = registry()
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in reg:
        return cookie
    codes = [lang.code for lang in reg.public]
    best = request.accept_languages.best_match(codes)
    return best or reg.default


class ChainDomain(Domain):
    """The `messages` domain, looked up along the language's fallback chain."""

    def get_translations(self):
        if not g:
            return support.NullTranslations()
        lang = current_lang()
        reg = registry()
        locales_dir = Path(library().locales_dir)
        mos = [po_path(locales_dir, code, "messages").with_suffix(".mo") for code in reg[lang].chain]
        stamp = tuple((mo, mo.stat().st_mtime_ns) for mo in mos if mo.exists())
        cache = current_app.extensions.setdefault("ui_translations", {})
        cached = cache.get(lang)
        if cached and cached[0] == stamp:
            return cached[1]
        translations = support.NullTranslations()
        for mo, _ in reversed(stamp):
            with mo.open("rb") as handle:
                catalogue = support.Translations(handle, domain="messages")
            catalogue.add_fallback(translations)
            translations = catalogue
        cache[lang] = (stamp, translations)
        return translations


def language_in_url(bp: Blueprint) -> None:
    """For routes under `/<lang>/`: the code goes to `g.lang` (an unknown one is a 404), and
    `url_for` fills it in from the current page."""

    @bp.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in registry():
                abort(404)
            g.lang = lang

    @bp.url_defaults
    def add_lang(endpoint, values):
        if "lang" not in values and g.get("lang") and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang
