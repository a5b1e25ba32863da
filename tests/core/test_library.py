"""authoring/core/library.py: the content release as the faces read it, cached until a file changes."""

from __future__ import annotations

import logging
import os
import sys

import pytest

from lesson_toolkit.authoring.core.library import Library, Output
from lesson_toolkit.authoring.core.segmenter import SUMMARY_CONTEXT, TITLE_CONTEXT

WEB = Output(name="web:test", label=str.capitalize)
STEP = "1. Mở ứng dụng ngân hàng.\n"


def touch_later(path):
    """Edits in one test can fall within one timestamp tick: move the modification time on."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_lessons_and_renderings_are_the_same_objects_until_a_file_changes(content, write_lesson):
    path = write_lesson("pay-water", body=STEP, title="Trả tiền nước")
    library = Library(content / "lessons", content / "locales")
    lesson = library.lessons["pay-water"]
    first = library.render(lesson, "vi", WEB)
    assert library.lessons["pay-water"] is lesson
    assert library.render(library.lessons["pay-water"], "vi", WEB) is first
    path.write_text(path.read_text(encoding="utf-8").replace("ngân hàng", "ví điện tử"), encoding="utf-8")
    touch_later(path)
    edited = library.lessons["pay-water"]
    assert edited is not lesson
    again = library.render(edited, "vi", WEB)
    assert again is not first and "ví điện tử" in again.html


def test_a_broken_lesson_is_reported_and_the_others_still_load(content, write_lesson):
    write_lesson("pay-water", body=STEP)
    (content / "lessons" / "broken").mkdir()
    (content / "lessons" / "broken" / "lesson.md").write_text("---\nlevel: [\n---\n", encoding="utf-8")
    library = Library(content / "lessons", content / "locales")
    lesson_set = library.lesson_set()
    assert "pay-water" in lesson_set.lessons and "broken" not in lesson_set.lessons
    assert [error.path.parent.name for error in lesson_set.errors] == ["broken"]


def test_a_changed_catalogue_renders_again_and_until_then_the_source_is_shown(content, write_lesson):
    write_lesson("pay-water", body=STEP, title="Trả tiền nước")
    library = Library(content / "lessons", content / "locales")
    lesson = library.lessons["pay-water"]
    tay = library.render(lesson, "tyz", WEB)
    # no Tày yet: the source text, marked with its language
    assert tay.title.text == "Trả tiền nước" and tay.title.lang == library.registry.source
    catalogue = content / "locales" / "tyz" / "LC_MESSAGES" / "lessons.po"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + f'\nmsgctxt "{TITLE_CONTEXT}"\nmsgid "Trả tiền nước"\nmsgstr "[tyz] Trả tiền nước"\n',
        encoding="utf-8",
    )
    touch_later(catalogue)
    translated = library.render(lesson, "tyz", WEB)
    assert translated is not tay
    assert translated.title.text == "[tyz] Trả tiền nước" and translated.title.lang is None


def test_the_registry_is_read_again_when_its_file_changes(content):
    library = Library(content / "lessons", content / "locales")
    assert "tyz" in library.registry
    registry = content / "locales" / "languages.toml"
    before = library.registry
    assert library.registry is before
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('native = "Tiếng Việt"', 'native = "Tiếng Việt Nam"'), encoding="utf-8")
    touch_later(registry)
    assert library.registry is not before
    assert library.registry["vi"].native == "Tiếng Việt Nam"


def test_lessons_are_the_published_ones_and_all_lessons_every_one(content, write_lesson):
    write_lesson("old-lesson", body=STEP)  # no status: written before the life cycle, published
    write_lesson("live", body=STEP, status="published")
    draft = write_lesson("draft-lesson", body=STEP, status="draft")
    write_lesson("taken-down", body=STEP, status="unpublished")
    library = Library(content / "lessons", content / "locales")
    assert {"old-lesson", "live"} <= set(library.lessons)
    assert not {"draft-lesson", "taken-down"} & set(library.lessons)
    assert {"old-lesson", "live", "draft-lesson", "taken-down"} <= set(library.all_lessons)
    assert library.all_lessons["draft-lesson"].status == "draft"
    published = library.lessons
    assert library.lessons is published  # the same dict until a lesson changes
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draft", "status: published"), "utf-8")
    touch_later(draft)
    assert "draft-lesson" in library.lessons


def add_translation(content, lang: str, msgid: str, text: str, context: str | None = None) -> None:
    catalogue = content / "locales" / lang / "LC_MESSAGES" / "lessons.po"
    entry = (f'msgctxt "{context}"\n' if context else "") + f'msgid "{msgid}"\nmsgstr "{text}"\n'
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    touch_later(catalogue)


def test_a_rendering_that_fails_falls_back_to_the_source_and_is_logged(content, write_lesson, monkeypatch, caplog):
    # Alembic's logging set-up (the migration tests) disables loggers that existed before it
    monkeypatch.setattr(logging.getLogger("lesson_toolkit.authoring.core.render"), "disabled", False)
    write_lesson("pay-water", body=STEP, title="Trả tiền nước")
    add_translation(content, "tyz", "Trả tiền nước", "[tyz] Trả tiền nước", TITLE_CONTEXT)
    library = Library(content / "lessons", content / "locales")
    lesson = library.lessons["pay-water"]
    from lesson_toolkit.authoring.core import render as render_module

    real = render_module._render

    def failing(lesson, lang, translate, *args):
        if lang == "tyz" and translate(render_module.front_matter_segments(lesson)[0])[1] is None:
            raise RecursionError("maximum recursion depth exceeded")  # as a hostile translation did
        return real(lesson, lang, translate, *args)

    monkeypatch.setattr(render_module, "_render", failing)
    page = library.render(lesson, "tyz", WEB)
    assert page.title.text == "Trả tiền nước" and page.title.lang == "vi"  # the source, marked
    assert "cannot be rendered" in caplog.text and "pay-water" in caplog.text


def test_a_rendering_over_budget_falls_back_to_the_source(content, write_lesson, monkeypatch, caplog):
    monkeypatch.setattr(logging.getLogger("lesson_toolkit.authoring.core.render"), "disabled", False)
    write_lesson("pay-water", body=STEP, title="Trả tiền nước")
    add_translation(content, "tyz", "Trả tiền nước", "[tyz] Trả tiền nước", TITLE_CONTEXT)
    from lesson_toolkit.authoring.core import render as render_module

    monkeypatch.setattr(render_module, "RENDER_BUDGET", -1.0)  # every rendering is over it
    library = Library(content / "lessons", content / "locales")
    page = library.render(library.lessons["pay-water"], "tyz", WEB)
    assert page.title.text == "Trả tiền nước" and "to render; the source language is shown" in caplog.text


def test_a_busy_machine_does_not_count_against_the_budget(content, write_lesson, monkeypatch):
    """The budget counts the rendering's own CPU time: waiting for the CPU (a loaded server, a
    print job beside it) is not the translation's fault, and it is still shown."""
    import time

    write_lesson("pay-water", body=STEP, title="Trả tiền nước")
    add_translation(content, "tyz", "Trả tiền nước", "[tyz] Trả tiền nước", TITLE_CONTEXT)
    from lesson_toolkit.authoring.core import render as render_module

    real = render_module._render

    def descheduled(*args, **kwargs):
        time.sleep(0.3)  # off the CPU, as a thread is when other processes have it
        return real(*args, **kwargs)

    monkeypatch.setattr(render_module, "_render", descheduled)
    monkeypatch.setattr(render_module, "RENDER_BUDGET", 0.2)
    library = Library(content / "lessons", content / "locales")
    assert library.render(library.lessons["pay-water"], "tyz", WEB).title.text == "[tyz] Trả tiền nước"


