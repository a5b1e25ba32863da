"""Tày marks in a printed handout: every mark is drawn with a glyph of a font embedded in the PDF.

The lesson here is test-only, written into the test's copy of the content: its Vietnamese
source text holds the character table of `tests.tay_glyphs` (every vowel with U+0331 and
U+030F), so no translation is written. The PDF is read as a viewer draws it: the codes each
text operator shows, through the font's encoding to glyphs of the embedded font program
(fontTools), and through its ToUnicode map to the characters they stand for.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, ContentStream, DictionaryObject, TextStringObject

from tests.exports.support import get_pdf
from tests.tay_glyphs import MARKS, SAMPLE, sample_words

SLUG = "tay-marks-test"


@dataclass
class ShownFont:
    """One font of the PDF: its embedded program, its encoding (code → glyph id; None for
    Identity-H, where the code is the glyph id), ToUnicode map (code → text), and the codes shown."""

    name: str
    program: TTFont
    encoding: dict[int, int] | None
    to_unicode: dict[int, str]
    shown: set[int] = field(default_factory=set)

    def gid(self, code: int) -> int:
        return code if self.encoding is None else self.encoding.get(code, 0)

    def text(self, code: int) -> str:
        return unicodedata.normalize("NFD", self.to_unicode.get(code, ""))


def _bytes(item) -> bytes | None:
    if isinstance(item, ByteStringObject):
        return bytes(item)
    if isinstance(item, TextStringObject):
        return item.original_bytes
    return None


def _to_unicode(cmap: bytes) -> dict[int, str]:
    found: dict[int, str] = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for first, last, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = bytes.fromhex(target).decode("utf-16-be")
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = start[:-1] + chr(ord(start[-1]) + offset)
    return found


def _encoding(cmap: bytes) -> dict[int, int]:
    """A CMap's `cidchar` and `cidrange` entries: code → CID (WeasyPrint's own encodings)."""
    found: dict[int, int] = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            found[int(code, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for first, last, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = int(cid) + offset
    return found


def _font(font: DictionaryObject) -> ShownFont:
    """A Type0 font over an embedded TrueType program with an identity CID-to-GID map, as
    WeasyPrint writes them; its encoding is Identity-H or a CMap of its own."""
    assert font["/Subtype"] == "/Type0", font
    (descendant,) = font["/DescendantFonts"]
    descendant = descendant.get_object()
    assert descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"
    program = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()  # embedded
    encoding = font["/Encoding"]
    codes = None if encoding == "/Identity-H" else _encoding(encoding.get_object().get_data())
    cmap = font["/ToUnicode"].get_object().get_data()
    return ShownFont(str(font["/BaseFont"]), TTFont(io.BytesIO(program)), codes, _to_unicode(cmap))


def shown_fonts(pdf: bytes) -> list[ShownFont]:
    """Every font text is shown in, with the glyph ids shown (pages and their form XObjects)."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[int, ShownFont] = {}

    def walk(content, resources) -> None:
        current = None
        for operands, operator in ContentStream(content, reader).operations:
            if operator == b"Tf":
                ref = resources["/Font"].raw_get(operands[0])
                key = ref.idnum if hasattr(ref, "idnum") else id(ref)
                if key not in fonts:
                    fonts[key] = _font(ref.get_object())
                current = fonts[key]
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                assert current is not None, "text shown before any font is chosen"
                for item in operands[0] if operator == b"TJ" else operands[-1:]:
                    data = _bytes(item) or b""
                    current.shown.update(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))
            elif operator == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    walk(xobject, xobject.get("/Resources", resources))

    for page in reader.pages:
        walk(page.get_contents(), page["/Resources"])
    return list(fonts.values())


def drawn_badly(font: ShownFont) -> list[str]:
    """Glyphs shown that a viewer would draw as tofu: .notdef, an id past the font's end, or
    an empty outline standing for a visible character."""
    glyphs, count = font.program["glyf"], font.program["maxp"].numGlyphs
    bad = []
    for code in sorted(font.shown):
        gid = font.gid(code)
        name = font.program.getGlyphName(gid) if gid < count else None
        if gid == 0 or name in (None, ".notdef"):
            bad.append(f"{font.name} code {code:04X} ({font.text(code)!r}): .notdef")
        elif font.text(code).strip() and glyphs[name].numberOfContours == 0:
            bad.append(f"{font.name} code {code:04X} ({font.text(code)!r}): no outline")
    return bad


@pytest.fixture
def marked_lesson(write_lesson) -> str:
    """A test-only lesson whose Vietnamese source holds every Tày vowel with each mark, in
    regular and bold text."""
    body = f"## Các bước\n\n1. {SAMPLE}\n\n2. **{SAMPLE}**\n"
    write_lesson(SLUG, body, title=f"Chữ Tày {sample_words()[0]}", summary=SAMPLE, status="published")
    return SLUG


@pytest.mark.parametrize("query", ["", "?large=1&size=a5"])
def test_every_tay_mark_in_a_handout_is_drawn_by_an_embedded_glyph(client, marked_lesson, query):
    fonts = shown_fonts(get_pdf(client, f"/vi/lessons/{marked_lesson}.pdf{query}"))
    assert len(fonts) >= 2  # regular and bold
    assert [bad for font in fonts for bad in drawn_badly(font)] == []
    wanted = set(unicodedata.normalize("NFD", SAMPLE)) - {" "}
    drawn = {ch for font in fonts for code in font.shown for ch in font.text(code)}
    assert wanted - drawn == set()  # every letter and mark of the table has a glyph shown
    for font in fonts:  # the bold steps and the regular text each draw both marks
        marks = {ch for code in font.shown for ch in font.text(code) if ch in MARKS}
        assert marks == set(MARKS), font.name
