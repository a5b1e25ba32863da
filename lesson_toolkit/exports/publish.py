"""Pictures and the cache: print HTML to the cached PDF, rendered only when the cache has none.

The key is the hash of the finished HTML, of every picture it shows and of the renderer (its
code, libraries and fonts: `exports.fingerprint`). The pictures WeasyPrint embeds come
pre-shrunk from Pillow (`authoring.pictures.variants.prepared`).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from cachetools import LRUCache
from PIL import ExifTags, Image

from lesson_toolkit.authoring.core.lesson import SLUG
from lesson_toolkit.authoring.pictures.choice import DRAWING, Kind, kind_of
from lesson_toolkit.authoring.pictures.names import content_file, is_safe_picture_path
from lesson_toolkit.authoring.pictures.variants import PictureError, Variant, content_hash, prepared
from lesson_toolkit.exports.cache import PdfCache, content_key
from lesson_toolkit.exports.context import PrintContext
from lesson_toolkit.exports.fingerprint import renderer_fingerprint
from lesson_toolkit.exports.pdf import RENDERER, impose_2up
from lesson_toolkit.exports.rendering import PrintDocument

log = logging.getLogger(__name__)

# The largest box a picture is printed in (90 × 95 mm) at about 180 dpi: sharp on paper,
# small in the PDF. A tall phone screenshot, capped by the height, needs fewer pixels across.
# Photos as JPEG; drawings and screenshots as PNG (`LessonPictures.variant_for`), since JPEG
# blurs their lines and text and makes them larger, not smaller.
PICTURE = Variant(width=640, format="jpeg", quality=85)
PICTURE_BOX_HEIGHT = 680
IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')


@dataclass(frozen=True)
class Handout:
    """A PDF in the cache."""

    path: Path
    key: str
    filename: str
    rendered: bool  # False: served from the cache

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


# (path, mtime, size) → content hash, for the pictures most recently printed
_hashes: LRUCache[tuple[str, int, int], str] = LRUCache(maxsize=10_000)
_hashes_lock = threading.Lock()


def file_hash(path: Path) -> str:
    """Content hash of a picture, recomputed only when its size or modification time changes."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    with _hashes_lock:
        known = _hashes.get(stamp)
    if known is None:
        known = content_hash(path.read_bytes())
        with _hashes_lock:
            _hashes[stamp] = known
    return known


_kinds: LRUCache[str, Kind] = LRUCache(maxsize=10_000)  # content hash → drawing or photo


def kind_for(path: Path, image: Image.Image) -> Kind:
    """Drawing or photo (`authoring.pictures.choice`), remembered by the picture's content hash."""
    digest = file_hash(path)
    with _hashes_lock:
        known = _kinds.get(digest)
    if known is None:
        known = kind_of(image)
        with _hashes_lock:
            _kinds[digest] = known
    return known


class LessonPictures:
    """What WeasyPrint may load: `<lessons>/<slug>/images/<name>`, as a prepared variant."""

    def __init__(self, lessons_dir: Path, variants_dir: Path, grayscale: bool):
        self.lessons_dir = lessons_dir.resolve()
        self.given_dir = Path(os.path.abspath(lessons_dir))  # pages may name it without resolving
        self.variants_dir = variants_dir
        self.variant = Variant(PICTURE.width, PICTURE.format, grayscale, PICTURE.quality)

    def variant_for(self, source: Path) -> Variant:
        """As wide as the print box allows for this picture's shape; a drawing as a PNG (every
        line kept, areas averaged when shrunk), a photo as a JPEG."""
        try:
            with Image.open(source) as image:
                width, height = image.size
                # only a JPEG's EXIF is in its header: Pillow decodes a whole PNG to find one
                if image.format == "JPEG" and image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
                    width, height = height, width
                drawing = kind_for(source, image).kind == DRAWING
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return self.variant  # `prepared` reports what is wrong with it
        fitting = round(PICTURE_BOX_HEIGHT * width / max(height, 1))
        variant = replace(self.variant, width=max(64, min(self.variant.width, fitting)))
        # WeasyPrint compresses a PNG's pixels again as it embeds them: no need to do it well here
        return replace(variant, format="png", resample="box", reencoded=True) if drawing else variant

    def source(self, path: Path) -> Path | None:
        """The lesson picture `path` names, if it is one: symbolic links are never followed."""
        normal = Path(os.path.normpath(path))
        for root in dict.fromkeys((self.lessons_dir, self.given_dir)):
            if normal.is_relative_to(root):
                slug, *rest = normal.relative_to(root).parts or ("",)
                name = "/".join(rest)
                if not SLUG.match(slug) or not is_safe_picture_path(name) or (root / slug).is_symlink():
                    return None
                return content_file(root / slug, name)
        return None

    def __call__(self, path: Path) -> Path | None:
        source = self.source(path)
        if source is None:
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
        renderer_fingerprint(),
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


def publish(context: PrintContext, document: PrintDocument) -> Handout:
    """The cached PDF of `document`, rendered now if the cache has none for its key."""
    folder = context.cache_dir
    pictures = LessonPictures(context.lessons_dir, folder / "pictures", document.grayscale)
    key = document_key(document, pictures)
    cache = PdfCache(folder)
    filename = f"{document.name}.pdf"
    cached = cache.get(document.name, key)
    if cached is not None:
        return Handout(cached, key, filename, rendered=False)
    prepare_pictures(document, pictures)
    # WeasyPrint is loaded by the first handout that is not in the cache, not at app start
    from lesson_toolkit.exports import weasy

    pdf = weasy.html_to_pdf(
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
