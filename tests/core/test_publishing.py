"""The life cycle in the core and on the command line: `flask lessons publish|unpublish`."""

from __future__ import annotations

from pathlib import Path

import pytest

from lesson_toolkit.authoring.core.lesson import LessonError, read_lesson
from lesson_toolkit.authoring.core.publishing import PublishError, set_status, with_status
from lesson_toolkit.authoring.i18n.languages import load_registry

GOOD = "## Các bước\n\n1. Mở ứng dụng.\n\n    ![Màn hình ứng dụng](images/step-1.png)\n"
BROKEN = GOOD.replace("step-1.png", "step-9.png")


def registry(content: Path):
    return load_registry(content / "locales" / "languages.toml")


def test_with_status_sets_or_replaces_the_field(tmp_path):
    path = tmp_path / "x" / "lesson.md"
    text = "---\ntitle: A\nstatus: draft\n---\n\nBody\n"
    assert with_status(text, "published", path) == "---\ntitle: A\nstatus: published\n---\n\nBody\n"
    assert with_status("---\ntitle: A\n---\nB\n", "draft", path) == "---\ntitle: A\nstatus: draft\n---\nB\n"
    with pytest.raises(LessonError, match="expected draft, published or unpublished"):
        with_status(text, "live", path)


def test_an_unknown_status_is_reported_with_its_line_and_field(write_lesson):
    path = write_lesson("bad-status", body=GOOD, status="live", pictures=("images/step-1.png",))
    with pytest.raises(LessonError) as error:
        read_lesson(path)
    assert (error.value.line, error.value.field) == (7, "status")


def test_publishing_is_refused_on_a_lint_error_and_writes_nothing(content, write_lesson):
    path = write_lesson("draft-one", body=BROKEN, status="draft", pictures=("images/step-1.png",))
    before = path.read_bytes()
    with pytest.raises(PublishError) as error:
        set_status(path, "published", registry(content))
    assert "step-9.png" in str(error.value) and error.value.findings[0].line == 13
    assert path.read_bytes() == before
    path.write_text(path.read_text("utf-8").replace("step-9.png", "step-1.png"), "utf-8")
    lesson, old = set_status(path, "published", registry(content))
    assert lesson.status == "published" and "status: draft" in old
    lesson, _ = set_status(path, "unpublished", registry(content))
    assert read_lesson(path).status == "unpublished"


def test_a_lesson_without_a_status_is_published(write_lesson):
    assert read_lesson(write_lesson("old-style", body=GOOD)).published


def test_the_commands_publish_and_unpublish(runner, content, write_lesson, client):
    path = write_lesson("cli-lesson", body=BROKEN, status="draft", pictures=("images/step-1.png",))
    result = runner.invoke(args=["lessons", "publish", "cli-lesson"])
    assert result.exit_code == 1 and "step-9.png" in result.output and "cannot be published" in result.output
    assert client.get("/vi/lessons/cli-lesson").status_code == 404
    path.write_text(path.read_text("utf-8").replace("step-9.png", "step-1.png"), "utf-8")
    result = runner.invoke(args=["lessons", "publish", "cli-lesson"])
    assert result.exit_code == 0, result.output
    assert "cli-lesson: published" in result.output
    assert client.get("/vi/lessons/cli-lesson").status_code == 200
    assert runner.invoke(args=["lessons", "unpublish", "cli-lesson"]).exit_code == 0
    assert client.get("/vi/lessons/cli-lesson").status_code == 404
    missing = runner.invoke(args=["lessons", "publish", "../etc"])
    assert missing.exit_code == 1 and "no such lesson" in missing.output


def test_lessons_new_makes_a_vietnamese_draft(runner, content):
    result = runner.invoke(args=["lessons", "new", "bai-moi", "--title", "Bài mới"])
    assert result.exit_code == 0, result.output
    lesson = read_lesson(content / "lessons" / "bai-moi" / "lesson.md")
    assert (lesson.title, lesson.status) == ("Bài mới", "draft")
    assert "## Các bước" in lesson.body
    listing = runner.invoke(args=["lessons", "list"])
    assert "bai-moi\tdraft" in listing.output
