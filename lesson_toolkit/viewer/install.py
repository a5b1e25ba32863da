"""Installing and finding the site: the web app manifest, its icons, the favicon, robots.txt.

The manifest is per language (`/<lang>/manifest.webmanifest`, which every page links to), so
that the home-screen name is in the learner's language and the installed site opens in it;
`/manifest.webmanifest` leads to the one in the language the browser chose. Every language's
manifest has the same `id`: the site is one app, whichever language it was installed from.
"""

from __future__ import annotations

import json

from flask import Response, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from lesson_toolkit.authoring.pictures.icons import SIZES, favicon_ico, icon_png
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer.blueprint import bp
from lesson_toolkit.viewer.sharing import absolute

THEME_COLOUR = "#0b5d3b"  # the header's green, as in `<meta name="theme-color">`
BACKGROUND_COLOUR = "#ffffff"
ICON_AGE = 7 * 24 * 3600  # icons have fixed names: revalidated weekly, not kept for a year


def manifest_for(lang: str) -> dict:
    """The web app manifest's fields in `lang` (the request's language must be `lang`)."""
    language = toolkit.registry[lang]
    start = url_for("viewer.index", lang=lang)
    if current_app.config.get("STATIC_EXPORT"):
        start += "index.html"  # every page of the pack is a file
    icons = [
        {"src": url_for("viewer.icon", size=size), "sizes": f"{size}x{size}", "type": "image/png"} for size in SIZES
    ]
    maskable = {**icons[-1], "purpose": "maskable"}  # the drawing keeps to the safe zone
    return {
        "id": "/",
        "name": _("Digital skills lessons"),
        "short_name": _("Lessons"),
        "description": _("Learn to use your phone, step by step"),
        "lang": lang,
        "dir": language.direction,
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "categories": ["education"],
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [*icons, maskable],
    }


def manifest_response(lang: str) -> BaseResponse:
    body = json.dumps(manifest_for(lang), ensure_ascii=False, indent=1, sort_keys=True)
    response = Response(body, mimetype="application/manifest+json")
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/<lang>/manifest.webmanifest")
def manifest():
    return manifest_response(toolkit.lang)


@bp.route("/manifest.webmanifest")
def chosen_manifest():
    """The manifest in the language the browser chose (cookie, then Accept-Language), as `/`
    chooses the index."""
    response = redirect(url_for("viewer.manifest", lang=toolkit.negotiate()))
    response.vary.update(["Cookie", "Accept-Language"])
    return response


def picture_response(data: bytes, mimetype: str) -> BaseResponse:
    response = Response(data, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = ICON_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/icons/icon-<int:size>.png")
def icon(size: int):
    if size not in SIZES:
        abort(404)
    return picture_response(icon_png(size), "image/png")


@bp.route("/favicon.ico")
def favicon():
    return picture_response(favicon_ico(), "image/vnd.microsoft.icon")


@bp.route("/robots.txt")
def robots():
    """Learners' pages for everyone; not the workspace, nor the links that only set a cookie."""
    lines = [
        "User-agent: *",
        "Disallow: /trainer/",
        "Disallow: /language/",
        "Disallow: /*/text-size",
        "Allow: /",
        f"Sitemap: {absolute(url_for('viewer.sitemap'))}",
        "",
    ]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)
