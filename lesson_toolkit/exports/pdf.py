"""Booklet imposition with pypdf, and the renderer's name in every cache key. No Flask here.

HTML becomes a PDF in `exports.weasy` (`html_to_pdf`); this module does not load WeasyPrint,
and the two do not import each other.
"""

from __future__ import annotations

import io
from importlib.metadata import version

# pypdf is imported where it is used, as WeasyPrint is only in `exports.weasy`: they take most
# of a second to load, which every `flask` command and app start would otherwise pay.

A4_LONG_SIDE = 841.89  # points: the sheet of a 2-up booklet is A4 landscape

#: What else than the HTML and pictures decides the bytes: part of every cache key.
RENDERER = f"lesson-toolkit print 1; weasyprint {version('weasyprint')}; pydyf {version('pydyf')}"


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page indices of each sheet side, to fold in half and staple.

    `pages` is a multiple of 4: side 0 holds the last and first page, side 1 the second and
    the second-to-last (printed on the back), and so on towards the middle.
    """
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet has a multiple of 4 pages, not {pages}")
    sides = []
    for side in range(pages // 2):
        outer, inner = pages - 1 - side, side
        sides.append((outer, inner) if side % 2 == 0 else (inner, outer))
    return sides


def impose_2up(pdf: bytes, *, title: str, lang: str, identifier: str) -> bytes:
    """Put the A5 pages of `pdf` two by two on A4 landscape sheets, meeting at the fold.

    Blank pages pad the booklet to a multiple of 4; print double-sided, flip on the short
    edge, fold and staple.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    while len(pages) % 4:
        pages.append(PageObject.create_blank_page(width=width, height=height))
    sheet_width = max(A4_LONG_SIDE, 2 * width)
    fold = sheet_width / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = writer.add_blank_page(width=sheet_width, height=height)
        sheet.merge_transformed_page(pages[left], Transformation().translate(tx=fold - width))
        sheet.merge_transformed_page(pages[right], Transformation().translate(tx=fold))
    # the sheets are a print layout, pages out of reading order: the tagged reading copy is the
    # booklet before imposition; the sheets keep its title, author and language
    author = reader.metadata.author if reader.metadata else None
    writer.add_metadata({"/Title": title, "/Producer": RENDERER, **({"/Author": author} if author else {})})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    # pypdf would draw a random file ID; the content key keeps the bytes reproducible
    writer._ID = ArrayObject([ByteStringObject(identifier.encode("ascii"))] * 2)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
