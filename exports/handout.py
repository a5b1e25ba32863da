"""Handouts: a lesson rendered through the print templates into a PDF, cached by content.

The pipeline: options → lesson rendered in the page language (and a second one, for bilingual
sheets) → print HTML (`templates/print/`) → content key → the cached PDF, or WeasyPrint, whose
pictures come pre-shrunk from Pillow (`authoring.pictures.variants.prepared`).

The key is the hash of the finished HTML (lesson, translations, UI strings, template and
options are all in it), of every picture it shows and of the renderer. So a repeated request
is a file read, and editing one lesson re-renders only that lesson's handouts.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import segno
from flask import current_app, g, has_request_context, render_template
from markupsafe import Markup
from PIL import ExifTags, Image

from authoring.core.lesson import SLUG, Lesson
from authoring.core.library import Output
from authoring.core.render import RenderedLesson
from authoring.errors import ToolkitError
from authoring.i18n.languages import Registry
from authoring.pictures.names import is_safe_picture_path, localised_name
from authoring.pictures.variants import PictureError, Variant, content_hash, prepared
from exports.cache import PdfCache, content_key
from exports.pdf import RENDERER, html_to_pdf, impose_2up
from extensions import toolkit

log = logging.getLogger(__name__)

SIZES = ("a4", "a5")
IMPOSITIONS = ("2up",)
# The largest box a picture is printed in (90 × 95 mm) at about 180 dpi: sharp on paper,
# small in the PDF. A tall phone screenshot, capped by the height, needs fewer pixels across.
PICTURE = Variant(width=640, format="jpeg", quality=85)
PICTURE_BOX_HEIGHT = 680
MAX_NOTE = 120  # characters of a cultural house's name or a trainer's contact
IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
TRUE, FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


class OptionError(ToolkitError):
    """A handout option that cannot be used; names the option."""

    def __init__(self, option: str, message: str):
        super().__init__(message, field=option)
        self.option = option

    @property
    def detail(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class HandoutOptions:
    size: str = "a4"
    bw: bool = False  # black-and-white printer: grayscale pictures, no fills
    large: bool = False  # large print for elderly readers
    with_lang: str | None = None  # bilingual: each passage followed by this language
    house: str | None = None  # cultural house's name, on the last panel
    contact: str | None = None  # trainer's contact, on the last panel

    def __post_init__(self):
        if self.size not in SIZES:
            raise OptionError("size", f"must be one of {', '.join(SIZES)}, not {self.size!r}")
        for option in ("house", "contact"):
            value = getattr(self, option)
            if value is not None:
                value = unicodedata.normalize("NFC", " ".join(value.split())) or None
                if value and len(value) > MAX_NOTE:
                    raise OptionError(option, f"at most {MAX_NOTE} characters")
                object.__setattr__(self, option, value)

    def check(self, reg: Registry, lang: str) -> HandoutOptions:
        """Check the second language against the registry and the page language."""
        if self.with_lang is not None:
            if self.with_lang not in reg:
                raise OptionError("with", f"unknown language {self.with_lang!r} (registered: {', '.join(reg.codes)})")
            if self.with_lang == lang:
                raise OptionError("with", f"the second language must differ from the page language {lang!r}")
        return self

    @property
    def label(self) -> str:
        """The options as a file-name part: `a5.bw.large.with-vi`."""
        parts = [self.size, "bw" if self.bw else "", "large" if self.large else ""]
        parts.append(f"with-{self.with_lang}" if self.with_lang else "")
        if self.house or self.contact:
            parts.append("house-" + content_key(self.house or "", self.contact or "")[:8])
        return ".".join(p for p in parts if p)

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> HandoutOptions:
        """`?size=a5&bw=1&large=1&with=vi`. A cultural house's name and contact are not taken
        from the web: anyone could print their own 'contact' under the site's name."""
        return cls(
            size=args.get("size", "a4").lower(),
            bw=_flag(args, "bw"),
            large=_flag(args, "large"),
            with_lang=args.get("with") or None,
        )


