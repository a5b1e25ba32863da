"""The digital-skills lesson toolkit: the learners' site, the print and pack side and the
trainers' workspace, on one core. `lesson_toolkit.app.create_app` builds the Flask app."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def content_root() -> Path:
    """Where the bundled `lessons/` and `locales/` are: inside an installed package (the wheel
    carries them as `lesson_toolkit/content/`), else the checkout the package sits in."""
    bundled = PACKAGE_DIR / "content"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent
