"""Handouts are tagged PDF/UA-1: read back with pypdf, as a screen reader's parser would.

The structure tree (StructTreeRoot, headings, lists, a Figure with /Alt for every picture and
the QR code), MarkInfo, the title shown instead of the file name, the Author, the XMP's PDF/UA
part, and `/Lang` of the text the sheet is actually in. Decorative pictures (`alt=""`) are
artifacts outside the tree. veraPDF is not available here; these are the checks it starts with.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from lesson_toolkit.exports import weasy
from tests.exports.support import BASE, NEEDS_PDF_TOOLS, SLUG, STEPS, get_pdf, pdf_images, pdf_text

pytestmark = NEEDS_PDF_TOOLS


def structure(pdf: bytes) -> tuple[DictionaryObject, list[DictionaryObject]]:
    """The catalog, and every structure element reachable from the tree's root, in order."""
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found: list[DictionaryObject] = []

    def walk(element) -> None:
        element = element.get_object()
        if not isinstance(element, DictionaryObject):
            return  # a marked-content id
        if "/S" in element:
            found.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(catalog["/StructTreeRoot"])
    return catalog, found


def test_a_handout_is_tagged_pdf_ua(client, tay):
    pdf = get_pdf(client, f"/tyz/lessons/{tay}.pdf")
    catalog, elements = structure(pdf)
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # the title, not the file name
    metadata = catalog["/Metadata"].get_object().get_data()
    assert re.search(rb'pdfuaid:part="1"|<pdfuaid:part>1<', metadata)
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title and info.author  # the toolkit's name, or the house's
    kinds = Counter(str(element["/S"]) for element in elements)
    assert kinds["/Document"] == 1 and kinds["/H1"] == 1 and kinds["/H2"] >= 1
    assert kinds["/L"] >= 1 and kinds["/LI"] >= len(STEPS)
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert len(figures) == len(STEPS) + 1  # every step's picture, and the QR code
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    qr = [str(figure["/Alt"]) for figure in figures if "/lessons/" in str(figure["/Alt"])]
    assert qr == [qr[0]] and f"{BASE.split('//')[1]}/tyz/lessons/{SLUG}" in qr[0]


def test_the_author_is_the_house_when_one_is_named(runner, client, lesson, tmp_path):
    house = "Nhà văn hóa thôn Nà Làng"
    args = ["export", "pdf", lesson, "--lang", "vi", "--house", house, "-o", str(tmp_path / "out")]
    result = runner.invoke(args=args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "out").glob("*.pdf")
    assert PdfReader(path).metadata.author == house
    assert PdfReader(io.BytesIO(get_pdf(client, f"/vi/lessons/{lesson}.pdf"))).metadata.author != house


def test_a_booklet_is_tagged_and_its_cover_picture_is_decoration(runner, lesson, tmp_path):
    out = tmp_path / "booklet.pdf"
    args = ["export", "booklet", "--lang", "vi", "--lessons", lesson, "-o", str(out)]
    result = runner.invoke(args=args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    catalog, elements = structure(out.read_bytes())
    assert catalog["/Lang"] == "vi" and catalog["/MarkInfo"]["/Marked"].value is True
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert figures and all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_lang_is_the_language_the_text_is_in(client, tay, lesson):
    def lang(url: str) -> str:
        return str(PdfReader(io.BytesIO(get_pdf(client, url))).trailer["/Root"]["/Lang"])

    assert lang(f"/tyz/lessons/{tay}.pdf") == "tyz"  # title and steps are in Tày
    assert lang(f"/tyz/lessons/{tay}.pdf?with=vi") == "tyz"  # the second language is the added one
    assert lang(f"/mji/lessons/{lesson}.pdf") == "vi"  # nothing is in Kim Mun: all of it falls back


def test_an_untranslated_lesson_is_in_vietnamese(client, lesson):
    pdf = get_pdf(client, f"/ium/lessons/{lesson}.pdf")
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "vi"
    assert STEPS[0] in pdf_text(pdf)


PICTURES_HTML = """<html lang="vi"><head><title>Tranh</title></head><body>
<h1>Tranh</h1><p>Trước khê\u0331 ê</p>
<img src="file:///lessons/a.png" alt=""><p>Giữa</p><img src="file:///lessons/b.png" alt="Hóa đơn có mã QR">
</body></html>"""


def test_decorative_pictures_are_artifacts_and_still_printed(tmp_path, content):
    image = content / "lessons" / SLUG / "images"
    image.mkdir(parents=True, exist_ok=True)
    from tests.exports.support import picture

    picture(image / "plain.png", 1)
    pdf = weasy.html_to_pdf(PICTURES_HTML, "file:///", lang="vi", title="Tranh", identifier="0123abcd",
                            pictures=lambda path: image / "plain.png")  # fmt: skip
    _, elements = structure(pdf)
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert [str(figure["/Alt"]) for figure in figures] == ["Hóa đơn có mã QR"]
    assert len(pdf_images(pdf, tmp_path)) == 2  # the decorative one is drawn, outside the tree
    contents = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b"/Artifact" in contents
    # the text still copies right, marks and all (the ToUnicode repair runs in the same finisher)
    assert unicodedata.normalize("NFC", "Trước khê\u0331 ê") in pdf_text(pdf)


def test_the_same_handout_gives_the_same_tagged_bytes(tmp_path):
    html = PICTURES_HTML.replace("<img", "<span").replace('alt=""', "")
    first = weasy.html_to_pdf(html, "file:///", lang="vi", title="T", identifier="00ff", pictures=lambda path: None)
    again = weasy.html_to_pdf(html, "file:///", lang="vi", title="T", identifier="00ff", pictures=lambda path: None)
    assert first == again and "/StructTreeRoot" in PdfReader(io.BytesIO(first)).trailer["/Root"]