def _flag(args: Mapping[str, str], name: str) -> bool:
    value = args.get(name, "").lower()
    if value not in TRUE | FALSE:
        raise OptionError(name, f"expected 1 or 0, not {value!r}")
    return value in TRUE


@dataclass(frozen=True)
class PrintDocument:
    """Finished print HTML, and what WeasyPrint needs besides."""

    name: str  # the cache name: what this is, e.g. `pay-bill.tyz.a5.bw`
    html: str
    title: str
    lang: str
    grayscale: bool
    imposition: str | None = None


@dataclass(frozen=True)
class Handout:
    """A PDF in the cache."""

    path: Path
    key: str
    filename: str
    rendered: bool  # False: served from the cache

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


# --- rendering the lesson for print ------------------------------------------------------


def print_picture(lesson: Lesson, src: str, lang: str) -> dict[str, str]:
    """Pictures are named from the lessons folder (the PDF's base URL), so a booklet of many
    lessons can hold them all; the fetcher swaps in the prepared variant."""
    return {"src": f"{lesson.slug}/{localised_name(src, toolkit.registry[lang].chain, lesson.images_dir)}"}


def print_output(lang: str) -> Output:
    return Output(name=f"print:{lang}", label=toolkit.admonition_label(), picture_url=print_picture)


