"""Link previews and the addresses pages name: what Zalo or Facebook shows for a shared link,
the canonical address of a page and its other languages.

Absolute addresses use `PUBLIC_BASE_URL` when it names a real host, else the address the page
was asked for (a loopback default would send a phone on the village Wi-Fi to itself). The
static pack knows no address of its own: there, only the public address is used, and tags that
need an absolute address are left out when there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_babel import gettext as _

from lesson_toolkit.authoring.core.addresses import is_loopback, usable_base
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.pictures.names import is_safe_picture_path, localised_name
from lesson_toolkit.authoring.pictures.previews import HEIGHT, WIDTH, link_preview, preview_digest
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer import pictures
from lesson_toolkit.viewer.blueprint import bp
from lesson_toolkit.viewer.files import COOKIE_AGE, cover_src, picture_cache

X_DEFAULT = "x-default"


def public_base() -> str | None:
    """The site's address for absolute URLs, without a trailing slash; None in a static pack
    exported without a public address."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if current_app.config.get("STATIC_EXPORT"):
        base = usable_base(configured)
        return base if base and not is_loopback(base) else None
    return usable_base(configured, request.host_url)


def absolute(path: str) -> str | None:
    base = public_base()
    return base + path if base is not None else None


@dataclass(frozen=True)
class LinkCard:
    """What a shared link shows: title, summary, picture, in the page's language."""

    title: str
    description: str
    url: str | None  # absolute; None in a pack without a public address
    image: str | None  # absolute URL of a WIDTH×HEIGHT JPEG
    kind: str = "website"  # og:type: "article" for a lesson

    width: int = WIDTH
    height: int = HEIGHT


def page_links(page_path: Callable[[str], str]) -> dict:
    """The canonical address of the current page and its address in every language.

    In the static pack, the languages in the pack keep site paths, which the exporter turns into
    links inside the pack; the others are named on the public site, if there is one."""
    reg = toolkit.registry
    packed = (
        set(current_app.config.get("STATIC_EXPORT_LANGUAGES") or ())
        if current_app.config.get("STATIC_EXPORT")
        else set()
    )

    def address(code: str, path: str) -> str | None:
        return path if code in packed else absolute(path)

    alternates = [(language.code, address(language.code, page_path(language.code))) for language in reg.public]
    if request.endpoint == "viewer.index":
        # the root chooses the reader's language; a pack has no such page
        default = None if packed else absolute(url_for("viewer.root"))
    else:
        default = address(reg.default, page_path(reg.default))
    alternates.append((X_DEFAULT, default))
    return {"canonical": absolute(page_path(toolkit.lang)), "alternates": [(c, h) for c, h in alternates if h]}


# -- preview pictures ----------------------------------------------------------------------------


def cover_path(lesson: Lesson, lang: str) -> Path | None:
    """The lesson's cover (else its first picture) in `lang`, if it is a usable picture."""
    src = cover_src(lesson)
    if not src:
        return None
    name = localised_name(src, toolkit.registry[lang].chain, lesson.images_dir)
    path = lesson.folder / name
    if not is_safe_picture_path(name) or not path.is_file() or pictures.safe_describe(path, picture_cache()) is None:
        return None
    return path


def index_covers(lang: str) -> list[Path]:
    """The covers the index's preview shows: the first lessons, easiest first."""
    lessons = sorted(toolkit.library.lessons.values(), key=lambda lesson: (lesson.level, lesson.slug))
    found = (cover_path(lesson, lang) for lesson in lessons)
    return list(islice((path for path in found if path is not None), 3))  # looks no further than needed


def digest_of(paths: list[Path]) -> str:
    return preview_digest([pictures.describe(path, picture_cache()).digest for path in paths])


def index_preview_url(lang: str) -> str | None:
    covers = index_covers(lang)
    if not covers:
        return None
    return url_for("viewer.index_preview", code=lang, digest=digest_of(covers))


def lesson_preview_url(lesson: Lesson, lang: str) -> str | None:
    """The lesson's preview; the index's for a lesson without a picture."""
    cover = cover_path(lesson, lang)
    if cover is None:
        return index_preview_url(lang)
    return url_for("viewer.lesson_preview", slug=lesson.slug, name=cover.name, digest=digest_of([cover]))


def index_card(page_path: str) -> LinkCard:
    image = index_preview_url(toolkit.lang)
    return LinkCard(
        title=_("Digital skills lessons"),
        description=_(
            "Short lessons with pictures for your phone: pay bills by QR code, install VNeID, "
            "use Zalo and keep safe from scams."
        ),
        url=absolute(page_path),
        image=absolute(image) if image else None,
    )


def lesson_card(lesson: Lesson, title: str, summary: str, page_path: str) -> LinkCard:
    image = lesson_preview_url(lesson, toolkit.lang)
    return LinkCard(
        title=title,
        description=summary,
        url=absolute(page_path),
        image=absolute(image) if image else None,
        kind="article",
    )


def send_preview(paths: list[Path]):
    path = link_preview(paths, picture_cache() / "previews")
    response = send_file(path, mimetype="image/jpeg", max_age=COOKIE_AGE, conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.route("/previews/<code>/<digest>.jpg")
def index_preview(code: str, digest: str):
    """The index's preview in the language `code`; its URL holds the hash of its sources, so it
    is immutable. (Not `<lang>`: fetching a picture is not choosing a language.)"""
    if code not in toolkit.registry:
        abort(404)
    covers = index_covers(code)
    if not covers:
        abort(404)
    current = digest_of(covers)
    if digest != current:  # a lesson or its cover changed since the link was shared
        return redirect(url_for("viewer.index_preview", code=code, digest=current))
    return send_preview(covers)


@bp.route("/previews/<slug>/<name>/<digest>.jpg")
def lesson_preview(slug: str, name: str, digest: str):
    lesson = toolkit.lesson_or_404(slug)
    if not is_safe_picture_path(f"images/{name}"):
        abort(404)
    path = lesson.images_dir / name
    if not path.is_file() or pictures.safe_describe(path, picture_cache()) is None:
        abort(404)
    current = digest_of([path])
    if digest != current:
        return redirect(url_for("viewer.lesson_preview", slug=slug, name=name, digest=current))
    return send_preview([path])
