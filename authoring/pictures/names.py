"""Lesson pictures: choosing the variant for a language."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath


def localised_name(name: str, chain: Iterable[str], images_dir: Path) -> str:
    """`images/<stem>.<lang>.<ext>` for the first language of the chain that has one, else `name`.

    `name` is the path written in the lesson (`images/step-1.png`); the result is relative to
    the lesson folder too.
    """
    path = PurePosixPath(name)
    for code in chain:
        candidate = path.with_name(f"{path.stem}.{code}{path.suffix}")
        if (images_dir.parent / candidate).is_file():
            return str(candidate)
    return name


def is_safe_picture_path(name: str) -> bool:
    """Only files inside the lesson's images/ folder may be served."""
    parts = PurePosixPath(name).parts
    return len(parts) == 2 and parts[0] == "images" and not parts[1].startswith(".") and ".." not in parts
