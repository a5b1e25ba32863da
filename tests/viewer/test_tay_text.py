"""Tày's extra marks on the phone page: the small web font, its CSS, the page text and search.

The "Tày" text is the character table of `tests.tay_glyphs` (every vowel with U+0331 and
U+030F), put as a fake placeholder translation into the test's copy of the catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.viewer.tay_font import OUT, TAY_MARKS, marked_vowels, tay_letters, unicode_range
from tests.tay_glyphs import CHARACTERS, SAMPLE, unmapped, unplaced_marks

ROOT = Path(__file__).resolve().parent.parent.parent
SLUG = "pay-electricity-qr"
SUMMARY_CONTEXT = "lesson summary"


def tay_summary(content: Path, text: str) -> None:
    """Put `text` (a fake placeholder) as the published Tày summary of the bundled lesson."""
    locales = content / "locales"
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "tyz", "lessons")
    catalog = read_catalogue(path, registry["tyz"])
    (message,) = [
        m for m in catalog if m.context == SUMMARY_CONTEXT and any(f"/{SLUG}/" in where for where, _ in m.locations)
    ]
    message.string = text
    message.flags.discard("fuzzy")
    write_catalogue(path, catalog)
    compile_catalogues(locales, registry)


def test_the_web_font_draws_every_tay_vowel_with_each_mark_in_place():
    font = TTFont(OUT)
    assert unmapped(font) == []  # no .notdef
    assert unplaced_marks(font) == []  # every mark has an anchor on every vowel
    assert {ord(ch) for ch in CHARACTERS} <= set(tay_letters())
    assert OUT.stat().st_size < 8_000  # small: a phone on 2G fetches it in a few seconds
    assert (OUT.parent / "tay-marks.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_the_css_ranges_match_the_font():
    css = (ROOT / "lesson_toolkit/templates/viewer/critical.css").read_text()
    ranges = dict(
        re.findall(r'font-family:"(Tay \w+)";src:url\(\{\{ tay \}\}\) format\("woff2"\);unicode-range:([^;]+)', css)
    )
    assert ranges["Tay Marks"] == unicode_range(sorted([*TAY_MARKS, *marked_vowels()]))
    assert ranges["Tay Letters"] == unicode_range(sorted(TTFont(OUT).getBestCmap()))
    assert css.count("font-display:swap") == 2
    # the marks' face first, the letters' face after the phone's own fonts
    family = re.search(r"body\{margin:0;font:[^;]*?/1\.55 ([^;]+);", css)[1]
    assert family.startswith('"Tay Marks",system-ui') and family.endswith('"Tay Letters",sans-serif')


@pytest.fixture
def marked(content) -> str:
    """The bundled lesson's summary "translated" into Tày as the character table."""
    tay_summary(content, SAMPLE)
    return SLUG


def test_a_page_with_tay_marks_keeps_every_mark_and_links_the_font(client, marked):
    html = client.get(f"/tyz/lessons/{marked}").get_data(as_text=True)
    assert f'<p class="summary" lang="tyz">{SAMPLE}</p>' in html  # NFC, nothing dropped
    assert unicodedata.normalize("NFC", SAMPLE) == SAMPLE
    font = re.search(r"url\((/assets/[0-9a-f]+/tay-marks\.woff2)\)", html)[1]
    response = client.get(font)
    assert response.status_code == 200 and response.mimetype == "font/woff2"
    assert response.data == OUT.read_bytes() and "immutable" in response.headers["Cache-Control"]


def test_the_service_worker_does_not_fetch_the_font_ahead(client):
    assert "tay-marks" not in client.get("/sw.js").get_data(as_text=True)


# the same word written with the 1961 marks, with Vietnamese tone marks only, and bare
CONVENTIONS = ["kapqo\u0331 takqo\u030f", "kapqo takqȍ", "kapqo takqo", "KAPQO̱ TAKQO"]


@pytest.mark.parametrize("query", CONVENTIONS)
def test_both_tay_conventions_find_the_same_lesson(client, content, query):
    tay_summary(content, "TYZ-PLACEHOLDER kapqo\u0331 takqo\u030f")
    html = client.get("/tyz/search", query_string={"q": query}).get_data(as_text=True)
    assert re.findall(r'href="/tyz/lessons/([a-z0-9-]+)"', html.split('class="cards results"')[1]) == [SLUG]


def test_the_offline_index_folds_the_marks_too(client, content):
    tay_summary(content, "TYZ-PLACEHOLDER kapqo\u0331 takqo\u030f")
    script = client.get("/tyz/search-index.js").get_data(as_text=True)
    # NFC: o + U+030F is stored as U+020D; shown as it is, and its folded words lose both marks
    assert "TYZ-PLACEHOLDER kapqo\u0331 takq\u020d" in script
    assert '"kapqo"' in client.get("/tyz/search-index/kap.js").get_data(as_text=True)
    assert '"takqo"' in client.get("/tyz/search-index/tak.js").get_data(as_text=True)