def phone_url(lesson: Lesson, lang: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/{lang}/lessons/{lesson.slug}"


@functools.lru_cache(maxsize=2048)
def qr_svg(url: str) -> Markup:
    """A vector QR code with its quiet zone; medium error correction survives a worn sheet."""
    return Markup(segno.make(url, error="m").svg_inline(border=4, omitsize=True, dark="#000"))


@dataclass(frozen=True)
class PrintLesson:
    """One lesson as the print templates show it."""

    page: RenderedLesson
    second: RenderedLesson | None  # the same lesson in the `with` language
    phone_url: str
    qr: Markup

    @property
    def anchor(self) -> str:
        return f"lesson-{self.page.lesson.slug}"


def print_lesson(lesson: Lesson, lang: str, options: HandoutOptions) -> PrintLesson:
    lib = toolkit.library
    page = lib.render(lesson, lang, print_output(lang), with_lang=options.with_lang)
    second = lib.render(lesson, options.with_lang, print_output(options.with_lang)) if options.with_lang else None
    url = phone_url(lesson, lang)
    return PrintLesson(page=page, second=second, phone_url=url, qr=qr_svg(url))


def template_context(lang: str, options: HandoutOptions) -> dict:
    reg = toolkit.registry
    return {
        "options": options,
        "language": reg[lang],
        "second_language": reg[options.with_lang] if options.with_lang else None,
    }


def handout_document(lesson: Lesson, lang: str, options: HandoutOptions) -> PrintDocument:
    """The print HTML of one lesson, its UI strings in `lang` too."""
    with in_language(lang):
        item = print_lesson(lesson, lang, options)
        html = render_template("print/handout.html", item=item, **template_context(lang, options))
    return PrintDocument(
        name=f"{lesson.slug}.{lang}.{options.label}",
        html=html,
        title=item.page.title.text,
        lang=lang,
        grayscale=options.bw,
    )


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """A context in which templates and UI strings use `lang`: the current one when it does
    (a request for `/<lang>/…`), else a new one (the CLI, benchmarks, another language)."""
    if has_request_context() and g.get("lang") == lang:
        yield
        return
    with current_app.test_request_context():
        g.lang = lang
        yield


# --- pictures and the cache -----------------------------------------------------------


def cache_dir() -> Path:
    configured = current_app.config.get("HANDOUT_CACHE_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "handouts-cache"


_hashes: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """Content hash of a picture, recomputed only when its size or modification time changes."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    if stamp not in _hashes:
        if len(_hashes) > 10_000:
            _hashes.clear()
        _hashes[stamp] = content_hash(path.read_bytes())
    return _hashes[stamp]


class LessonPictures:
    """What WeasyPrint may load: `<lessons>/<slug>/images/<name>`, as a prepared variant."""

    def __init__(self, lessons_dir: Path, variants_dir: Path, grayscale: bool):
        self.lessons_dir = lessons_dir.resolve()
        self.variants_dir = variants_dir
        self.variant = Variant(PICTURE.width, PICTURE.format, grayscale, PICTURE.quality)

    def variant_for(self, source: Path) -> Variant:
        """As wide as the print box allows for this picture's shape."""
        try:
            with Image.open(source) as image:
                width, height = image.size
                # only a JPEG's EXIF is in its header: Pillow decodes a whole PNG to find one
                if image.format == "JPEG" and image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
                    width, height = height, width
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return self.variant  # `prepared` reports what is wrong with it
        fitting = round(PICTURE_BOX_HEIGHT * width / max(height, 1))
        return replace(self.variant, width=max(64, min(self.variant.width, fitting)))

    def source(self, path: Path) -> Path | None:
        try:
            slug, *rest = path.resolve().relative_to(self.lessons_dir).parts
        except ValueError:
            return None
        name = "/".join(rest)
        if not SLUG.match(slug) or not is_safe_picture_path(name):
            return None
        return self.lessons_dir / slug / name

    def __call__(self, path: Path) -> Path | None:
        source = self.source(path)
        if source is None or not source.is_file():
            return None
        try:
            return prepared(source, self.variant_for(source), self.variants_dir)
        except PictureError as exc:
            log.warning("%s", exc)  # one broken picture: its alt text is printed instead
            return None


def pictures_of(document: PrintDocument, pictures: LessonPictures) -> list[tuple[str, Path | None]]:
    """Each picture the HTML shows, and its lesson file (None: refused, like the fetcher does)."""
    found = []
    for src in IMG_SRC.findall(document.html):
        absolute = re.match(r"^[a-z][a-z0-9+.-]*:", src) or src.startswith("/")
        found.append((src, None if absolute else pictures.source(pictures.lessons_dir / src)))
    return found


def document_key(document: PrintDocument, pictures: LessonPictures) -> str:
    return content_key(
        RENDERER,
        pictures.lessons_dir.as_uri(),
        repr(pictures.variant),
        document.title,
        document.lang,
        document.imposition or "",
        document.html,
        *(f"{src}={file_hash(source) if source else 'refused'}" for src, source in pictures_of(document, pictures)),
    )


def prepare_pictures(document: PrintDocument, pictures: LessonPictures) -> None:
    """Make the picture variants side by side: Pillow lets go of the GIL while it decodes,
    resizes and encodes, so a cold handout does not wait for its pictures one by one."""
    sources = sorted({source for _, source in pictures_of(document, pictures) if source is not None})
    if len(sources) > 1:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            list(pool.map(pictures, sources))


def publish(document: PrintDocument) -> Handout:
    """The cached PDF of `document`, rendered now if the cache has none for its key."""
    lessons_dir = Path(toolkit.library.lessons_dir)
    folder = cache_dir()
    pictures = LessonPictures(lessons_dir, folder / "pictures", document.grayscale)
    key = document_key(document, pictures)
    cache = PdfCache(folder)
    filename = f"{document.name}.pdf"
    cached = cache.get(document.name, key)
    if cached is not None:
        return Handout(cached, key, filename, rendered=False)
    prepare_pictures(document, pictures)
    pdf = html_to_pdf(
        document.html,
        pictures.lessons_dir.as_uri() + "/",
        lang=document.lang,
        title=document.title,
        identifier=key,
        pictures=pictures,
    )
    if document.imposition == "2up":
        pdf = impose_2up(pdf, title=document.title, lang=document.lang, identifier=key)
    log.info("rendered %s (%d bytes)", filename, len(pdf))
    return Handout(cache.put(document.name, key, pdf), key, filename, rendered=True)


def render_handout(lesson: Lesson, lang: str, options: HandoutOptions = HandoutOptions()) -> Handout:
    """The handout of one lesson in one language, from the cache when it has it."""
    return publish(handout_document(lesson, lang, options.check(toolkit.registry, lang)))
