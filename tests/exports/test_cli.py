"""`flask export pdf` and `flask export booklet`: files, options, errors, reproducible bytes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT
from tests.exports.support import A4, A5, NEEDS_PDF_TOOLS, STEPS, TITLE, lesson_body, page_texts, pdf_text, picture

pytestmark = [pytest.mark.usefixtures("lesson"), NEEDS_PDF_TOOLS]


def export(runner, *args: str):
    return runner.invoke(args=["export", *args], catch_exceptions=False)


def only_pdf(folder: Path) -> bytes:
    (path,) = folder.glob("*.pdf")
    return path.read_bytes()


def test_pdf_writes_the_handout_of_each_lesson(runner, tmp_path):
    result = export(runner, "pdf", "print-test", "--lang", "tyz", "--size", "a5", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "print-test.tyz.a5.pdf"
    assert str(path) in result.output
    page = PdfReader(path).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A5, abs=1)


def test_pdf_all_with_every_option(runner, content, tmp_path):
    args = ["--all", "--lang", "vi", "--bw", "--large", "--with", "en", "--house", "Nhà văn hóa Bản Chiêng"]
    result = export(runner, "pdf", *args, "--contact", "Chị Hoa, 0912 345 678", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tmp_path / "out").glob("*.pdf"))
    assert len(written) == len(list((content / "lessons").glob("*/lesson.md")))
    (ours,) = [name for name in written if name.startswith("print-test.vi.a4.bw.large.with-en.")]
    last_page = page_texts((tmp_path / "out" / ours).read_bytes())[-2]
    assert "Nhà văn hóa Bản Chiêng" in last_page and "Chị Hoa, 0912 345 678" in last_page
    again = export(runner, "pdf", *args, "--contact", "Chị Hoa, 0912 345 678", "-o", str(tmp_path / "again"))
    assert f"0 rendered, {len(written)} from the cache" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["print-test", "--lang", "xx"], "unknown language 'xx'"),
        (["no-such-lesson"], "no such lesson: no-such-lesson"),
        (["print-test", "--with", "xx"], "--with: unknown language 'xx'"),
        (["print-test", "--lang", "vi", "--with", "vi"], "--with: the second language must differ"),
        (["print-test", "--size", "a3"], "'a3' is not one of 'a4', 'a5'"),
        (["print-test", "--house", "x" * 200], "--house: at most 120 characters"),
        ([], "name one or more lessons, or use --all"),
        (["print-test", "--all"], "name one or more lessons, or use --all"),
    ],
)
def test_pdf_refuses_bad_options(runner, tmp_path, args, message):
    result = export(runner, "pdf", *args, "-o", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert message in result.output
    assert not list(tmp_path.glob("out/*.pdf"))


def test_pdf_names_a_broken_lesson(runner, write_lesson, tmp_path):
    write_lesson("broken", "1. A step.\n", level=7)
    result = export(runner, "pdf", "broken", "-o", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert "broken/lesson.md" in result.output and "level" in result.output


def test_the_same_handout_in_another_process_has_the_same_bytes(runner, content, tmp_path):
    """Python's hash seed differs between processes: nothing in the PDF may depend on it."""
    export(runner, "pdf", "print-test", "--lang", "tyz", "--bw", "-o", str(tmp_path / "here"))
    env = {
        **os.environ,
        "FLASK_LESSONS_DIR": str(content / "lessons"),
        "FLASK_LOCALES_DIR": str(content / "locales"),
        "FLASK_PUBLIC_BASE_URL": "https://lessons.example.org",
        "FLASK_HANDOUT_CACHE_DIR": str(tmp_path / "other-cache"),
        "FLASK_INSTANCE_PATH": str(tmp_path / "other-instance"),
        "FLASK_SECRET_KEY": "test",
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite'}",
        "PYTHONHASHSEED": "random",
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "export", "pdf", "print-test", "--lang", "tyz", "--bw"]
    subprocess.run([*command, "-o", str(tmp_path / "there")], cwd=ROOT, env=env, check=True, capture_output=True)
    assert only_pdf(tmp_path / "here") == only_pdf(tmp_path / "there")


# --- booklets --------------------------------------------------------------------------


