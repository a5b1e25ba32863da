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
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint.pdf
from cachetools import LRUCache
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from authoring.errors import N_, ToolkitError

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


def _build_fonts_dictionary(pdf, fonts, *args, **kwargs):
    for font in fonts.values():
        if not any(suspicious(text) for text in font.to_unicode.values()):
            continue  # the usual case: the font's cmap is not even read
        try:
            repair_to_unicode(font.to_unicode, glyph_characters(font.file_content, font.index))
        except Exception:  # a font fontTools cannot read keeps WeasyPrint's mapping
            log.debug("no cmap for %s", font.family, exc_info=True)
    return _weasyprint_build_fonts_dictionary(pdf, fonts, *args, **kwargs)


_weasyprint_build_fonts_dictionary = weasyprint.pdf.build_fonts_dictionary
weasyprint.pdf.build_fonts_dictionary = _build_fonts_dictionary


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
    """Render a PDF: no timestamps, `identifier` as the file ID, title and language set; with
    this thread's fonts unless `font_config` is given."""
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=PictureFetcher(pictures)).render(
            font_config=font_config or thread_font_config()
        )
        document.metadata.title = title
        document.metadata.lang = lang
        buffer = io.BytesIO()
        document.write_pdf(buffer, pdf_identifier=identifier.encode("ascii"))
    except RecursionError as exc:
        log.error("%s: cannot be printed (%r)", identifier, exc)
        raise PrintError(N_("this lesson is nested too deeply to be printed; simplify its lists and quotes")) from exc
    return buffer.getvalue()
