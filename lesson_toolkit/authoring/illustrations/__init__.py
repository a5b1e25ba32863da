"""Lesson pictures drawn by code, so that they can be regenerated, fixed and localised.

Each bundled lesson has a module here with one drawing function per picture of its `images/`
folder, named after the file: `cover` draws `cover.png`, `step_3` draws `step-3.png`. Run

    .venv/bin/python -m authoring.illustrations [slug ...]

to (re)write `lessons/<slug>/images/*.png`. The same code always gives the same bytes, so an
unchanged picture never shows up in a diff. Words on the pictures are the Vietnamese labels the
real apps show; a picture for another language is a file named `<name>.<lang>.png` (see
`authoring/pictures.py`), drawn by a function named like `step_3__vi`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lesson_toolkit.authoring.illustrations.kit import Picture

# a drawing function's name → its file: cover → cover.png, step_3 → step-3.png, step_3__vi → step-3.vi.png
DRAWING = re.compile(r"(?P<name>cover|step_\d+)(?:__(?P<lang>[a-z]{2,3}))?")

# lesson slug → module of this package that draws its pictures
LESSON_MODULES = {
    "pay-electricity-qr": "pay_electricity_qr",
    "install-vneid": "install_vneid",
    "use-zalo": "use_zalo",
    "avoid-scams": "avoid_scams",
    "health-book-vneid": "health_book_vneid",
    "sell-on-zalo": "sell_on_zalo",
    "pay-water-school-fees": "pay_water_school_fees",
    "public-service-portal": "public_service_portal",
    "spot-false-information": "spot_false_information",
    "health-insurance-card": "health_insurance_card",
    "bank-app-basics": "bank_app_basics",
    "receive-support-payments": "receive_support_payments",
}


def pictures_for(slug: str) -> dict[str, Callable[[], Picture]]:
    """File name → drawing function, for one lesson."""
    if slug not in LESSON_MODULES:
        known = ", ".join(LESSON_MODULES)
        raise KeyError(f"no pictures are drawn for lesson {slug!r} (known: {known})")
    module = importlib.import_module(f"{__name__}.{LESSON_MODULES[slug]}")
    drawings = {}
    for name, draw in vars(module).items():
        match = DRAWING.fullmatch(name)
        if match and callable(draw) and draw.__module__ == module.__name__:
            lang = f".{match['lang']}" if match["lang"] else ""
            drawings[f"{match['name'].replace('_', '-')}{lang}.png"] = draw
    return dict(sorted(drawings.items(), key=lambda item: _order(item[0])))


def _order(filename: str) -> tuple:
    """cover first, then steps by number (step-10 after step-9)."""
    number = re.search(r"\d+", filename)
    return (filename != "cover.png", int(number[0]) if number else 0, filename)


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
