"""Pictures prepared by Pillow: resized, re-encoded, metadata stripped, cached by content hash.

Lesson pictures are drawn or photographed at any size; phones need small WebP/JPEG/PNG
variants and handouts need pre-shrunk (optionally grayscale) ones, because WeasyPrint
re-encodes large PNGs slowly. Every variant is made once and kept under a cache folder, named
by the hash of the source bytes and the options, so an edited picture gets new variants and an
unchanged one is never re-encoded.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

from authoring.errors import ToolkitError
from authoring.storage import atomic_write

# Pillow's own guard raises DecompressionBombError above twice this many pixels.
Image.MAX_IMAGE_PIXELS = 40_000_000
FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}


class PictureError(ToolkitError):
    """A picture that cannot be used; names the file."""


@dataclass(frozen=True)
class Variant:
    """What to make of a picture: at most `width` pixels wide, in `format`, maybe grayscale."""

    width: int
    format: str = "png"  # webp, jpeg or png
    grayscale: bool = False
    quality: int = 80

    def key(self) -> str:
        return f"w{self.width}-{'g' if self.grayscale else 'c'}-q{self.quality}"

    @property
    def suffix(self) -> str:
        return ".jpg" if self.format == "jpeg" else f".{self.format}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def open_picture(data: bytes, name: str, *, width: int | None = None) -> Image.Image:
    """Open with Pillow's safeguards, upright (EXIF orientation applied), fully loaded.

    With `width`, a JPEG is decoded at the smallest scale (1/2, 1/4, 1/8: libjpeg scales while
    decoding) that is still at least that wide: several times faster for a big phone photo.
    """
    try:
        image = Image.open(io.BytesIO(data))
        if width and image.format == "JPEG":
            sideways = image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
            image.draft(image.mode, (1, width) if sideways else (width, 1))
        image.load()
    except Image.DecompressionBombError as exc:
        raise PictureError(f"{name}: too many pixels ({exc})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise PictureError(f"{name}: not a picture Pillow can read ({exc})") from exc
    return ImageOps.exif_transpose(image)


def flatten(image: Image.Image) -> Image.Image:
    """The picture on white: transparency composited over a white background."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


def convert(image: Image.Image, variant: Variant) -> bytes:
    """Resize and encode; the output carries no EXIF, GPS or other metadata."""
    if image.width > variant.width:
        height = round(image.height * variant.width / image.width)
        image = image.resize((variant.width, height), Image.Resampling.LANCZOS)
    if variant.grayscale or variant.format == "jpeg":
        # no alpha in the output: transparent parts become white paper, not black
        image = flatten(image)
    if variant.grayscale:
        # high contrast for cheap black-and-white printers
        image = ImageOps.autocontrast(ImageOps.grayscale(image.convert("RGB")), cutoff=1)
    elif variant.format == "jpeg" or image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB") if variant.format == "jpeg" else image.convert("RGBA")
    buffer = io.BytesIO()
    options: dict = {"optimize": True}
    if variant.format in ("webp", "jpeg"):
        options["quality"] = variant.quality
    if variant.format == "webp":
        options = {"quality": variant.quality, "method": 4}
    image.save(buffer, FORMATS[variant.format], **options)
    return buffer.getvalue()


def prepared(source: Path, variant: Variant, cache_dir: Path) -> Path:
    """The cached variant of `source`, made now if missing. Safe for concurrent callers."""
    data = source.read_bytes()
    target = cache_dir / f"{content_hash(data)}-{variant.key()}{variant.suffix}"
    if target.exists():
        return target
    output = convert(open_picture(data, str(source), width=variant.width), variant)
    atomic_write(target, output)
    return target


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size
