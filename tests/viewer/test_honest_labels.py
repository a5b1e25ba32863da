"""Learners are told which language they read: nothing, part or all of a lesson in Tày.

The Tày "translations" here are obviously fake placeholders, written into the test's copy of
the catalogues only: nobody on the team reads Tày.
"""

from __future__ import annotations

import re

import pytest

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry
from tests.viewer.test_voice import SLUG, record

NOTHING = "Chưa có bài bằng tiếng Tày. Bài dưới đây bằng tiếng Việt."
PART = "Một phần bài này chưa dịch sang tiếng Tày"
OLD_NOTE = "không được dịch"  # the former "some parts are not translated", said when nothing was


def placeholders(content, slug: str, share: float = 1.0) -> int:
    """Fill `share` of a lesson's messages in the Tày catalogue with fake placeholders, published."""
    locales = content / "locales"
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "tyz", "lessons")
    catalog = read_catalogue(path, registry["tyz"])
    mine = [m for m in catalog if m.id and any(f"/{slug}/" in where for where, _ in m.locations)]
    # a share: only messages of this lesson alone (a shared heading would touch other lessons)
    alone = [m for m in mine if all(f"/{slug}/" in where for where, _ in m.locations)]
    chosen = mine if share >= 1 else alone[: max(1, round(len(alone) * share))]
    for message in chosen:
        # the source follows the placeholder (no digits: a number not in the source is refused)
        message.string = f"TYZ-PLACEHOLDER {message.id}"
        message.flags.discard("fuzzy")
    write_catalogue(path, catalog)
    compile_catalogues(locales, registry)
    return len(chosen)


def card(html: str, slug: str) -> str:
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</li>", start)]


def notes(html: str) -> list[str]:
    return re.findall(r'<p class="fallback-note" role="note" lang="vi">([^<]*)</p>', html)


def test_nothing_in_tay_says_so_in_vietnamese_on_the_index_and_every_lesson(client):
    index = client.get("/tyz/").get_data(as_text=True)
    assert '<html lang="vi"' in index  # the interface is Vietnamese: Tày has no interface text
    assert notes(index) == [NOTHING]
    assert "Chưa dịch sang tiếng Tày; bài này bằng tiếng Việt." in card(index, SLUG)
    lesson = client.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert notes(lesson) == [NOTHING] and OLD_NOTE not in lesson and PART not in lesson
    assert '<h1 lang="vi">' in lesson and '<div class="lesson-body" lang="tyz">' in lesson


def test_part_of_a_lesson_in_tay(client, content):
    placeholders(content, SLUG, share=0.5)
    lesson = client.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert notes(lesson) == [PART + "."]
    assert "TYZ-PLACEHOLDER" in lesson
    index = client.get("/tyz/").get_data(as_text=True)
    assert notes(index) == []  # one lesson is (partly) in Tày: no "nothing in Tày" on the index
    assert "Có một phần bằng tiếng Tày" in card(index, SLUG)
    assert "Chưa dịch sang tiếng Tày" in card(index, "install-vneid")


def test_all_of_a_lesson_in_tay_needs_no_note(client, content):
    placeholders(content, SLUG)
    lesson = client.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert notes(lesson) == [] and 'class="fallback-note"' not in lesson
    main = lesson[lesson.index("<main") : lesson.index('<section class="feedback"')]
    assert '<h1 lang="tyz">TYZ-PLACEHOLDER ' in main and '<div class="lesson-body" lang="tyz">' in main
    index = client.get("/tyz/").get_data(as_text=True)
    assert "Có bài bằng tiếng Tày" in card(index, SLUG) and notes(index) == []


def test_a_lesson_heard_in_tay_says_so_on_the_index(client, content):
    record(content, "tyz", "step-2")
    index = client.get("/tyz/").get_data(as_text=True)
    assert "Nghe được bằng tiếng Tày; chữ viết bằng tiếng Việt." in card(index, SLUG)
    assert notes(index) == []  # something is there in Tày: its voice


def test_the_vietnamese_index_says_nothing_of_languages(client):
    index = client.get("/vi/").get_data(as_text=True)
    assert 'class="has' not in index and 'class="fallback-note"' not in index


@pytest.mark.parametrize("code", ["ium", "mji"])
def test_dao_pages_say_it_with_their_own_names(client, code):
    name = load_registry_name(client, code)
    index = client.get(f"/{code}/").get_data(as_text=True)
    assert notes(index) == [f"Chưa có bài bằng {name}. Bài dưới đây bằng tiếng Việt."]


def load_registry_name(client, code: str) -> str:
    from lesson_toolkit.extensions import toolkit

    with client.application.app_context():
        return toolkit.library.registry[code].name_vi


def test_an_english_page_with_part_of_a_lesson_says_it_in_english(client):
    # the bundled English catalogue translates the bundled lessons: whatever its state, the note
    # on an English page is English and marked so
    html = client.get(f"/en/lessons/{SLUG}").get_data(as_text=True)
    assert '<html lang="en"' in html and "Chưa" not in html
