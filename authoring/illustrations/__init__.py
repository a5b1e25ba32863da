"""Lesson pictures drawn by code, so that they can be regenerated, fixed and localised.

Each bundled lesson has a module here whose `PICTURES` maps a file name in the lesson's
`images/` folder to a function that draws it. Run

    .venv/bin/python -m authoring.illustrations [slug ...]

to (re)write `lessons/<slug>/images/*.png`. The same code always gives the same bytes, so an
unchanged picture never shows up in a diff. Words on the pictures are the Vietnamese labels the
real apps show; a picture for another language is a file named `<name>.<lang>.png` (see
`authoring/pictures.py`), which a lesson module may add to its `PICTURES` too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from authoring.illustrations.kit import Picture

# lesson slug → module of this package that draws its pictures
LESSON_MODULES = {
    "pay-electricity-qr": "pay_electricity_qr",
    "install-vneid": "install_vneid",
    "use-zalo": "use_zalo",
    "avoid-scams": "avoid_scams",
    "health-book-vneid": "health_book_vneid",
    "sell-on-zalo": "sell_on_zalo",
}


def pictures_for(slug: str) -> dict[str, Callable[[], Picture]]:
    """File name → drawing function, for one lesson."""
    if slug not in LESSON_MODULES:
        known = ", ".join(LESSON_MODULES)
        raise KeyError(f"no pictures are drawn for lesson {slug!r} (known: {known})")
    module = importlib.import_module(f"{__name__}.{LESSON_MODULES[slug]}")
    return module.PICTURES


@dataclass
class Written:
    path: Path
    changed: bool
    size: int


def generate(slug: str, lessons_dir: Path, check: bool = False) -> list[Written]:
    """Draw every picture of a lesson; write a file only when its bytes change (never with `check`)."""
    folder = lessons_dir / slug / "images"
    results = []
    for name, draw in pictures_for(slug).items():
        data = draw().png()
        path = folder / name
        changed = not path.is_file() or path.read_bytes() != data
        if changed and not check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        results.append(Written(path, changed, len(data)))
    return results


def strays(slug: str, lessons_dir: Path) -> list[Path]:
    """Pictures in the lesson's images/ folder that no drawing function makes."""
    folder = lessons_dir / slug / "images"
    made = set(pictures_for(slug))
    return sorted(p for p in folder.glob("*.png") if p.name not in made) if folder.is_dir() else []
