"""The site's files: lesson pictures and their resized variants, scripts, the service worker.

Picture variants and scripts have content-hash URLs, so they are cached for a year.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Response, abort, current_app, redirect, request, send_file, url_for

from authoring.core.lesson import Lesson
from authoring.core.segmenter import IMAGE, Picture
from authoring.pictures.names import content_file, is_safe_picture_path, localised_name
from authoring.pictures.variants import prepared
from extensions import toolkit
from viewer import pictures
from viewer.blueprint import bp

COOKIE_AGE = 365 * 24 * 3600
STATIC = Path(__file__).resolve().parent.parent / "static" / "viewer"
ASSETS = ("app.js", "search.js", "share.js")  # the service worker keeps these from the start
# fetched by a page only when it needs them (the Tày marks' font: `viewer/tay_font.py`)
FONTS = ("tay-marks.woff2",)


def lesson_picture(lesson: Lesson, src: str, widths: tuple[int, ...]) -> pictures.ResponsivePicture | None:
    """The responsive variants of a picture of `lesson` in the page language, if usable."""
    name = localised_name(src, toolkit.registry[toolkit.lang].chain, lesson.images_dir)
    path = content_file(lesson.folder, name) if is_safe_picture_path(name) else None
    if path is None:
        return None
    source = pictures.safe_describe(path)
    if source is None:
        return None
    filename = path.name

    def url(file: str) -> str:
        return url_for("viewer.picture_variant", slug=lesson.slug, name=filename, file=file)

    return pictures.responsive(source, widths, url)


def found_name(lesson: Lesson, src: str, lang: str) -> str:
    return localised_name(src, toolkit.registry[lang].chain, lesson.images_dir)


def web_picture(lesson: Lesson, src: str, lang: str) -> Picture:
    """A step picture on the phone: WebP variants first (a `<source>`), then the fallback's."""
    found = lesson_picture(lesson, src, pictures.LESSON_WIDTHS)
    if found is None:
        name = found_name(lesson, src, lang)
        return Picture(
            {"src": url_for("viewer.picture", lang=lang, slug=lesson.slug, name=name.removeprefix("images/"))}
        )
    webp = {"type": "image/webp", "srcset": found.srcset(found.webp), "sizes": pictures.LESSON_SIZES}
    img = {
        # browsers without srcset (old Android) get the smallest variant: small, and the same
        # file for every language (the static pack keeps one copy)
        "src": found.src,
        "srcset": found.srcset(found.fallback),
        "sizes": pictures.LESSON_SIZES,
        "width": str(found.width),
        "height": str(found.height),
        "loading": "lazy",  # steps start below the first screen (title, summary, what you need)
        "decoding": "async",
    }
    return Picture(img, (webp,))


def cover_src(lesson: Lesson) -> str | None:
    """The lesson's cover, else its first picture (as the Markdown names it)."""
    if lesson.cover:
        return lesson.cover
    first = IMAGE.search(lesson.body)
    return first["src"] if first else None


def thumbnail(lesson: Lesson) -> pictures.ResponsivePicture | None:
    src = cover_src(lesson)
    return lesson_picture(lesson, src, pictures.THUMB_WIDTHS) if src else None


def asset_version(name: str) -> str:
    versions = current_app.extensions["viewer"].assets
    path = STATIC / name
    stamp = path.stat().st_mtime_ns
    if name not in versions or versions[name][0] != stamp:
        versions[name] = (stamp, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
    return versions[name][1]


@bp.route("/<lang>/lessons/<slug>/images/<name>")
def picture(slug: str, name: str):
    lesson = toolkit.lesson_or_404(slug)
    path = content_file(lesson.folder, f"images/{name}") if is_safe_picture_path(f"images/{name}") else None
    if path is None:
        abort(404)  # missing, or a symbolic link or a path leading out of the lesson: the same 404
    return send_file(path, max_age=365 * 24 * 3600)


@bp.route("/pictures/<slug>/<name>/<file>")
def picture_variant(slug: str, name: str, file: str):
    """A resized, re-encoded picture; its URL holds the source's hash, so it is immutable."""
    lesson = toolkit.lesson_or_404(slug)
    match = pictures.VARIANT_FILE.match(file)
    if not match or int(match["width"]) not in pictures.WIDTHS or not is_safe_picture_path(f"images/{name}"):
        abort(404)
    source_path = content_file(lesson.folder, f"images/{name}")
    source = pictures.safe_describe(source_path) if source_path is not None else None
    if source is None or source_path is None:
        abort(404)
    if source.digest != match["digest"] or match["ext"] not in ("webp", source.fallback):
        # an old page asks for an edited picture: send it to the current one
        current = f"{source.digest}-{match['width']}.{'webp' if match['ext'] == 'webp' else source.fallback}"
        return redirect(url_for("viewer.picture_variant", slug=slug, name=name, file=current))
    variant = pictures.variant_for(match["ext"], int(match["width"]))
    path = prepared(source_path, variant, Path(current_app.instance_path) / "pictures")
    response = send_file(path, mimetype=f"image/{variant.format}", max_age=COOKIE_AGE, conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.route("/assets/<version>/<name>")
def asset(version: str, name: str):
    """Static files under a content-hash URL, cached for a year."""
    if name not in ASSETS and name not in FONTS:
        abort(404)
    # in memory (a few KB), so that a script is compressed like a page
    mimetype = "font/woff2" if name in FONTS else "text/javascript"
    response = Response((STATIC / name).read_bytes(), mimetype=mimetype)
    if version == asset_version(name):
        response.cache_control.public = True
        response.cache_control.max_age = COOKIE_AGE
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole site."""
    reg = toolkit.registry
    codes = [language.code for language in reg.public]
    suffix = ".html" if current_app.config.get("STATIC_EXPORT") else ""
    config = {
        "languages": codes,
        "default": reg.default,
        # in the static pack every page is a file: /vi/offline.html, /vi/lessons/x.html
        "offline": {code: url_for("viewer.offline", lang=code) + suffix for code in codes},
        "assets": [url_for("viewer.asset", version=asset_version(name), name=name) for name in ASSETS],
    }
    script = (STATIC / "sw.js").read_text(encoding="utf-8")
    config_js = json.dumps(config, sort_keys=True)
    version = hashlib.sha256((config_js + script).encode()).hexdigest()[:12]
    body = f"const CONFIG = {config_js};\nconst VERSION = {json.dumps(version)};\n{script}"
    response = Response(body, mimetype="text/javascript")
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)