@pytest.fixture
def second_lesson(write_lesson) -> str:
    path = write_lesson("second-test", lesson_body(["Open the app.", "Tap the button."]), title="Second lesson")
    for number in (1, 2):
        picture(path.parent / "images" / f"step-{number}.png", number)
    return "second-test"


def test_booklet_has_a_cover_and_contents_with_page_numbers(runner, second_lesson, tmp_path):
    out = tmp_path / "booklet.pdf"
    result = export(runner, "booklet", "--lang", "en", "--lessons", f"print-test,{second_lesson}", "-o", str(out))
    assert result.exit_code == 0, result.output
    pages = page_texts(out.read_bytes())[:-1]
    assert "Digital skills lessons" in pages[0]
    assert "Contents" in pages[1]
    for title in (TITLE, "Second lesson"):
        listed = int(re.search(rf"{title}\W*(\d+)", pages[1])[1])
        starts = next(number for number, text in enumerate(pages, start=1) if number > 2 and title in text)
        assert listed == starts
    text = pdf_text(out.read_bytes())
    assert all(step in text for step in [*STEPS, "Open the app.", "Tap the button."])


def test_booklet_2up_puts_a5_pages_on_a4_sheets_in_saddle_stitch_order(runner, second_lesson, tmp_path):
    lessons = ["--lang", "en", "--lessons", f"print-test,{second_lesson}"]
    assert export(runner, "booklet", *lessons, "--size", "a5", "-o", str(tmp_path / "flat.pdf")).exit_code == 0
    result = export(runner, "booklet", *lessons, "--imposition", "2up", "-o", str(tmp_path / "folded.pdf"))
    assert result.exit_code == 0, result.output
    flat, folded = PdfReader(tmp_path / "flat.pdf"), PdfReader(tmp_path / "folded.pdf")
    assert len(folded.pages) == 2 * -(-len(flat.pages) // 4)  # two sides per sheet, 4 pages per sheet
    for page in folded.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((A4[1], A4[0]), abs=1)
    # the first side holds the last page on the left and the cover on the right
    right_half = subprocess.run(
        [
            "pdftotext",
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            "421",
            "-y",
            "0",
            "-W",
            "421",
            "-H",
            "595",
            tmp_path / "folded.pdf",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Digital skills lessons" in right_half
    assert folded.metadata.title == "Digital skills lessons"


def test_booklet_2up_needs_a5_pages(runner, tmp_path):
    result = export(runner, "booklet", "--lessons", "print-test", "--imposition", "2up", "--size", "a4")
    assert result.exit_code != 0 and "2up puts A5 pages on A4 sheets" in result.output


def test_booklet_names_missing_lessons(runner):
    result = export(runner, "booklet", "--lessons", "print-test,nope")
    assert result.exit_code != 0 and "no such lesson: nope" in result.output


def test_booklet_in_bytes_is_reproducible(runner, tmp_path, second_lesson):
    args = ["booklet", "--lang", "vi", "--lessons", f"{second_lesson},print-test", "--imposition", "2up"]
    export(runner, *args, "-o", str(tmp_path / "one.pdf"))
    for path in (tmp_path / "handouts-cache").glob("*.pdf"):
        path.unlink()
    export(runner, *args, "-o", str(tmp_path / "two.pdf"))
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    assert PdfReader(io.BytesIO((tmp_path / "one.pdf").read_bytes())).trailer["/Root"]["/Lang"] == "vi"


def test_one_lesson_that_fails_does_not_stop_the_others(runner, second_lesson, tmp_path, monkeypatch):
    from lesson_toolkit.exports import weasy

    real = weasy.html_to_pdf

    def failing(html, *args, **kwargs):
        if kwargs["title"] == TITLE:
            raise RuntimeError("printer on fire")
        return real(html, *args, **kwargs)

    monkeypatch.setattr(weasy, "html_to_pdf", failing)
    result = export(runner, "pdf", "print-test", second_lesson, "-o", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert "print-test/lesson.md: no handout (RuntimeError: printer on fire)" in result.output
    assert [path.name for path in (tmp_path / "out").glob("*.pdf")] == ["second-test.vi.a4.pdf"]
