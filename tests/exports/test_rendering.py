"""The plain parts of the handout exporter: options, cache, imposition order, glyph text."""

from __future__ import annotations

import ast
import functools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from flask import has_app_context, has_request_context
from fontTools.ttLib import TTFont

from lesson_toolkit.authoring.core.library import Library
from lesson_toolkit.authoring.i18n.interface import InterfaceStrings
from lesson_toolkit.exports.booklet import booklet_document
from lesson_toolkit.exports.cache import PdfCache, content_key
from lesson_toolkit.exports.handout import HandoutOptions, OptionError, PrintContext, handout_document
from lesson_toolkit.exports.pdf import saddle_stitch_order
from lesson_toolkit.exports.weasy import repair_to_unicode
from tests.conftest import ROOT
from tests.exports.support import BASE, SLUG, TAY_TITLE


def test_saddle_stitch_order_of_an_eight_page_booklet():
    # sheet 1: 8|1 on the front, 2|7 on the back; sheet 2: 6|3, then 4|5 (1-based pages)
    assert [(left + 1, right + 1) for left, right in saddle_stitch_order(8)] == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_saddle_stitch_order_uses_every_page_once():
    sides = saddle_stitch_order(24)
    assert sorted(page for side in sides for page in side) == list(range(24))
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


def test_options_from_the_query_string():
    options = HandoutOptions.from_query({"size": "A5", "bw": "1", "large": "yes", "with": "vi"})
    assert options == HandoutOptions(size="a5", bw=True, large=True, with_lang="vi")
    assert options.label == "a5.bw.large.with-vi"
    assert HandoutOptions.from_query({}) == HandoutOptions()
    # the web never prints a contact under the site's name
    assert HandoutOptions.from_query({"house": "x", "contact": "call 0900"}).house is None


@pytest.mark.parametrize(
    ("query", "option"), [({"size": "letter"}, "size"), ({"bw": "2"}, "bw"), ({"large": "x"}, "large")]
)
def test_bad_query_options_name_the_option(query, option):
    with pytest.raises(OptionError) as error:
        HandoutOptions.from_query(query)
    assert error.value.option == option


def test_house_and_contact_are_one_line_and_nfc():
    options = HandoutOptions(house="  Nha\u0300 va\u0306n  ho\u0301a \n thôn ", contact="")
    assert options.house == "Nhà văn hóa thôn"
    assert options.contact is None
    assert options.label.startswith("a4.house-")


def test_cache_keeps_one_version_per_name(tmp_path):
    cache = PdfCache(tmp_path)
    old, new = content_key("v1"), content_key("v2")
    cache.put("lesson.vi.a4", old, b"%PDF old")
    cache.put("lesson.vi.a4.bw", old, b"%PDF other options")
    assert cache.get("lesson.vi.a4", old).read_bytes() == b"%PDF old"
    cache.put("lesson.vi.a4", new, b"%PDF new")
    assert cache.get("lesson.vi.a4", old) is None
    assert cache.get("lesson.vi.a4", new).read_bytes() == b"%PDF new"
    assert cache.get("lesson.vi.a4.bw", old) is not None  # another handout is left alone
    with pytest.raises(ValueError):
        cache.path("../escape", new)


def test_content_key_separates_parts():
    assert content_key("ab", "c") != content_key("a", "bc")
    assert content_key("a", "b") == content_key("a", "b")


def test_glyphs_of_a_merged_cluster_get_their_own_characters():
    """`khê̱`: HarfBuzz merges ê and U+0331 into one cluster; WeasyPrint 70 maps ê to nothing."""
    e_circumflex, macron_below, ligature_fi = 172, 3039, 900
    characters = {e_circumflex: [0xEA], macron_below: [0x331]}
    to_unicode = {e_circumflex: "", macron_below: "ê\u0331", ligature_fi: "fi", 68: "a"}
    repair_to_unicode(to_unicode, {**characters, 68: [0x61]})
    assert to_unicode == {e_circumflex: "ê", macron_below: "\u0331", ligature_fi: "fi", 68: "a"}


def font_file(family: str, style: str = "Regular") -> str | None:
    if not shutil.which("fc-match"):
        return None
    path = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style={style}"], capture_output=True, text=True)
    return path.stdout if family.replace(" ", "") in path.stdout.replace(" ", "") else None


def marked_bases(path: str, mark: int) -> set[str]:
    """The characters on which the font positions `mark` (GPOS mark-to-base anchors)."""
    font = TTFont(path)
    cmap = font.getBestCmap()
    glyph_chars = {name: chr(code) for code, name in cmap.items()}
    bases: set[str] = set()
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            if type(table).__name__ == "MarkBasePos" and cmap[mark] in table.MarkCoverage.glyphs:
                bases |= {glyph_chars[g] for g in table.BaseCoverage.glyphs if g in glyph_chars}
    return bases


@pytest.mark.parametrize("style", ["Regular", "Bold", "Italic"])
def test_the_first_print_font_places_tay_marks_on_vietnamese_letters(style):
    """Why handout.css names Noto Sans first: it anchors the Tày combining macron below and
    double grave on horned and circumflexed letters too; DejaVu Sans only on plain ones."""
    path = font_file("Noto Sans", style)
    if path is None:
        pytest.skip("Noto Sans is not installed (make installs fonts-noto-core)")
    letters = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
    for mark in (0x0331, 0x030F):
        assert letters <= marked_bases(path, mark)


# --- printing from what is passed in: no request, no app -----------------------------------


