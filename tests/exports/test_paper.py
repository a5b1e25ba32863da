"""Paper that is not wasted (templates/print/handout.css, booklet.html): steps share pages, large
print enlarges the pictures with the text, a warning and a tip differ in black and white, the
booklet's cover and inside say what a cultural house needs, and a house's name prints as given."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from tests.exports.support import NEEDS_PDF_TOOLS, get_pdf, page_texts, pdf_images, pdf_text

pytestmark = NEEDS_PDF_TOOLS
EIGHT_STEPS = "pay-electricity-qr"  # a bundled lesson of eight pictured steps, two tips and a warning


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# Eight pictured steps used to take 5 A4 pages and 8 to 10 A5 large-print ones (bench/bench_pages.py)
@pytest.mark.parametrize(("query", "most"), [("", 3), ("?size=a5&large=1", 6), ("?bw=1", 3), ("?size=a5", 4)])
def test_an_eight_step_lesson_fits_on_few_pages(client, query, most):
    assert pages(get_pdf(client, f"/vi/lessons/use-zalo.pdf{query}")) <= most + ("large" in query)
    assert pages(get_pdf(client, f"/vi/lessons/health-book-vneid.pdf{query}")) <= most


def test_the_help_block_joins_the_last_steps(client):
    texts = [text for text in page_texts(get_pdf(client, "/vi/lessons/use-zalo.pdf")) if text]
    last = texts[-1]
    # the last page holds more of the lesson (a step or a box) before the help block
    assert "Hỏi ai khi cần giúp" in last and len(last[: last.index("Hỏi ai khi cần giúp")].strip()) > 40


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_large_print_enlarges_the_pictures_too(client, tmp_path, size):
    normal = pdf_images(get_pdf(client, f"/vi/lessons/{EIGHT_STEPS}.pdf?size={size}"), tmp_path)
    large = pdf_images(get_pdf(client, f"/vi/lessons/{EIGHT_STEPS}.pdf?size={size}&large=1"), tmp_path)
    # the same pictures, in the same order (the QR code is drawn, not a picture)
    assert [(r["width"], r["height"]) for r in normal] == [(r["width"], r["height"]) for r in large]
    for plain, big in zip(normal, large, strict=True):
        assert float(big["x-ppi"]) < float(plain["x-ppi"]) * 0.95, (plain, big)  # printed larger


def test_in_black_and_white_a_warning_and_a_tip_say_what_they_are(client):
    text = pdf_text(get_pdf(client, f"/en/lessons/{EIGHT_STEPS}.pdf?bw=1"))
    assert "! WARNING" in text and "i TIP" in text
    vietnamese = pdf_text(get_pdf(client, f"/vi/lessons/{EIGHT_STEPS}.pdf?bw=1"))
    assert "! CẢNH BÁO" in vietnamese and "i MẸO" in vietnamese


@pytest.fixture
def booklet(runner, tmp_path):
    def make(*args: str) -> bytes:
        out = tmp_path / "booklet.pdf"
        result = runner.invoke(args=["export", "booklet", *args, "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    return make


def test_the_booklet_cover_names_the_house_lists_the_lessons_and_shows_a_picture(booklet, content, tmp_path):
    pdf = booklet("--all", "--lang", "en", "--size", "a5", "--house", "Nhà văn hóa thôn Nà Làng")
    cover, inside = page_texts(pdf)[:2]
    assert cover.startswith("Nhà văn hóa thôn Nà Làng")  # as given, nothing added before it
    assert "Nhà văn hóa: Nhà văn hóa" not in pdf_text(pdf)
    published = len(list((content / "lessons").glob("*/lesson.md")))
    titles = [line for line in subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", "-", "-"], input=pdf,
                                              capture_output=True, check=True).stdout.decode().splitlines()
              if line.strip()]  # fmt: skip
    assert len(titles) >= published + 3  # the house, the title, a line per lesson, the language
    assert any(row["page"] == "1" for row in pdf_images(pdf, tmp_path))  # a picture on the cover
    assert "How to print this booklet" in inside and "long edge" in inside
    assert "Contents" in inside


def test_a_folded_booklet_says_to_flip_on_the_short_edge(booklet):
    pdf = booklet("--lessons", f"{EIGHT_STEPS},use-zalo", "--lang", "en", "--imposition", "2up")
    assert "flipping on the short edge" in pdf_text(pdf) and "fold them in half" in pdf_text(pdf)


def test_a_booklet_needs_lessons_or_all(runner):
    for args in ([], ["--all", "--lessons", "use-zalo"]):
        result = runner.invoke(args=["export", "booklet", *args])
        assert result.exit_code != 0 and "--all" in result.output


def test_the_house_panel_prints_the_name_as_given(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(args=["export", "pdf", "use-zalo", "--house", "Nhà văn hóa thôn Nà Làng", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*.pdf")
    text = pdf_text(pdf.read_bytes())
    assert "Nhà văn hóa thôn Nà Làng" in text and "Nhà văn hóa: Nhà văn hóa" not in text
