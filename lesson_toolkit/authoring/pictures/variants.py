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

from PIL import ExifTags, Image, ImageChops, ImageOps

from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.storage import atomic_write

# Pillow's own guard raises DecompressionBombError above twice this many pixels.
Image.MAX_IMAGE_PIXELS = 40_000_000
FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG", "avif": "AVIF"}
# A palette is faithful when at most 1 pixel in 1000 moves by more than 16 levels (of 255) in
# any channel and the picture as a whole by less than 1 level (root mean square).
PALETTE_OUTLIERS = 0.001
PALETTE_RMS = 1.0
RESAMPLING = {"lanczos": Image.Resampling.LANCZOS, "box": Image.Resampling.BOX}


class PictureError(ToolkitError):
    """A picture that cannot be used; names the file."""


@dataclass(frozen=True)
class Variant:
    """What to make of a picture: at most `width` pixels wide, in `format`, maybe grayscale.

    `lossless` (WebP) keeps every pixel; `palette` (PNG) stores 256 colours or fewer when that
    is faithful (`faithful_palette`), else full colour; `resample`
    "box" averages areas (a flat drawing gains few new colours and compresses well), "lanczos"
    is sharper for photos. `reencoded` (PNG): its reader decodes it and compresses the pixels
    again (WeasyPrint does, for every PNG it embeds), so zlib's quickest level is enough: the
    same pixels, made several times faster than at the smallest size.
    """

    width: int
    format: str = "png"  # webp, jpeg, png or avif
    grayscale: bool = False
    quality: int = 80
    lossless: bool = False
    palette: bool = False
    resample: str = "lanczos"
    reencoded: bool = False

    def key(self) -> str:
        key = f"w{self.width}-{'g' if self.grayscale else 'c'}-q{self.quality}"
        extra = ("-ll" if self.lossless else "") + ("-pal" if self.palette else "")
        extra += "-z1" if self.reencoded and self.format == "png" else ""
        return key + extra + ("" if self.resample == "lanczos" else f"-{self.resample}")

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
        if image.mode in ("P", "1", "I;16"):
            # Pillow resizes palette pictures by dropping pixels: thin strokes would vanish
            image = image.convert("RGBA" if has_alpha(image) else "RGB")
        image = image.resize((variant.width, height), RESAMPLING[variant.resample])
    if variant.grayscale or variant.format == "jpeg":
        # no alpha in the output: transparent parts become white paper, not black
        image = flatten(image)
    if variant.grayscale:
        # high contrast for cheap black-and-white printers
        image = ImageOps.autocontrast(ImageOps.grayscale(image.convert("RGB")), cutoff=1)
    elif variant.format == "jpeg" or image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB") if variant.format == "jpeg" else image.convert("RGBA")
    options: dict = {"optimize": True}
    if variant.format == "png" and variant.reencoded:
        options = {"compress_level": 1}
    if variant.format in ("webp", "jpeg", "avif"):
        options["quality"] = variant.quality
    if variant.format == "webp":
        # lossless at effort 50, method 2: within 2 % of the slowest settings' size, 5× faster
        lossless = {"lossless": True, "quality": 50, "method": 2}
        options = lossless if variant.lossless else {"quality": variant.quality, "method": 4}
    if variant.format == "avif":
        options = {"quality": variant.quality, "speed": 6}
    if variant.format == "png" and variant.palette and not variant.grayscale:
        image = faithful_palette(image) or image
    buffer = io.BytesIO()
    image.save(buffer, FORMATS[variant.format], **options)
    return buffer.getvalue()


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def faithful_palette(image: Image.Image) -> Image.Image | None:
    """The picture with a palette of at most 256 colours, if no pixel changes noticeably.

    Exact when the picture has 256 colours or fewer; otherwise measured against the original
    (`PALETTE_OUTLIERS`, `PALETTE_RMS`), and None when a palette would damage it.
    """
    if image.mode == "P" and not has_alpha(image):
        return image  # a palette already: nothing to change
    mode = "RGBA" if has_alpha(image) else "RGB"
    full = image.convert(mode)
    if full.getcolors(256) is not None:
        method = Image.Quantize.FASTOCTREE if mode == "RGBA" else Image.Quantize.MEDIANCUT
        exact = full.quantize(colors=256, method=method, dither=Image.Dither.NONE)
        return exact if _difference(full, exact.convert(mode)) == (0.0, 0.0) else None
    if mode == "RGBA":
        return None  # Pillow quantizes transparency coarsely: keep full colour
    quantized = full.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    outliers, rms = _difference(full, quantized.convert(mode))
    return quantized if outliers <= PALETTE_OUTLIERS and rms < PALETTE_RMS else None


def _difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """Share of pixels off by more than 16 levels in some channel, and the RMS error."""
    diff = ImageChops.difference(a, b)
    channels = diff.split()
    worst = channels[0]
    for channel in channels[1:]:
        worst = ImageChops.lighter(worst, channel)
    histogram = worst.histogram()
    pixels = a.width * a.height
    squares = sum(sum(count * level * level for level, count in enumerate(channel.histogram())) for channel in channels)
    return sum(histogram[17:]) / pixels, (squares / (pixels * len(channels))) ** 0.5


def prepared(source: Path, variant: Variant, cache_dir: Path, digest: str | None = None) -> Path:
    """The cached variant of `source`, made now if missing. Safe for concurrent callers.

    `digest`: the source's content hash when the caller knows it (saves reading the file)."""
    data = None if digest else source.read_bytes()
    target = cache_dir / f"{digest or content_hash(data or b'')}-{variant.key()}{variant.suffix}"
    if target.exists():
        return target
    if data is None:
        data = source.read_bytes()
        if content_hash(data) != digest:  # edited since the caller looked: name it by what it is now
            return prepared(source, variant, cache_dir)
    output = convert(open_picture(data, str(source), width=variant.width), variant)
    atomic_write(target, output)
    return target


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size