def plain_context(content: Path, tmp_path: Path) -> PrintContext:
    """A print context built by hand, as a script would, with no Flask app at all."""
    library = Library(content / "lessons", content / "locales")
    registry = library.registry
    strings = InterfaceStrings(content / "locales")
    return PrintContext(
        library=library,
        registry=registry,
        interface=functools.partial(strings.translations, registry),
        public_base_url=BASE,
        cache_dir=tmp_path / "handouts-cache",
        templates_dir=ROOT / "lesson_toolkit" / "templates",
        interface_language=functools.partial(strings.text_language, registry),
    )


@pytest.mark.usefixtures("tay")
def test_a_handout_is_built_without_any_flask_context(content, tmp_path):
    assert not has_app_context() and not has_request_context()
    context = plain_context(content, tmp_path)
    document = handout_document(context, context.library.lessons[SLUG], "tyz", HandoutOptions(with_lang="vi"))
    assert unicodedata.normalize("NFC", document.title) == unicodedata.normalize("NFC", TAY_TITLE)
    assert document.name == f"{SLUG}.tyz.a4.with-vi" and document.lang == "tyz"
    html = document.html
    assert '<html lang="tyz">' in html and f"<title>{document.title}</title>" in html
    # Tày has no interface strings of its own yet: they fall back to Vietnamese, not English
    assert "Quét mã QR để mở bài học này trên điện thoại" in html
    assert "Ngôn ngữ" in html and "phút" in html
    assert "Scan to open this lesson on your phone" not in html
    assert '<span lang="tyz">Tiểng Tày</span> · <span lang="vi">Tiếng Việt</span>' in html
    assert not has_app_context() and not has_request_context()


@pytest.mark.usefixtures("tay")
def test_a_booklet_is_built_without_any_flask_context(content, tmp_path):
    context = plain_context(content, tmp_path)
    english = booklet_document(context, [context.library.lessons[SLUG]], "en", HandoutOptions())
    vietnamese = booklet_document(context, [context.library.lessons[SLUG]], "tyz", HandoutOptions())
    assert english.title == "Digital skills lessons" and "<h2>Contents</h2>" in english.html
    assert vietnamese.title == "Bài học kỹ năng số" and "<h2>Mục lục</h2>" in vietnamese.html


def print_notes(content: Path, tmp_path: Path, lang: str) -> list[tuple[str, str]]:
    """The honest notes on a handout's cover, each with its `lang`."""
    context = plain_context(content, tmp_path)
    document = handout_document(context, context.library.lessons[SLUG], lang, HandoutOptions())
    assert "Một số phần" not in document.html  # the old "some parts are not translated", said of nothing too
    return re.findall(r'<p class="fallback-note" lang="(\w+)">([^<]*)</p>', document.html)


@pytest.mark.usefixtures("lesson")
def test_a_handout_with_nothing_in_tay_says_so_as_the_phone_page_does(content, tmp_path):
    assert print_notes(content, tmp_path, "tyz") == [
        ("vi", "Chưa có bài bằng tiếng Tày. Bài dưới đây bằng tiếng Việt.")
    ]
    mji = [("vi", "Chưa có bài bằng tiếng Dao Kìm Mùn. Bài dưới đây bằng tiếng Việt.")]
    assert print_notes(content, tmp_path, "mji") == mji
    assert print_notes(content, tmp_path, "vi") == []


@pytest.mark.usefixtures("tay")
def test_a_handout_partly_translated_says_so_in_its_interface_language(content, tmp_path):
    assert print_notes(content, tmp_path, "tyz") == [("vi", "Một phần bài này chưa dịch sang tiếng Tày.")]
    # English: the bundled catalogue's interface is English, and so is the note
    english = [("en", "Part of this lesson is not translated into English yet.")]
    assert print_notes(content, tmp_path, "en") == english


def test_box_labels_are_in_the_language_of_each_rendering(content, write_lesson, tmp_path):
    """The library keeps one print rendering per language: a bilingual sheet printed first
    must not leave its page language's labels in the other language's handouts."""
    write_lesson("boxed", "1. Look.\n\n!!! warning\n    Never tell anyone your PIN.\n")
    context = plain_context(content, tmp_path)
    boxed = context.library.lessons["boxed"]
    bilingual = handout_document(context, boxed, "tyz", HandoutOptions(with_lang="en"))
    english = handout_document(context, boxed, "en", HandoutOptions())
    assert "Cảnh báo" in bilingual.html
    assert "Warning" in english.html and "Cảnh báo" not in english.html


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function (`exports.weasy`, …)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_pdf_and_weasy_do_not_import_each_other():
    pdf, weasy = (
        imported_modules(ROOT / "lesson_toolkit/exports/pdf.py"),
        imported_modules(ROOT / "lesson_toolkit/exports/weasy.py"),
    )
    assert not {
        name
        for name in pdf
        if name == "lesson_toolkit.exports.weasy" or name.startswith("lesson_toolkit.exports.weasy.")
    }
    assert not {
        name for name in weasy if name == "lesson_toolkit.exports.pdf" or name.startswith("lesson_toolkit.exports.pdf.")
    }
    assert "lesson_toolkit.exports" not in pdf | weasy  # nor as `from lesson_toolkit.exports import weasy`


@pytest.mark.parametrize("module", ["options", "rendering", "publish", "handout", "booklet", "pdf", "weasy"])
def test_the_print_pipeline_does_not_reach_for_flask(module):
    """Only `exports.context.print_context` (the web view's and CLI's) looks at the app."""
    names = imported_modules(ROOT / f"lesson_toolkit/exports/{module}.py")
    reaching = {"flask", "flask_babel", "lesson_toolkit.extensions"}
    assert not {
        name for name in names if name.split(".")[0] in reaching or name.startswith("lesson_toolkit.extensions")
    }
