"""authoring/core/segments_cache.py: each lesson version's messages, found once and kept on disk."""

from __future__ import annotations

import logging

import pytest

from lesson_toolkit.authoring.core import library as library_module
from lesson_toolkit.authoring.core.library import Library, Output
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.core.segments_cache import SEGMENTER_VERSION

BODY = "## Các bước\n\n1. Mở ứng dụng.\n\n    ![Màn hình chính](images/step-1.png)\n\n2. Bấm **Thanh toán**.\n"


def library_at(content, tmp_path) -> Library:
    return Library(content / "lessons", content / "locales", cache_dir=tmp_path / "cache")


def test_a_new_process_reads_the_messages_from_disk_instead_of_parsing(content, tmp_path, write_lesson, monkeypatch):
    write_lesson("pay-water", body=BODY, title="Trả tiền nước")
    first = library_at(content, tmp_path)
    lesson = first.lessons["pay-water"]
    found = first.segments(lesson)
    assert found == tuple(segment(lesson))  # the same messages, in the same order, comments too
    assert (tmp_path / "cache" / "segments" / SEGMENTER_VERSION / f"{lesson.version}.json").is_file()

    def no_parsing(lesson):
        raise AssertionError("parsed again")

    monkeypatch.setattr(library_module, "segment", no_parsing)
    again = library_at(content, tmp_path)  # as a restarted worker would
    assert again.segments(again.lessons["pay-water"]) == found


def test_an_edited_lesson_is_a_new_version_with_its_own_messages(content, tmp_path, write_lesson):
    path = write_lesson("pay-water", body=BODY)
    library = library_at(content, tmp_path)
    before = library.segments(library.lessons["pay-water"])
    path.write_text(
        path.read_text(encoding="utf-8").replace("Mở ứng dụng.", "Mở ứng dụng ngân hàng."), encoding="utf-8"
    )
    library.forget()
    after = library.segments(library.lessons["pay-water"])
    assert "Mở ứng dụng ngân hàng." in {each.msgid for each in after}
    assert "Mở ứng dụng." in {each.msgid for each in before} - {each.msgid for each in after}


@pytest.mark.parametrize("damage", [b"{not json", b'[["only", "two"]]', b"\xff\xfe"])
def test_a_damaged_cache_file_is_logged_and_the_messages_found_again(content, tmp_path, write_lesson, caplog, damage):
    write_lesson("pay-water", body=BODY)
    library = library_at(content, tmp_path)
    lesson = library.lessons["pay-water"]
    expected = library.segments(lesson)
    cached = tmp_path / "cache" / "segments" / SEGMENTER_VERSION / f"{lesson.version}.json"
    cached.write_bytes(damage)
    with caplog.at_level(logging.WARNING):
        assert library_at(content, tmp_path).segments(lesson) == expected
    assert str(cached) in caplog.text


def test_cards_say_what_the_rendered_page_says_of_its_language(content, tmp_path, write_lesson):
    write_lesson("pay-water", body=BODY, title="Trả tiền nước")
    library = library_at(content, tmp_path)
    web = Output(name="web:test", label=str.capitalize)
    for lang in ("vi", "en", "tyz", "ium", "mji"):
        for card in library.cards(lang):
            page = library.render(card.lesson, lang, web)
            assert (card.coverage, card.fallbacks, card.own) == (page.coverage, page.fallbacks, page.own), (
                card.lesson.slug,
                lang,
            )