def test_a_lesson_that_cannot_render_is_left_out_and_its_failure_is_kept(content, write_lesson, monkeypatch):
    write_lesson("pay-water", body=STEP)
    write_lesson("pay-gas", body=STEP)
    from lesson_toolkit.authoring.core import render as render_module
    from lesson_toolkit.authoring.core.render import RenderError

    real, calls = render_module._render, []

    def failing(lesson, *args):
        if lesson.slug == "pay-gas":
            calls.append(lesson.slug)
            raise ValueError("cannot")
        return real(lesson, *args)

    monkeypatch.setattr(render_module, "_render", failing)
    library = Library(content / "lessons", content / "locales")
    slugs = {page.lesson.slug for page in library.renderable("vi", WEB)}
    assert "pay-water" in slugs and "pay-gas" not in slugs
    with pytest.raises(RenderError) as caught:
        library.render(library.lessons["pay-gas"], "vi", WEB)
    assert caught.value.path == library.lessons["pay-gas"].path and "cannot be shown" in str(caught.value)
    library.renderable("vi", WEB)
    assert calls == ["pay-gas"]  # tried once: the failure is cached until a file changes


def reads_of(monkeypatch) -> list[str]:
    """The lesson files the library reads from now on, by slug."""
    from lesson_toolkit.authoring.core import library as library_module

    reads, real = [], library_module.read_lesson

    def counting(path):
        reads.append(path.parent.name)
        return real(path)

    monkeypatch.setattr(library_module, "read_lesson", counting)
    return reads


def test_an_edit_reads_only_the_edited_lesson_and_the_others_stay_the_same_objects(content, write_lesson, monkeypatch):
    paths = {slug: write_lesson(slug, body=STEP) for slug in ("pay-gas", "pay-water", "pay-phone")}
    library = Library(content / "lessons", content / "locales")
    before = dict(library.lessons)
    reads = reads_of(monkeypatch)
    assert library.lesson_set() is library.lesson_set() and reads == []  # nothing changed: nothing read
    paths["pay-water"].write_text(paths["pay-water"].read_text("utf-8").replace("ngân hàng", "ví"), "utf-8")
    touch_later(paths["pay-water"])
    after = library.lessons
    assert reads == ["pay-water"]
    assert "ví" in after["pay-water"].body and after["pay-water"] is not before["pay-water"]
    assert after["pay-gas"] is before["pay-gas"] and after["pay-phone"] is before["pay-phone"]


