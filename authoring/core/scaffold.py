"""`flask lessons new`: a ready-to-fill lesson, with placeholder pictures that say what to draw."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from authoring.core.lesson import SLUG
from authoring.errors import ToolkitError

TEMPLATE = """\
---
title: {title}
summary: One sentence that says what the learner will be able to do.
topic: payments
level: 1
minutes: 10
---

## What you need

- A smartphone
- Something else the learner needs

## Steps

1. Write the first step in plain words.

    ![Describe the picture for someone who cannot see it](images/step-1.png)

2. Write the second step.

    ![Describe the second picture](images/step-2.png)

!!! warning "Stay safe"
    Write the safety warning here.

## Where to get help

Ask your community digital team.
"""


class ScaffoldError(ToolkitError):
    """A lesson that cannot be created (a bad or taken slug)."""


def placeholder_picture(path: Path, text: str) -> None:
    image = Image.new("RGB", (720, 540), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 711, 531), outline="black", width=6)
    draw.text((40, 250), text, fill="black", font_size=40)
    image.save(path, optimize=True)


def new_lesson(lessons_dir: Path, slug: str, title: str) -> Path:
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid slug: use lower-case letters, digits and '-'")
    folder = lessons_dir / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    (folder / "images").mkdir(parents=True)
    path = folder / "lesson.md"
    title = " ".join(title.split()).replace('"', "'")
    path.write_text(TEMPLATE.format(title=f'"{title}"'), encoding="utf-8")
    for number in (1, 2):
        placeholder_picture(folder / "images" / f"step-{number}.png", f"Picture for step {number}")
    return path
