"""Fixtures of the workspace tests: a test lesson in every catalogue, and an app with it."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.workspace.support import english, write_test_lesson


@pytest.fixture
def lesson(content, write_lesson) -> str:
    return write_test_lesson(content, write_lesson)


@pytest.fixture
def trainer_app(content, tmp_path, lesson):
    """The app with CSRF checks off (they have their own tests) and one test lesson."""
    return english(make_app(content, tmp_path, WTF_CSRF_ENABLED=False))
