"""HTML to PDF with WeasyPrint, and what the handouts need from it beyond its API; imported
only when rendering. No Flask here.

Determinism: WeasyPrint writes no dates unless asked, names font subsets by a hash of their
glyphs, and takes the file identifier we give it (the content key), so the same HTML and
pictures give the same bytes, in any process.

Fonts are loaded once per thread: WeasyPrint makes a new font configuration (fontconfig's
font list, Pango's font map and every font it opens) for each document it is not given one,
a quarter of a warm handout's time (`bench/bench_first_handout.py`). Pango's font maps are
not for sharing between threads, so each thread that prints keeps its own.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
from cachetools import LRUCache
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lesson_toolkit.authoring.errors import N_, ToolkitError

log = logging.getLogger(__name__)

# WeasyPrint logs every unsupported CSS property at WARNING; handouts don't need that noise.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

# A picture file as the document names it → the prepared file WeasyPrint should embed, or None.
PictureSource = Callable[[Path], Path | None]


# --- text that can be copied and searched -------------------------------------------------
#
# WeasyPrint 70 maps each glyph to the text of its cluster slice, once per glyph, first come
# first served (Kozea/WeasyPrint#2841). When HarfBuzz merges a cluster, as it does for a
# Vietnamese letter carrying a Tày mark (`ê` + U+0331), the base glyph is mapped to nothing
# and the mark to the whole cluster, for the whole document: `khê̱` extracts as `kẖ`, and
# later plain `ê`s vanish. Glyphs that the font's cmap names are given back their own
# character when WeasyPrint gave them none, or a cluster of letters and marks.

# font hash → its cmap, for the few fonts handouts embed (bounded all the same)
_cmaps: LRUCache[str, dict[int, list[int]]] = LRUCache(maxsize=64)


def glyph_characters(font_data: bytes, index: int = 0) -> dict[int, list[int]]:
    """Glyph id → the code points the font's cmap maps to it, sorted."""
    key = hashlib.sha1(font_data + index.to_bytes(4, "big"), usedforsecurity=False).hexdigest()
    characters = _cmaps.get(key)
    if characters is None:
        font = TTFont(io.BytesIO(font_data), fontNumber=index, lazy=True)
        characters = {}
        for codepoint, name in sorted((font.getBestCmap() or {}).items()):
            characters.setdefault(font.getGlyphID(name), []).append(codepoint)
        _cmaps[key] = characters
    return characters


def suspicious(text: str) -> bool:
    """Nothing, or a letter with its marks: what a glyph of a merged cluster gets mapped to."""
    return not text or (len(text) > 1 and any(unicodedata.combining(c) for c in text))


def repair_to_unicode(to_unicode: dict[int, str], characters: dict[int, list[int]]) -> None:
    for glyph, text in to_unicode.items():
        own = characters.get(glyph)
        if own and suspicious(text):
            in_text = [codepoint for codepoint in own if chr(codepoint) in text]
            to_unicode[glyph] = chr((in_text or own)[0])


def _reference(pdf: pydyf.PDF, reference: bytes | str) -> Any:
    """The object a pydyf reference (`b"12 0 R"`) names: pydyf numbers objects by position."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return pdf.objects[int(text.split()[0])]


_BFCHAR = re.compile(rb"^<([0-9a-f]{4})> <([0-9a-f]*)>$")


def repair_text_maps(document: object, pdf: pydyf.PDF) -> None:
    """Give each font's ToUnicode map back the characters WeasyPrint
    mapped to nothing or to a whole cluster, from the cmap of the embedded font itself (its
    subset keeps the glyph ids and their cmap entries)."""
    for font in list(pdf.objects):
        if not (isinstance(font, pydyf.Dictionary) and font.get("Type") == "/Font" and "ToUnicode" in font):
            continue
        stream = _reference(pdf, font["ToUnicode"])
        if not isinstance(stream, pydyf.Stream):
            continue
        lines = {index: _BFCHAR.match(line) for index, line in enumerate(stream.stream) if isinstance(line, bytes)}
        to_unicode = {
            int(match[1], 16): bytes.fromhex(match[2].decode()).decode("utf-16-be", "replace")
            for match in lines.values()
            if match
        }
        if not any(suspicious(text) for text in to_unicode.values()):
            continue  # the usual case: the font's cmap is not even read
        try:
            descendant = _reference(pdf, font["DescendantFonts"][0])
            descriptor = _reference(pdf, descendant["FontDescriptor"])
            program = _reference(pdf, descriptor.get("FontFile2") or descriptor["FontFile3"])
            data = b"".join(program.stream)
            repair_to_unicode(to_unicode, glyph_characters(data))
        except Exception:  # a font we cannot read keeps WeasyPrint's mapping
            log.debug("no cmap for %s", font.get("BaseFont"), exc_info=True)
            continue
        for index, match in lines.items():
            if match:
                glyph = int(match[1], 16)
                hex_text = to_unicode[glyph].encode("utf-16-be").hex()
                stream.stream[index] = f"<{glyph:04x}> <{hex_text}>".encode()


# --- pictures without alternative text are decoration --------------------------------------
#
# HTML says `alt=""` for a picture that adds nothing to the words; PDF/UA says such a picture is
# an artifact, outside the structure tree. WeasyPrint 70 tags every `<img>` as a Figure and
# logs that its alt text is missing, so the finisher moves those Figures out of the tree and
# marks their drawing as an artifact.


def _page_contents(pdf: pydyf.PDF) -> dict[bytes, pydyf.Stream]:
    """Each page's reference → its content stream."""
    found = {}
    for page in pdf.objects:
        if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page":
            contents = _reference(pdf, page["Contents"])
            if isinstance(contents, pydyf.Stream):
                found[page.reference] = contents
    return found


