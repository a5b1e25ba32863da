"""Pictures trainers upload into a lesson's `images/` folder.

Uploads are untrusted: the type is decided by the content (Pillow), not the name; the file size
and the pixel count are limited before anything is decoded (a small PNG can claim billions of
pixels); the picture is re-encoded by Pillow, which writes no EXIF (so no GPS position of the
trainer's house), and large photos are shrunk to a width phones and handouts need.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.pictures.variants import PictureError, Variant, convert, open_picture
from lesson_toolkit.authoring.storage import atomic_write

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000  # a 24-megapixel photo; far below Pillow's own bomb limit
MAX_WIDTH = 1600
# Pillow format → the format it is stored in (an animated GIF keeps its first frame)
STORED = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp", "GIF": "png"}
STEM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SavedPicture:
    path: Path
    width: int
    height: int
    replaced: bool

    @property
    def src(self) -> str:
        """The path to write in the lesson: `images/<name>`."""
        return f"images/{self.path.name}"


def picture_stem(name: str) -> str:
    """A safe file stem from what the trainer typed or the uploaded file's name."""
    stem = PurePosixPath(name.replace("\\", "/")).name.lower()
    stem = re.sub(r"\.(png|jpe?g|webp|gif)$", "", stem)
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60].strip("-")
    return stem or "picture"


def probe(data: bytes, name: str) -> tuple[str, tuple[int, int]]:
    """The Pillow format and size, read from the header only (nothing decoded yet)."""
    if len(data) > MAX_BYTES:
        raise PictureError(
            N_("%(name)s: the file is too big (%(size)d KB; at most %(max)d KB)"),
            params={"name": name, "size": len(data) // 1024, "max": MAX_BYTES // 1024},
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind, size = image.format, image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PictureError(N_("%(name)s: too many pixels"), params={"name": name}) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise PictureError(
                N_("%(name)s: not a picture (send a PNG, JPEG, WebP or GIF file)"), params={"name": name}
            ) from exc
    if kind not in STORED:
        raise PictureError(
            N_("%(name)s: %(kind)s pictures are not accepted (send a PNG, JPEG, WebP or GIF file)"),
            params={"name": name, "kind": kind},
        )
    if size[0] * size[1] > MAX_PIXELS:
        raise PictureError(
            N_("%(name)s: too many pixels (%(width)d×%(height)d; at most %(max)d million)"),
            params={"name": name, "width": size[0], "height": size[1], "max": MAX_PIXELS // 1_000_000},
        )
    return kind, size


def save_picture(data: bytes, filename: str, images_dir: Path, stem: str = "", lang: str = "") -> SavedPicture:
    """Check, clean and store an uploaded picture as `images/<stem>[.<lang>].<ext>`."""
    kind, _ = probe(data, filename)
    stem = picture_stem(stem or filename)
    if not STEM.match(stem) or (lang and not re.fullmatch(r"[a-z]{2,3}", lang)):
        raise PictureError(N_("%(name)s: not a usable name"), params={"name": filename})
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = open_picture(data, filename)
    # keep nothing of the original metadata but what the pixels need
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    variant = Variant(width=min(image.width, MAX_WIDTH), format=STORED[kind], quality=85)
    output = convert(image, variant)
    target = images_dir / f"{stem}{'.' + lang if lang else ''}{variant.suffix}"
    replaced = target.exists()
    atomic_write(target, output)
    with Image.open(target) as stored:
        width, height = stored.size
    return SavedPicture(target, width, height, replaced)
