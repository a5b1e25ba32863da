"""Pictures chosen by size: which encodings suit a picture, and which of them is smallest.

A picture is a **drawing** (line drawings, diagrams, screenshots: flat areas of few colours) or
a **photo**, decided from its pixels, never from its file name:

- a drawing has at most 256 colours, or its 32 most common colours cover at least 80 % of its
  pixels (a screenshot's antialiased text adds thousands of rare colours, a photo's noise
  spreads every colour thin: in a photo the 32 most common cover a few per cent);
- anything else is a photo.

Drawings are resized by averaging areas (few new colours) and encoded losslessly: WebP
lossless, and PNG, stored with a palette of 256 colours when that changes no pixel noticeably
(`authoring.pictures.variants.faithful_palette`). Photos are resized with Lanczos and encoded lossy: JPEG, WebP and, when
this Pillow has it, AVIF. The fallback an old browser reads is the PNG (drawings, and photos
with transparency) or the JPEG; the page lists the others only where they are smaller.

Every encoding is a pure function of the source bytes, the width and the format, so a file
name `<hash>-<width>.<ext>` always means the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, features

from lesson_toolkit.authoring.pictures.variants import Variant, has_alpha

DRAWING, PHOTO = "drawing", "photo"
AVIF = features.check("avif")
# `<source>` types, most compact first: a browser that reads AVIF reads WebP too
MODERN = ("avif", "webp")
MIME = {"avif": "image/avif", "webp": "image/webp", "png": "image/png", "jpg": "image/jpeg"}
# quality of the lossy encodings (photos): JPEG as before; WebP and AVIF at what looks alike
QUALITY = {"jpg": 80, "webp": 75, "avif": 55}
SAMPLE_PIXELS = 512 * 512


@dataclass(frozen=True)
class Kind:
    """What the pixels say about a picture, and the formats that follow from it."""

    kind: str  # DRAWING or PHOTO
    alpha: bool

    @property
    def fallback(self) -> str:
        return "jpg" if self.kind == PHOTO and not self.alpha else "png"

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format this picture is offered in, the fallback last."""
        modern = ("avif", "webp") if self.kind == PHOTO and AVIF else ("webp",)
        return (*modern, self.fallback)

    def variant(self, ext: str, width: int) -> Variant:
        if ext not in self.formats:
            raise ValueError(f"{ext} is not a format for a {self.kind}")
        if self.kind == DRAWING:
            lossless = ext == "webp"
            return Variant(width, ext, lossless=lossless, palette=ext == "png", resample="box")
        return Variant(width, "jpeg" if ext == "jpg" else ext, quality=QUALITY[ext])


def kind_of(image: Image.Image) -> Kind:
    """Drawing or photo, from the colours of (a sample of) the picture's pixels."""
    alpha = has_alpha(image)
    if image.width * image.height > SAMPLE_PIXELS:
        scale = (SAMPLE_PIXELS / (image.width * image.height)) ** 0.5
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        image = image.resize(size, Image.Resampling.NEAREST)  # keeps colours as they are
    rgb = image.convert("RGB")
    colours = rgb.getcolors(rgb.width * rgb.height) or []
    if len(colours) <= 256:
        return Kind(DRAWING, alpha)
    common = sum(count for count, _ in sorted(colours, reverse=True)[:32])
    return Kind(DRAWING if common >= 0.8 * rgb.width * rgb.height else PHOTO, alpha)


def first_choices(sizes: dict[int, dict[str, int]], kind: Kind) -> list[tuple[str, dict[int, str]]]:
    """The `<source>` lists: for each modern type a browser may announce, the smallest file it
    reads at each width (on a tie, the more widely read one); a type is left out where it would list the same files as the next one
    (or the fallback). `sizes`: width → format → bytes. The fallback is never listed."""
    fallback = {width: kind.fallback for width in sizes}
    chosen: list[tuple[str, dict[int, str]]] = []
    following = fallback
    for ext in reversed([e for e in MODERN if e in kind.formats]):
        readable = MODERN[MODERN.index(ext) :] + (kind.fallback,)
        best = {
            width: min((e for e in readable if e in found), key=lambda e: (found[e], -readable.index(e)))
            for width, found in sizes.items()
        }
        if best != following:
            chosen.insert(0, (ext, best))
        following = best
    return chosen
