"""Link previews: the picture Zalo, Facebook and others show beside a shared link.

They all want a wide picture of about 1200×630 pixels (1.91:1) as a JPEG or PNG. A lesson's
cover is 4:3, so it is placed whole (never cropped: a cover often shows a phone screen whose
edges matter) in the middle of a light card with a band in the site's colour at the bottom. The
index shows the first lessons' covers side by side.

A preview is named by the hash of its sources and of this layout, made once and kept under a
cache folder, like every other picture variant.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from lesson_toolkit.authoring.pictures.variants import content_hash, flatten, open_picture
from lesson_toolkit.authoring.storage import atomic_write

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (238, 247, 241)  # the tips' pale green
BAND = (11, 93, 59)  # the site's colour (#0b5d3b)
BAND_HEIGHT = 24
MARGIN = 24
GAP = 24
MAX_PICTURES = 3  # the index: more covers side by side would each be too small to read
QUALITY = 82
# part of every preview's name: a change to the layout gives every preview a new address
LAYOUT = "v1"


def preview_digest(source_digests: Sequence[str]) -> str:
    """The name of the preview made from pictures with these content hashes, in this order."""
    joined = "|".join([LAYOUT, *source_digests[:MAX_PICTURES]])
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


def compose(pictures: Sequence[Image.Image]) -> Image.Image:
    """The card: each picture whole, scaled to fit its equal share of the width, centred."""
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    card.paste(BAND, (0, HEIGHT - BAND_HEIGHT, WIDTH, HEIGHT))
    shown = list(pictures[:MAX_PICTURES])
    if not shown:
        return card
    area_height = HEIGHT - BAND_HEIGHT - 2 * MARGIN
    cell_width = (WIDTH - 2 * MARGIN - GAP * (len(shown) - 1)) // len(shown)
    for index, picture in enumerate(shown):
        picture = flatten(picture).convert("RGB")
        scale = min(cell_width / picture.width, area_height / picture.height)
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        fitted = picture.resize(size, Image.Resampling.LANCZOS)
        left = MARGIN + index * (cell_width + GAP) + (cell_width - size[0]) // 2
        top = MARGIN + (area_height - size[1]) // 2
        card.paste(fitted, (left, top))
    return card


def link_preview(sources: Sequence[Path], cache_dir: Path) -> Path:
    """The cached preview JPEG made from `sources` (at most three are used), made now if
    missing. Raises `PictureError` for a source Pillow cannot read safely."""
    data = [path.read_bytes() for path in sources[:MAX_PICTURES]]
    digest = preview_digest([content_hash(d) for d in data])
    target = cache_dir / f"{digest}-preview.jpg"
    if target.exists():
        return target
    pictures = [open_picture(d, str(path), width=WIDTH) for d, path in zip(data, sources, strict=False)]
    buffer = io.BytesIO()
    compose(pictures).save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    atomic_write(target, buffer.getvalue())
    return target
