"""The site's files: lesson pictures and their resized variants, scripts, the service worker.

Picture variants and scripts have content-hash URLs, so they are cached for a year.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from flask import Response, abort, current_app, redirect, request, send_file, url_for
from werkzeug.wrappers import Response as BaseResponse

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.segmenter import IMAGE, Picture
from lesson_toolkit.authoring.pictures.choice import MIME
from lesson_toolkit.authoring.pictures.names import content_file, is_safe_picture_path, localised_name
from lesson_toolkit.authoring.pictures.variants import PictureError, prepared
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer import pictures
from lesson_toolkit.viewer.blueprint import bp
from lesson_toolkit.viewer.state import PICTURE_BYTES, ServedFile, viewer_state

log = logging.getLogger(__name__)

COOKIE_AGE = 365 * 24 * 3600
STATIC = Path(__file__).resolve().parent.parent / "static" / "viewer"
ASSETS = ("app.js", "search.js", "share.js")  # the service worker keeps these from the start
# fetched by a page only when it needs them (the Tày marks' font: `viewer/tay_font.py`)
FONTS = ("tay-marks.woff2",)


def picture_cache() -> Path:
    """Where the pictures' files (and what their pixels said) are kept: the instance's."""
    return Path(current_app.instance_path) / "pictures"


def picture_file(lesson: Lesson, src: str, lang: str) -> Path | None:
    """The file a picture of `lesson` shows in `lang`, if it may be shown."""
    name = localised_name(src, toolkit.registry[lang].chain, lesson.images_dir)
    return content_file(lesson.folder, name) if is_safe_picture_path(name) else None


def prepare_pictures(lesson: Lesson, lang: str, widths: tuple[int, ...] = pictures.LESSON_WIDTHS) -> None:
    """Encode the lesson's pictures in every format and width side by side (Pillow lets go of
    the GIL), so that choosing the smallest costs the page nothing more than a look-up."""
    cache_dir = picture_cache()
    work = []
    for match in IMAGE.finditer(lesson.body):
        path = picture_file(lesson, match["src"], lang)
        source = pictures.safe_describe(path, cache_dir) if path else None
        if path and source:
            work += [(path, source, ext, width) for ext in source.kind.formats for width in widths]
    if not work:
        return
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for done in [pool.submit(pictures.file_size, *task, cache_dir) for task in work]:
            try:
                done.result()
            except (OSError, PictureError) as exc:  # the page shows what it can: see `lesson_picture`
                log.warning("picture not usable: %s", exc)


def lesson_picture(lesson: Lesson, src: str, widths: tuple[int, ...]) -> pictures.ResponsivePicture | None:
    """The responsive variants of a picture of `lesson` in the page language, if usable."""
    path = picture_file(lesson, src, toolkit.lang)
    if path is None:
        return None
    cache_dir = picture_cache()
    source = pictures.safe_describe(path, cache_dir)
    if source is None:
        return None
    filename = path.name

    def url(file: str) -> str:
        return url_for("viewer.picture_variant", slug=lesson.slug, name=filename, file=file)

    def size(ext: str, width: int) -> int:
        return pictures.file_size(path, source, ext, width, cache_dir)

    try:
        found = pictures.responsive(source, widths, url, size)
    except (OSError, PictureError) as exc:
        log.warning("picture %s not usable: %s", path, exc)
        return None
    if current_app.config.get("STATIC_EXPORT") and found.sources:
        # the pack keeps one file per picture and width, plus the fallback at the smallest
        # width for browsers that read none of the `<source>` formats
        found = replace(found, fallback=found.fallback[:1])
    return found


def found_name(lesson: Lesson, src: str, lang: str) -> str:
    return localised_name(src, toolkit.registry[lang].chain, lesson.images_dir)


def web_picture(lesson: Lesson, src: str, lang: str) -> Picture:
    """A step picture on the phone: `<source>` lists where a modern format is smaller, then
    the fallback's."""
    found = lesson_picture(lesson, src, pictures.LESSON_WIDTHS)
    if found is None:
        name = found_name(lesson, src, lang)
        return Picture(
            {"src": url_for("viewer.picture", lang=lang, slug=lesson.slug, name=name.removeprefix("images/"))}
        )
    sources = tuple(
        {"type": mime, "srcset": found.srcset(candidates), "sizes": pictures.LESSON_SIZES}
        for mime, candidates in found.sources
    )
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
    return Picture(img, sources)


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
    """A resized, re-encoded picture; its URL holds the source's hash, so it is immutable.

    Pictures are most of a lesson's requests: one checked less than `recheck` seconds ago is
    sent from memory (the checks below cost more than the sending)."""
    state, now = viewer_state(), time.monotonic()
    served = state.pictures.get((slug, name, file))
    if served is None or now - served.checked >= state.recheck:
        found = checked_variant(slug, name, file)
        if not isinstance(found, Path):
            return found  # a redirect to the current file
        served = served_file(found, MIME[file.rsplit(".", 1)[1]], now, served)
        if len(served.data) <= PICTURE_BYTES // 64:  # a rare huge file is sent, not kept
            state.pictures[(slug, name, file)] = served
    response = Response(served.data, mimetype=served.mimetype)
    response.set_etag(served.etag)
    response.cache_control.public = True
    response.cache_control.max_age = COOKIE_AGE
    response.cache_control.immutable = True
    return response.make_conditional(request)


def served_file(path: Path, mimetype: str, now: float, earlier: ServedFile | None) -> ServedFile:
    """The file's bytes, read again only when it is another file (a variant is never rewritten
    in place: it is made once under a new name)."""
    if earlier is not None and earlier.path == path:
        return replace(earlier, checked=now)
    data = path.read_bytes()
    return ServedFile(path, data, mimetype, hashlib.sha256(data).hexdigest()[:24], now)


def checked_variant(slug: str, name: str, file: str) -> Path | BaseResponse:
    """The variant file a picture URL names, made if needed; a redirect when the URL names an
    older version of the picture; a 404 for anything else."""
    lesson = toolkit.lesson_or_404(slug)
    match = pictures.VARIANT_FILE.match(file)
    known = pictures.WIDTHS | pictures.FORMER_WIDTHS.keys()
    if not match or int(match["width"]) not in known or not is_safe_picture_path(f"images/{name}"):
        abort(404)
    width = int(match["width"])
    source_path = content_file(lesson.folder, f"images/{name}")
    source = pictures.safe_describe(source_path, picture_cache()) if source_path is not None else None
    if source is None or source_path is None:
        abort(404)
    ext = match["ext"]
    if source.digest != match["digest"] or ext not in source.kind.formats or width not in pictures.WIDTHS:
        # an old page asks for an edited picture, or a format or width it no longer has
        ext = ext if ext in source.kind.formats else source.fallback
        current = f"{source.digest}-{pictures.FORMER_WIDTHS.get(width, width)}.{ext}"
        return redirect(url_for("viewer.picture_variant", slug=slug, name=name, file=current))
    variant = source.kind.variant(ext, width)
    return prepared(source_path, variant, picture_cache(), source.digest)


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
