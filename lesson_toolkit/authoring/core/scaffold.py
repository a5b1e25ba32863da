"""`flask lessons new`: a ready-to-fill draft lesson in Vietnamese (the lessons' source language),
with placeholder pictures that say what to draw."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

from lesson_toolkit.authoring.core.lesson import SLUG
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.storage import atomic_write

SUMMARY = "Một câu nói người học sẽ làm được việc gì sau bài này."
BODY = """\
## Bạn cần có

- Điện thoại thông minh
- Thứ khác mà người học cần có

## Các bước

1. Viết bước thứ nhất bằng lời dễ hiểu.

    ![Tả bức ảnh cho người không nhìn thấy được](images/step-1.png)

2. Viết bước thứ hai.

    ![Tả bức ảnh thứ hai](images/step-2.png)

!!! warning "Giữ an toàn"
    Viết lời dặn để giữ an toàn ở đây.

## Hỏi ai khi cần giúp

Hãy hỏi Tổ công nghệ số cộng đồng.
"""


class ScaffoldError(ToolkitError):
    """A lesson that cannot be created (a bad or taken slug)."""


# A font with Vietnamese letters (Pillow's own default font has none of ư, ơ, ả…): fonts-dejavu-core.
PLACEHOLDER_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEFAULT_TOPIC = "payments"


def placeholder_picture(path: Path, text: str) -> None:
    image = Image.new("RGB", (720, 540), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 711, 531), outline="black", width=6)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(PLACEHOLDER_FONT, 40)
    except OSError:
        font = ImageFont.load_default(40)
    draw.text((40, 250), text, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    atomic_write(path, buffer.getvalue())


def lesson_text(title: str, topic: str) -> str:
    """The draft's file: front matter written by the YAML library (any title reads back as
    typed: quotes, a trailing backslash, a colon, `#`), then the template body."""
    meta = {"title": title, "summary": SUMMARY, "topic": topic, "level": 1, "minutes": 10, "status": "draft"}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{front}---\n\n{BODY}"


def new_lesson(lessons_dir: Path, slug: str, title: str, topic: str = DEFAULT_TOPIC) -> Path:
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid slug: use lower-case letters, digits and '-'")
    folder = lessons_dir / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    (folder / "images").mkdir(parents=True)
    path = folder / "lesson.md"
    title = " ".join(title.split())
    atomic_write(path, lesson_text(title, topic).encode("utf-8"))
    for number in (1, 2):
        placeholder_picture(folder / "images" / f"step-{number}.png", f"Ảnh cho bước {number}")
    return path
