"""Printable handouts: text, fonts, pictures, QR code, options, cache and determinism.

PDFs are checked with the tools a reader's computer has: poppler's `pdftotext`, `pdffonts`,
`pdfimages` and `pdftoppm`, zbar's `zbarimg` for the QR code, and pypdf.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata

import pytest
from pypdf import PdfReader

from lesson_toolkit.extensions import toolkit
from tests.exports.support import (
    A4,
    A5,
    BASE,
    EN_STEPS,
    NEEDS_PDF_TOOLS,
    STEPS,
    SUMMARY,
    TAY_STEPS,
    TAY_TITLE,
    TITLE,
    get_pdf,
    lesson_body,
    page_texts,
    pdf_fonts,
    pdf_images,
    pdf_text,
    picture,
    qr_codes,
    text_sizes,
)

pytestmark = NEEDS_PDF_TOOLS


# --- what is printed ---------------------------------------------------------------------


def test_handout_has_title_and_every_step_in_tay(client, tay, tmp_path):
    pdf = get_pdf(client, f"/tyz/lessons/{tay}.pdf")
    text = pdf_text(pdf)
    assert unicodedata.normalize("NFC", TAY_TITLE) in text
    for step in TAY_STEPS:
        assert unicodedata.normalize("NFC", step) in text
    assert "Tiểng Tày" in text  # the language, by its native name
    assert SUMMARY in text  # the untranslated summary falls back to the source, not blank


def test_fonts_are_embedded_and_cover_tay(client, tay, tmp_path):
    fonts = pdf_fonts(get_pdf(client, f"/tyz/lessons/{tay}.pdf"), tmp_path)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    # no glyph fell back to another font: Noto Sans places U+0331 and U+030F on every letter
    assert all("Noto-Sans" in font["name"] for font in fonts), fonts


def test_metadata_title_and_language(client, tay):
    reader = PdfReader(io.BytesIO(get_pdf(client, f"/tyz/lessons/{tay}.pdf")))
    assert reader.metadata.title == unicodedata.normalize("NFC", TAY_TITLE)
    assert reader.trailer["/Root"]["/Lang"] == "tyz"


@pytest.mark.parametrize(("size", "box"), [("a4", A4), ("a5", A5)])
def test_page_size(client, lesson, size, box):
    reader = PdfReader(io.BytesIO(get_pdf(client, f"/vi/lessons/{lesson}.pdf?size={size}")))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(box[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(box[1], abs=1)


def test_every_step_picture_is_there_and_shrunk(client, lesson, content, tmp_path):
    picture(content / "lessons" / lesson / "images" / "step-6.png", 6, width=2400)
    images = pdf_images(get_pdf(client, f"/vi/lessons/{lesson}.pdf"), tmp_path)
    assert len(images) == len(STEPS)
    assert {image["color"] for image in images} == {"rgb"}
    assert max(int(image["width"]) for image in images) <= 640  # prepared by Pillow, not WeasyPrint


def test_black_and_white_pictures_are_grayscale(client, lesson, tmp_path):
    images = pdf_images(get_pdf(client, f"/vi/lessons/{lesson}.pdf?bw=1"), tmp_path)
    assert len(images) == len(STEPS)
    assert {image["color"] for image in images} == {"gray"}


def test_steps_are_never_split_across_pages(client, lesson, tmp_path):
    pdf = get_pdf(client, f"/vi/lessons/{lesson}.pdf?size=a5&large=1")
    pages = page_texts(pdf)[:-1]  # pdftotext ends every page with a form feed
    picture_pages = [int(image["page"]) for image in pdf_images(pdf, tmp_path)]
    for number, step in enumerate(STEPS, start=1):
        (page,) = [index for index, text in enumerate(pages, start=1) if step in text]
        assert picture_pages[number - 1] == page  # the text and its picture on one page
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\b{number} ?/ ?{len(pages)}$", text)  # footer: page x / y


def test_large_print_is_at_least_16pt(client, lesson):
    normal = text_sizes(get_pdf(client, f"/vi/lessons/{lesson}.pdf"), page=1)
    large = text_sizes(get_pdf(client, f"/vi/lessons/{lesson}.pdf?large=1"), page=1)
    assert normal.most_common(1)[0][0] < 16 <= large.most_common(1)[0][0]


def test_qr_code_leads_to_the_phone_page_in_the_same_language(client, tay, tmp_path):
    pdf = get_pdf(client, f"/tyz/lessons/{tay}.pdf?size=a5&bw=1")
    assert qr_codes(pdf, tmp_path) == [f"{BASE}/tyz/lessons/{tay}"]


def test_bilingual_handout_puts_the_second_language_after_each_passage(client, tay):
    text = pdf_text(get_pdf(client, f"/tyz/lessons/{tay}.pdf?with=en"))
    for tyz, en in zip(TAY_STEPS, EN_STEPS, strict=True):
        tyz = unicodedata.normalize("NFC", tyz)
        assert tyz in text and en in text
        assert text.index(tyz) < text.index(en)
    assert "Tiểng Tày · English" in text


def test_fallback_passages_keep_their_language(app, tay):
    from lesson_toolkit.exports.handout import HandoutOptions, handout_document, print_context

    with app.app_context():
        document = handout_document(print_context(), toolkit.library.lessons[tay], "tyz", HandoutOptions())
    assert '<html lang="tyz">' in document.html
    assert '<li lang="vi">Một chiếc điện thoại</li>' in document.html  # untranslated: the Vietnamese source


def test_an_english_handout_shows_the_english_catalogue_and_falls_back_to_vietnamese(app, tay):
    from lesson_toolkit.exports.handout import HandoutOptions, handout_document, print_context

    with app.app_context():
        document = handout_document(print_context(), toolkit.library.lessons[tay], "en", HandoutOptions())
    assert '<html lang="en">' in document.html
    for step in EN_STEPS:
        assert step in document.html
    assert '<li lang="vi">Một chiếc điện thoại</li>' in document.html
    assert "Scan to open this lesson on your phone" in document.html  # the interface stays English


def test_hostile_picture_paths_are_not_loaded(client, write_lesson, tmp_path):
    body = "1. Look.\n\n    ![secret](/etc/hostname)\n\n2. Look again.\n\n    ![up](../../../../etc/hostname)\n"
    write_lesson("hostile", body)
    pdf = get_pdf(client, "/vi/lessons/hostile.pdf")
    assert pdf_images(pdf, tmp_path) == []
    assert "secret" in pdf_text(pdf)  # the alt text stands in


# --- options that make no sense ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/xx/lessons/print-test.pdf", 404),
        ("/vi/lessons/no-such-lesson.pdf", 404),
        ("/vi/lessons/Bad_Slug.pdf", 404),
        ("/vi/lessons/print-test.pdf?size=a3", 400),
        ("/vi/lessons/print-test.pdf?with=xx", 400),
        ("/vi/lessons/print-test.pdf?with=vi", 400),
        ("/vi/lessons/print-test.pdf?bw=maybe", 400),
        ("/vi/lessons/print-test.pdf?large=2", 400),
    ],
)
def test_bad_options_are_refused(client, lesson, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    if status == 400:  # a page that names the option
        option = url.split("?")[1].split("=")[0]
        assert f"{option}:" in response.get_data(as_text=True)
    response.close()


# --- the cache and reproducible bytes ------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs WeasyPrint actually renders."""
    from lesson_toolkit.exports import weasy

    calls = []
    real = weasy.html_to_pdf

    def counting(html, *args, **kwargs):
        calls.append(kwargs["title"])
        return real(html, *args, **kwargs)

    monkeypatch.setattr(weasy, "html_to_pdf", counting)
    return calls


