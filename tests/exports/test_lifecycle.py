"""The publishing life cycle in print and in the offline pack: a lesson that is not published (a
draft, or one taken down) is never printed, packed or served as a handout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.exports.support import NEEDS_PDF_TOOLS, lesson_body, picture

HIDDEN = {"draft-lesson": "draft", "taken-down": "unpublished"}


@pytest.fixture
def lessons(content: Path, write_lesson) -> Path:
    """Only three small lessons: one published (no status: written before the life cycle), one
    draft, one unpublished."""
    for folder in (content / "lessons").iterdir():
        shutil.rmtree(folder)
    for slug, status in {"visible-lesson": None, **HIDDEN}.items():
        path = write_lesson(slug, lesson_body(["Mở ứng dụng."]), title=f"Bài {slug}", status=status)
        picture(path.parent / "images" / "step-1.png", 1)
    return content / "lessons"


def export(runner, *args: str):
    return runner.invoke(args=["export", *args], catch_exceptions=False)


@pytest.mark.parametrize("slug", list(HIDDEN))
@pytest.mark.parametrize("lang", ["vi", "en", "tyz"])
def test_the_handout_of_a_hidden_lesson_is_not_found(client, lessons, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}.pdf")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


@NEEDS_PDF_TOOLS
def test_pdf_all_prints_only_published_lessons(runner, lessons, tmp_path):
    result = export(runner, "pdf", "--all", "--lang", "vi", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tmp_path / "out").glob("*.pdf"))
    assert len(written) == 1 and written[0].startswith("visible-lesson.vi.")


@pytest.mark.parametrize("slug", list(HIDDEN))
def test_pdf_of_a_named_hidden_lesson_is_refused(runner, lessons, tmp_path, slug):
    result = export(runner, "pdf", slug, "--lang", "vi", "-o", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert f"{slug}: not published ({HIDDEN[slug]}); publish it first" in result.output
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_booklet_with_a_draft_is_refused(runner, lessons, tmp_path):
    out = tmp_path / "booklet.pdf"
    result = export(runner, "booklet", "--lang", "vi", "--lessons", "visible-lesson,draft-lesson", "-o", str(out))
    assert result.exit_code != 0
    assert "draft-lesson: not published (draft)" in result.output
    assert not out.exists()


def test_the_offline_pack_holds_only_published_lessons(runner, lessons, tmp_path):
    out = tmp_path / "pack"
    result = export(runner, "site", str(out), "--lang", "vi", "--lang", "en", "--with-pdfs")
    assert result.exit_code == 0, result.output
    files = [str(path.relative_to(out)) for path in out.rglob("*") if path.is_file()]
    for lang in ("vi", "en"):
        assert f"{lang}/lessons/visible-lesson.html" in files
        assert f"{lang}/lessons/visible-lesson.pdf" in files
    for slug in HIDDEN:
        assert not [name for name in files if slug in name], slug
        for path in out.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".js", ".json", ".webmanifest"):
                assert slug not in path.read_text(encoding="utf-8"), (slug, path)
