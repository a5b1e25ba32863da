"""What the handout tests share: the test lesson, its translations, and reading PDFs with the
tools a reader's computer has (poppler, zbar, pypdf)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry

BASE = "https://lessons.example.org"
SLUG = "print-test"
# The test lesson is written in the source language, Vietnamese.
TITLE = "Quét hóa đơn"
SUMMARY = "Trả tiền mà không phải ra ngoài."
STEPS = [
    "Tìm mã QR trên hóa đơn.",
    "Mở ứng dụng ngân hàng.",
    "Bấm Quét QR.",
    "Đưa điện thoại lên trên mã.",
    "Kiểm tra tên và số tiền.",
    "Xác nhận bằng mã PIN.",
]
# Tày test strings: combining macron below (U+0331) and double grave (U+030F), on plain,
# horned and circumflexed letters, which have no precomposed forms. (Test data, not Tày.)
TAY_TITLE = "Sca\u0331n ho\u0301a đơ\u030fn"
TAY_STEPS = [f"Bươ\u0301c {n}: tư\u030f ma\u0331 khê\u0331 {word}" for n, word in enumerate("abcdef", start=1)]
EN_STEPS = [f"Step {n} in English" for n in range(1, 7)]
A4, A5 = (595.28, 841.89), (419.53, 595.28)

NEEDS_PDF_TOOLS = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfimages", "pdftoppm", "zbarimg")),
    reason="needs poppler-utils and zbar-tools (make test installs them)",
)


def picture(path: Path, number: int, width: int = 900) -> None:
    """A colourful picture with a big number, different for every step."""
    image = Image.new("RGB", (width, width * 3 // 4), (40 * number % 255, 120, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 8, width // 8, width // 2, width // 2), fill=(230, 60, 20))
    draw.text((width // 6, width // 6), str(number), fill=(255, 255, 0))
    image.save(path)


def lesson_body(steps: list[str]) -> str:
    lines = ["## Bạn cần có", "", "- Một chiếc điện thoại", "- Hóa đơn của bạn", "", "## Các bước", ""]
    for number, step in enumerate(steps, start=1):
        lines += [f"{number}. {step}", "", f"    ![Ảnh bước {number}](images/step-{number}.png)", ""]
    lines += ['!!! warning "Cẩn thận kẻ lừa đảo"', "    Đừng bao giờ cho ai biết mã PIN của bạn.", ""]
    return "\n".join(lines)


def translate(content: Path, lang: str, entries: dict[tuple[str | None, str], str]) -> None:
    """Add translations to the test copy of `<lang>/LC_MESSAGES/lessons.po`, then compile."""
    locales = content / "locales"
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, lang, "lessons")
    catalog = read_catalogue(path, registry[lang])
    for (context, msgid), text in entries.items():
        catalog.add(msgid, text, context=context)
    write_catalogue(path, catalog)
    compile_catalogues(locales, registry)


# --- reading PDFs ------------------------------------------------------------------------


def run(*command: str, data: bytes | None = None) -> str:
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_text(pdf: bytes) -> str:
    """The text, NFC, with whitespace collapsed (lines wrap wherever the layout puts them)."""
    return " ".join(unicodedata.normalize("NFC", run("pdftotext", "-enc", "UTF-8", "-", "-", data=pdf)).split())


def page_texts(pdf: bytes) -> list[str]:
    return [
        " ".join(unicodedata.normalize("NFC", page).split())
        for page in run("pdftotext", "-", "-", data=pdf).split("\f")
    ]


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = run("pdffonts", str(path)).splitlines()[2:]
    return [{"name": line.split()[0], "emb": line.split()[-5]} for line in lines]


def pdf_images(pdf: bytes, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    header, _, *rows = run("pdfimages", "-list", str(path)).splitlines()
    names = header.split()
    return [dict(zip(names, row.split(), strict=False)) for row in rows if row.split()[2] == "image"]


def qr_codes(pdf: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    """Every QR code on a page, rasterised as a printer would and read by zbar."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    run("pdftoppm", "-r", "150", "-gray", "-png", "-f", str(page), "-l", str(page), str(path), str(tmp_path / "page"))
    (png,) = tmp_path.glob("page*.png")
    return run("zbarimg", "--quiet", "--raw", str(png)).split()


def text_sizes(pdf: bytes, page: int) -> Counter:
    """Characters per font size in points, on one page."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * abs(tm[3] * cm[3]), 1)] += len(text.strip())

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return sizes


def get_pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    data = response.get_data()
    response.close()
    return data