def test_same_input_gives_the_same_bytes(client, lesson, tmp_path, renders):
    first = get_pdf(client, f"/vi/lessons/{lesson}.pdf?size=a5")
    shutil.rmtree(tmp_path / "handouts-cache")
    second = get_pdf(client, f"/vi/lessons/{lesson}.pdf?size=a5")
    assert len(renders) == 2
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first


def test_a_repeated_request_is_served_from_the_cache(client, lesson, renders):
    first = client.get(f"/vi/lessons/{lesson}.pdf")
    etag = first.headers["ETag"]
    first.close()
    again = client.get(f"/vi/lessons/{lesson}.pdf")
    assert again.status_code == 200 and again.headers["ETag"] == etag
    again.close()
    unchanged = client.get(f"/vi/lessons/{lesson}.pdf", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    unchanged.close()
    assert len(renders) == 1


def test_editing_one_lesson_rerenders_only_its_handouts(client, lesson, write_lesson, tmp_path, renders):
    other_lesson = write_lesson("other", lesson_body(["Another step."]), title="Other lesson")
    picture(other_lesson.parent / "images" / "step-1.png", 1)
    for slug in (lesson, "other"):
        get_pdf(client, f"/vi/lessons/{slug}.pdf")
    cache = tmp_path / "handouts-cache"
    before = {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pdf")}
    assert len(before) == 2

    write_lesson("other", lesson_body(["Another step, edited."]), title="Other lesson")
    for slug in (lesson, "other"):
        get_pdf(client, f"/vi/lessons/{slug}.pdf")
    after = {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pdf")}
    kept = {name for name in before if name.startswith(f"{lesson}.")}
    assert len(kept) == 1 and {name: after.get(name) for name in kept} == {name: before[name] for name in kept}
    other = [name for name in after if name.startswith("other.")]
    assert len(other) == 1 and other[0] not in before  # the old version was replaced
    assert renders == [TITLE, "Other lesson", "Other lesson"]


def test_a_changed_picture_rerenders(client, lesson, content, renders):
    get_pdf(client, f"/vi/lessons/{lesson}.pdf")
    picture(content / "lessons" / lesson / "images" / "step-2.png", 7)
    get_pdf(client, f"/vi/lessons/{lesson}.pdf")
    assert len(renders) == 2


def test_ui_strings_follow_the_handout_language_not_the_caller(app, lesson):
    from flask import g

    from lesson_toolkit.exports.handout import HandoutOptions, handout_document, print_context

    with app.test_request_context():
        g.lang = "vi"
        context = print_context()
        vi = handout_document(context, toolkit.library.lessons[lesson], "vi", HandoutOptions())
        en = handout_document(context, toolkit.library.lessons[lesson], "en", HandoutOptions())
    assert "Scan to open this lesson on your phone" in en.html
    assert "Scan to open this lesson on your phone" not in vi.html  # Vietnamese is translated


def test_a_document_nested_too_deeply_to_print_is_refused_with_a_clear_error():
    from lesson_toolkit.exports.weasy import PrintError, html_to_pdf

    nested = "<html><body>" + "<blockquote>" * 5000 + "x" + "</blockquote>" * 5000 + "</body></html>"
    with pytest.raises(PrintError, match="nested too deeply to be printed"):
        html_to_pdf(nested, "file:///", lang="vi", title="t", identifier="deep", pictures=lambda path: None)


def test_the_handout_of_a_lesson_that_cannot_render_answers_with_an_error_page(client, lesson, monkeypatch):
    from lesson_toolkit.authoring.core import render as render_module

    def failing(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(render_module, "_render", failing)
    response = client.get(f"/vi/lessons/{lesson}.pdf")
    assert response.status_code == 400 and b"lesson.md" not in response.data
