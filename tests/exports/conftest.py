"""Fixtures of the handout tests: an app with its own handout cache, a six-step illustrated
lesson in Vietnamese, and its Tày and English translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from lesson_toolkit.authoring.core.segmenter import TITLE_CONTEXT
from tests.conftest import make_app
from tests.exports.support import (
    EN_STEPS,
    SLUG,
    STEPS,
    SUMMARY,
    TAY_STEPS,
    TAY_TITLE,
    TITLE,
    lesson_body,
    picture,
    translate,
)


@pytest.fixture
def app(content: Path, tmp_path: Path):
    """The app, with its handout cache under tmp_path rather than the real instance folder."""
    return make_app(content, tmp_path, HANDOUT_CACHE_DIR=str(tmp_path / "handouts-cache"))


@pytest.fixture
def lesson(write_lesson, content: Path) -> str:
    """A six-step illustrated lesson, written in Vietnamese (the source language)."""
    path = write_lesson(SLUG, lesson_body(STEPS), title=TITLE, summary=SUMMARY)
    for number in range(1, 7):
        picture(path.parent / "images" / f"step-{number}.png", number)
    return SLUG


@pytest.fixture
def tay(lesson: str, content: Path) -> str:
    """The test lesson's title and steps translated into Tày, and its steps into English."""
    translate(
        content,
        "tyz",
        {(TITLE_CONTEXT, TITLE): TAY_TITLE, **{(None, vi): tyz for vi, tyz in zip(STEPS, TAY_STEPS, strict=True)}},
    )
    translate(content, "en", {(None, vi): en for vi, en in zip(STEPS, EN_STEPS, strict=True)})
    return lesson