def decorative_figures_as_artifacts(pdf: pydyf.PDF) -> int:
    """Figures with no alternative text leave the structure tree; their content becomes an
    artifact. Returns how many."""
    figures = [
        element
        for element in pdf.objects
        if isinstance(element, pydyf.Dictionary)
        and element.get("S") == "/Figure"
        and element.get("Type") == "/StructElem"
        and not element.get("Alt")
    ]
    if not figures:
        return 0
    contents = _page_contents(pdf)
    parent_tree = _reference(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"]
    numbers = _reference(pdf, parent_tree)["Nums"]
    pages = {numbers[index]: numbers[index + 1] for index in range(0, len(numbers), 2)}
    page_numbers = {reference: number for number, reference in enumerate(pdf.page_references)}
    for figure in figures:
        parent = _reference(pdf, figure["P"])
        parent["K"][:] = [kid for kid in parent["K"] if kid != figure.reference]
        stream = contents.get(figure["Pg"])
        mcids = {kid for kid in figure["K"] if isinstance(kid, int)}
        if stream is not None:
            items = stream.stream
            for index, item in enumerate(items[:-2]):
                if item == "/Figure" and isinstance(items[index + 1], dict) and items[index + 1].get("MCID") in mcids:
                    items[index : index + 3] = ["/Artifact", b"", b"BMC"]
        mapping = pages.get(page_numbers.get(figure["Pg"], -1))
        for mcid in mcids:
            if mapping is not None and mcid < len(mapping):
                mapping[mcid] = b"null"
        figure["S"], figure["K"] = "/NonStruct", pydyf.Array()
    return len(figures)


def finish(document: object, pdf: pydyf.PDF) -> None:
    """`write_pdf`'s finisher: text that copies right, decoration outside the structure tree."""
    repair_text_maps(document, pdf)
    if "StructTreeRoot" in pdf.catalog:
        decorative_figures_as_artifacts(pdf)


class PictureFetcher(URLFetcher):
    """Only lesson pictures, through `pictures`; nothing else on disk, and never the network.

    Lesson HTML and translations are untrusted: a `src` pointing elsewhere (`/etc/passwd`,
    `http://…`) is refused, and WeasyPrint shows the alt text instead.
    """

    def __init__(self, pictures: PictureSource):
        super().__init__(allowed_protocols={"file"})
        self.pictures = pictures

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ValueError(f"handouts load no {parts.scheme or 'relative'} URLs: {url}")
        found = self.pictures(Path(unquote(parts.path)))
        if found is None:
            raise ValueError(f"not a lesson picture: {url}")
        # the response names the prepared file: WeasyPrint embeds the file its URL names
        mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(found.as_uri(), found.read_bytes(), {"Content-Type": mime_type})


#: Tagged for screen readers: a structure tree (headings, lists, figures with their alternative
#: text), the title shown instead of the file name, the language; WeasyPrint draws borders and
#: backgrounds as artifacts.
PDF_VARIANT = "pdf/ua-1"
#: The Author of a handout printed without a house name (`<meta name="author">` in the HTML).
AUTHOR = "Digital skills lessons"


class PrintError(ToolkitError):
    """A document WeasyPrint cannot lay out (nested too deeply for it): refused, not a 500."""


_thread_fonts = threading.local()


def thread_font_config() -> FontConfiguration:
    """This thread's font configuration, made at its first document."""
    config = getattr(_thread_fonts, "config", None)
    if config is None:
        config = _thread_fonts.config = FontConfiguration()
    return config


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
    """Render a tagged PDF (PDF/UA-1): no timestamps, `identifier` as the file ID, title and
    language set, the author from `<meta name="author">` or else the toolkit; with this
    thread's fonts unless `font_config` is given."""
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=PictureFetcher(pictures)).render(
            font_config=font_config or thread_font_config()
        )
        document.metadata.title = title
        document.metadata.lang = lang
        if not document.metadata.authors:
            document.metadata.authors = [AUTHOR]
        buffer = io.BytesIO()
        document.write_pdf(buffer, pdf_identifier=identifier.encode("ascii"), pdf_variant=PDF_VARIANT, finisher=finish)
    except RecursionError as exc:
        log.error("%s: cannot be printed (%r)", identifier, exc)
        raise PrintError(N_("this lesson is nested too deeply to be printed; simplify its lists and quotes")) from exc
    return buffer.getvalue()


# The faces and styles handouts print in: Pango opens each font, and cffi parses the types it
# first uses, on the first document that needs them.
_WARM_HTML = (
    "<html lang=\"vi\"><body style=\"font-family: 'Noto Sans', 'DejaVu Sans', sans-serif\">"
    "<h1>Ấp</h1><p>ấp <b>ấp</b> <i>ấp</i> <code>1</code></p></body></html>"
)


def warm() -> None:
    """Load WeasyPrint and this thread's handout fonts now (a new worker, before its first
    request), so that its first handout costs what any other does."""
    html_to_pdf(_WARM_HTML, "file:///", lang="vi", title="", identifier="warm", pictures=lambda path: None)
