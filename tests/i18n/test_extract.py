"""authoring/i18n/extract.py: the lessons' template, the same with the messages found before."""

from __future__ import annotations

from lesson_toolkit.authoring.core.segments_cache import SegmentsCache
from lesson_toolkit.authoring.i18n import extract
from lesson_toolkit.authoring.i18n.catalogue import pot_path


def test_an_extraction_with_the_messages_found_before_writes_the_same_template(content, tmp_path, monkeypatch):
    lessons, locales = content / "lessons", content / "locales"
    pot = pot_path(locales, "lessons")
    pot.unlink(missing_ok=True)
    extract.extract_templates(lessons, locales, domains=("lessons",))
    plain = pot.read_bytes()
    cache = SegmentsCache(tmp_path / "cache", 64)
    pot.unlink()
    extract.extract_templates(lessons, locales, domains=("lessons",), segments=cache)
    assert pot.read_bytes() == plain
    (lessons / "use-zalo" / "lesson.md").write_text(
        (lessons / "use-zalo" / "lesson.md").read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8"
    )
    segmented = []
    real = extract.segment
    monkeypatch.setattr(extract, "segment", lambda lesson: segmented.append(lesson.slug) or real(lesson))
    extract.extract_templates(lessons, locales, domains=("lessons",), segments=SegmentsCache(tmp_path / "cache", 64))
    assert segmented == ["use-zalo"]  # a new process segments only the edited lesson
    text = pot.read_text(encoding="utf-8")
    assert 'msgid "Một câu mới."' in text
    without = text.replace('#: lessons/use-zalo/lesson.md\nmsgid "Một câu mới."\nmsgstr ""\n\n', "")
    assert extract._without_date(without.encode()) == extract._without_date(plain)  # and nothing else changed
