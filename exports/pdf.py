"""HTML to PDF with WeasyPrint, and booklet imposition with pypdf. No Flask here.

Determinism: WeasyPrint writes no dates unless asked, names font subsets by a hash of their
glyphs, and takes the file identifier we give it (the content key), so the same HTML and
pictures give the same bytes, in any process.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

# WeasyPrint and pypdf are imported where they are used: they take most of a second to load,
# which every `flask` command and app start would otherwise pay.

log = logging.getLogger(__name__)

# WeasyPrint logs every unsupported CSS property at WARNING; handouts don't need that noise.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

A4_LONG_SIDE = 841.89  # points: the sheet of a 2-up booklet is A4 landscape

#: What else than the HTML and pictures decides the bytes: part of every cache key.
RENDERER = f"lesson-toolkit print 1; weasyprint {version('weasyprint')}; pydyf {version('pydyf')}"

# A picture file as the document names it → the prepared file WeasyPrint should embed, or None.
PictureSource = Callable[[Path], Path | None]


def html_to_pdf(
    html: str,
    base_url: str,
    *,
    lang: str,
    title: str,
    identifier: str,
    pictures: PictureSource,
    font_config: FontConfiguration | None = None,
) -> bytes:
    """Render a PDF: no timestamps, `identifier` as the file ID, title and language set."""
    from weasyprint import HTML

    from exports.weasy import PictureFetcher

    document = HTML(string=html, base_url=base_url, url_fetcher=PictureFetcher(pictures)).render(
        font_config=font_config
    )
    document.metadata.title = title
    document.metadata.lang = lang
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_identifier=identifier.encode("ascii"))
    return buffer.getvalue()


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
    writer.add_metadata({"/Title": title, "/Producer": RENDERER})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    # pypdf would draw a random file ID; the content key keeps the bytes reproducible
    writer._ID = ArrayObject([ByteStringObject(identifier.encode("ascii"))] * 2)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
