"""Lesson pictures: choosing the variant for a language; which content files may be read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


def content_file(folder: Path, name: str) -> Path | None:
    """`folder/name` when it is a regular file inside `folder`, reached through no symbolic link;
    else None. A content release may carry symlinks (git keeps them): `images/x.png` pointing at
    `/proc/self/environ` must never be read or served, and a missing file and a refused one
    look the same to whoever asks."""
    parts = PurePosixPath(name).parts
    if not parts or any(part in ("..", "/", "") or part.startswith("/") for part in parts):
        return None
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            return None
    try:
        inside = path.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return path if inside and path.is_file() else None


def symlinks_in(folder: Path) -> list[Path]:
    """Every symbolic link under `folder`, for lint to report (symlinked folders are not entered)."""
    found = []
    for directory, names, files in os.walk(folder):
        found += [Path(directory) / name for name in (*names, *files) if (Path(directory) / name).is_symlink()]
    return sorted(found)


def localised_name(name: str, chain: Iterable[str], images_dir: Path) -> str:
    """`images/<stem>.<lang>.<ext>` for the first language of the chain that has one, else `name`.

    `name` is the path written in the lesson (`images/step-1.png`); the result is relative to
    the lesson folder too.
    """
    path = PurePosixPath(name)
    for code in chain:
        candidate = path.with_name(f"{path.stem}.{code}{path.suffix}")
        if content_file(images_dir.parent, str(candidate)):
            return str(candidate)
    return name


def is_safe_picture_path(name: str) -> bool:
    """Only files inside the lesson's images/ folder may be served."""
    parts = PurePosixPath(name).parts
    return len(parts) == 2 and parts[0] == "images" and not parts[1].startswith(".") and ".." not in parts