def test_a_new_lesson_and_a_deleted_one_are_seen_and_only_the_new_one_is_read(content, write_lesson, monkeypatch):
    write_lesson("pay-gas", body=STEP)
    gone = write_lesson("pay-water", body=STEP)
    library = Library(content / "lessons", content / "locales")
    assert {"pay-gas", "pay-water"} <= set(library.lessons)
    reads = reads_of(monkeypatch)
    write_lesson("pay-phone", body=STEP)
    gone.unlink()
    lessons = library.lessons
    assert "pay-phone" in lessons and "pay-water" not in lessons and "pay-gas" in lessons
    assert reads == ["pay-phone"]


def test_a_lesson_that_breaks_is_an_error_and_reads_again_once_fixed(content, write_lesson):
    path = write_lesson("pay-water", body=STEP)
    library = Library(content / "lessons", content / "locales")
    good = path.read_text("utf-8")
    path.write_text(good.replace("level: 1", "level: [\n"), "utf-8")
    touch_later(path)
    assert "pay-water" not in library.lessons
    assert [error.path.parent.name for error in library.lesson_set().errors] == ["pay-water"]
    path.write_text(good, "utf-8")
    touch_later(path)
    assert "pay-water" in library.lessons and library.lesson_set().errors == []


def test_cards_render_nothing_and_match_the_rendered_pages(content, write_lesson, monkeypatch):
    write_lesson("pay-water", body="Mở ứng dụng.\n\n1. Bước một.\n2. Bước hai.\n\n    1. Nhỏ.\n\n3. Bước ba.\n")
    add_translation(content, "tyz", "Lesson pay-water", "[tyz] Lesson pay-water", TITLE_CONTEXT)
    library = Library(content / "lessons", content / "locales")
    from lesson_toolkit.authoring.core import render as render_module

    def no_rendering(*args):
        raise AssertionError("a card rendered a lesson")

    monkeypatch.setattr(render_module, "_render", no_rendering)
    for lang in ("vi", "tyz", "en"):
        cards = {card.lesson.slug: card for card in library.cards(lang)}
        assert set(cards) == set(library.lessons)
    monkeypatch.undo()
    for lang in ("vi", "tyz", "en"):
        for card in library.cards(lang):
            page = library.render(card.lesson, lang, WEB)
            assert (card.title, card.summary, card.steps) == (page.title, page.summary, page.steps), card.lesson.slug
    tay = {card.lesson.slug: card for card in library.cards("tyz")}["pay-water"]
    assert tay.title.text == "[tyz] Lesson pay-water" and tay.steps == 3
    assert {card.lesson.slug: card for card in library.cards("tyz")}["pay-water"] is tay  # cached


def test_a_card_follows_its_catalogue(content, write_lesson):
    write_lesson("pay-water", body=STEP)
    library = Library(content / "lessons", content / "locales")
    before = {card.lesson.slug: card for card in library.cards("tyz")}["pay-water"]
    add_translation(content, "tyz", "A test lesson.", "[tyz] A test lesson.", SUMMARY_CONTEXT)
    after = {card.lesson.slug: card for card in library.cards("tyz")}["pay-water"]
    assert after is not before and after.summary.text == "[tyz] A test lesson." and after.summary.lang is None


def test_renderings_kept_are_bounded(content, write_lesson):
    for number in range(5):
        write_lesson(f"pay-{number}", body=STEP)
    one = Library(content / "lessons", content / "locales").render
    size = max(
        sys.getsizeof(one(lesson, "vi", WEB).html)
        for lesson in Library(content / "lessons", content / "locales").lessons.values()
        if lesson.slug.startswith("pay-")
    )
    library = Library(content / "lessons", content / "locales", rendering_bytes=3 * size)
    for lesson in library.lessons.values():
        library.render(lesson, "vi", WEB)
    assert 0 < len(library._rendered) <= 3 and library._rendered.currsize <= 3 * size


def test_lesson_files_are_looked_at_no_more_often_than_the_recheck_period(content, write_lesson):
    write_lesson("pay-water", body=STEP)
    library = Library(content / "lessons", content / "locales", recheck=3600)
    assert "pay-water" in library.lessons
    write_lesson("pay-school-fees", body=STEP)
    assert "pay-school-fees" not in library.lessons  # within the period: the files are not looked at
    library.forget()
    assert "pay-school-fees" in library.lessons


def test_without_a_recheck_period_every_lookup_sees_the_files(content, write_lesson):
    write_lesson("pay-water", body=STEP)
    library = Library(content / "lessons", content / "locales")
    assert "pay-school-fees" not in library.lessons
    write_lesson("pay-school-fees", body=STEP)
    assert "pay-school-fees" in library.lessons
