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


def _counting_extractions(monkeypatch) -> list[str]:
    extracted: list[str] = []
    real = extract.extract_template
    monkeypatch.setattr(
        extract, "extract_template", lambda cwd, inputs, *a: extracted.append(inputs[0]) or real(cwd, inputs, *a)
    )
    return extracted


def test_a_domain_whose_inputs_and_template_did_not_change_is_not_extracted_again(content, tmp_path, monkeypatch):
    lessons, locales, records = content / "lessons", content / "locales", tmp_path / "records"
    monkeypatch.setattr(extract, "SETTLED_NS", 0)  # every file counts as settled (see the next test)
    extracted = _counting_extractions(monkeypatch)
    extract.extract_templates(lessons, locales, records=records)
    assert extracted == [extract.PACKAGE.name, "lessons"]
    extract.extract_templates(lessons, locales, records=records)
    assert extracted == [extract.PACKAGE.name, "lessons"]  # nothing read changed: both skipped

    lesson = lessons / "use-zalo" / "lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    written = extract.extract_templates(lessons, locales, records=records)
    assert extracted[2:] == ["lessons"]  # the interface's messages are not extracted again
    assert written == [pot_path(locales, "lessons")]
    assert 'msgid "Một câu mới."' in pot_path(locales, "lessons").read_text(encoding="utf-8")

    # a template changed by someone else (an editor, git) is made again, even with the same inputs
    pot = pot_path(locales, "messages")
    pot.write_text(pot.read_text(encoding="utf-8").replace("msgid ", "msgid  ", 1), encoding="utf-8")
    assert extract.extract_templates(lessons, locales, records=records) == [pot]
    assert extracted[3:] == [extract.PACKAGE.name]


def test_an_input_changed_in_the_last_seconds_is_always_read_again(content, tmp_path, monkeypatch):
    """A change within the file clock's step could keep the file's size and time: while an input
    is that new, the extraction keeps no record, and the next one reads the files again."""
    lessons, locales, records = content / "lessons", content / "locales", tmp_path / "records"
    extracted = _counting_extractions(monkeypatch)
    for _ in range(2):
        extract.extract_templates(lessons, locales, domains=("lessons",), records=records)
    assert extracted == ["lessons", "lessons"]  # the copied lessons are seconds old
    assert not (records / "lessons.pot.stamp").exists()


def test_the_stamp_changes_with_the_toolkits_code_babel_cfg_and_every_input(tmp_path, monkeypatch):
    package, inputs = tmp_path / "package", tmp_path / "lessons"
    (package / "__pycache__").mkdir(parents=True)
    (package / "babel.cfg").write_text("[lessons: **/lesson.md]\n")
    (inputs / "a").mkdir(parents=True)
    (inputs / "a" / "lesson.md").write_text("---\ntitle: A\n---\n")
    monkeypatch.setattr(extract, "PACKAGE", package)
    monkeypatch.setattr(extract, "SETTLED_NS", -(10**12))  # files "settled" up to 1000 s ahead
    stamps = {extract.inputs_stamp(tmp_path, ["lessons"], [])}
    (package / "__pycache__" / "x.pyc").write_bytes(b"bytecode")  # not an input: same stamp
    assert extract.inputs_stamp(tmp_path, ["lessons"], []) in stamps
    for change in (
        lambda: (package / "babel.cfg").write_text("[lessons: **/lesson.md]\n\n"),
        lambda: (package / "extract.py").write_text("# new code\n"),
        lambda: (inputs / "a" / "lesson.md").write_text("---\ntitle: B\n---\n\n"),
        lambda: (inputs / "a" / "picture.png").write_bytes(b"png"),
        lambda: (inputs / "a" / "picture.png").rename(inputs / "a" / "step.png"),
    ):
        change()
        stamp = extract.inputs_stamp(tmp_path, ["lessons"], [])
        assert stamp is not None and stamp not in stamps
        stamps.add(stamp)
    assert extract.inputs_stamp(tmp_path, ["lessons"], ["N_"]) not in stamps  # other keywords
