"""Reading lessons: front matter validated with file, line and field; text normalised to NFC."""

import unicodedata

import pytest

from lesson_toolkit.authoring.core.lesson import LessonError, load_lessons, read_lesson


def test_a_valid_lesson_is_read_and_normalised_to_nfc(write_lesson):
    decomposed = unicodedata.normalize("NFD", "Thanh toán tiền điện")
    path = write_lesson("nfc", body=f"## {decomposed}\n", title=f'"{decomposed}"')
    lesson = read_lesson(path)
    assert lesson.slug == "nfc"
    assert lesson.title == "Thanh toán tiền điện" and unicodedata.is_normalized("NFC", lesson.title)
    assert "Thanh toán tiền điện" in lesson.body
    assert (lesson.level, lesson.minutes, lesson.topic) == (1, 5, "payments")


@pytest.mark.parametrize(
    ("front", "line", "field", "words"),
    [
        ({"minutes": None}, 2, "minutes", "missing"),
        ({"minutes": "ten"}, 6, "minutes", "whole number"),
        ({"level": 7}, 5, "level", "1, 2 or 3"),
        ({"colour": "red"}, 7, "colour", "unknown field"),
        ({"title": '"unclosed'}, None, None, "not valid YAML"),
    ],
)
def test_bad_front_matter_names_file_line_and_field(write_lesson, front, line, field, words):
    path = write_lesson("broken", **front)
    with pytest.raises(LessonError) as caught:
        read_lesson(path)
    error = caught.value
    assert error.path == path
    assert words in str(error)
    assert str(path) in str(error)
    if line:
        assert error.line == line and f"{path}:{line}:" in str(error)
    else:
        assert error.line is not None
    assert error.field == field


def test_missing_front_matter_fence(content):
    folder = content / "lessons" / "no-fence"
    folder.mkdir()
    (folder / "lesson.md").write_text("# Just a title\n", encoding="utf-8")
    with pytest.raises(LessonError, match="must start with a '---' line"):
        read_lesson(folder / "lesson.md")


def test_one_broken_lesson_does_not_hide_the_others(write_lesson, content):
    write_lesson("good-one")
    write_lesson("bad-one", minutes="many")
    lessons = load_lessons(content / "lessons")
    assert "good-one" in lessons.lessons and "bad-one" not in lessons.lessons
    assert [error.path.parent.name for error in lessons.errors] == ["bad-one"]


def test_not_utf8_is_reported_with_its_line(content):
    folder = content / "lessons" / "latin1"
    folder.mkdir()
    (folder / "lesson.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(LessonError, match="not UTF-8") as caught:
        read_lesson(folder / "lesson.md")
    assert caught.value.line == 2


def test_lessons_list_cli_shows_lessons_and_errors(runner, write_lesson):
    write_lesson("listed-lesson", title="Listed")
    write_lesson("broken-lesson", level="high")
    result = runner.invoke(args=["lessons", "list"])
    assert "listed-lesson" in result.output and "Listed" in result.output
    assert "broken-lesson" in result.output and "field 'level'" in result.output
    assert result.exit_code == 1


def test_lessons_new_creates_a_lesson_that_loads_and_lints_clean(runner, content):
    result = runner.invoke(args=["lessons", "new", "my-new-lesson", "--title", "Use the VNeID app"])
    assert result.exit_code == 0, result.output
    lesson = read_lesson(content / "lessons" / "my-new-lesson" / "lesson.md")
    assert lesson.title == "Use the VNeID app"
    lint = runner.invoke(args=["lessons", "lint", "my-new-lesson"])
    assert "my-new-lesson" not in lint.output, lint.output
    again = runner.invoke(args=["lessons", "new", "my-new-lesson"])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = runner.invoke(args=["lessons", "new", "../escape"])
    assert bad.exit_code != 0 and "not a valid slug" in bad.output


# Hostile lessons, built here (never checked in): each is refused when read, with its line, and
# without reading or parsing more than the limit.
@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (">" * 5000 + " trích dẫn\n", 8, "nested too deeply"),
        ("".join("    " * depth + "- mục\n" for depth in range(200)), 8 + 12, "nested too deeply"),
        ("- " * 5000 + "mục\n", 8, "nested too deeply"),
        ("".join(f"{n}. Bước {n}.\n" for n in range(1, 10_001)), None, "at most 3000 lines"),
        ("Đoạn đầu.\n\nĐoạn " + "[" * 401 + "\n", 10, "more than 400 '[' characters"),
        ("Đoạn " + "`" * 200 + "\n" + "`" * 201 + "\n", 8, "more than 400 '`' characters"),
    ],
    ids=["quotes", "nested-list", "one-line-list", "steps", "brackets", "backticks"],
)
def test_a_lesson_too_big_or_too_deep_to_render_is_refused_with_its_line(write_lesson, body, line, words):
    path = write_lesson("hostile", body=body)
    with pytest.raises(LessonError) as caught:
        read_lesson(path)
    assert words in str(caught.value) and caught.value.path == path
    assert caught.value.line == line


def test_a_huge_lesson_is_refused_without_reading_it_all(write_lesson):
    path = write_lesson("huge")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Một đoạn văn dài. " * 3_000_000)  # about 50 MB
    with pytest.raises(LessonError, match="too long"):
        read_lesson(path)


def test_a_lesson_file_that_is_a_symbolic_link_is_refused(write_lesson, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(write_lesson("real").read_text("utf-8"), "utf-8")
    link = write_lesson("linked")
    link.unlink()
    link.symlink_to(secret)
    with pytest.raises(LessonError, match="symbolic link"):
        read_lesson(link)
    loaded = load_lessons(link.parent.parent)
    assert "linked" not in loaded.lessons and "real" in loaded.lessons


def test_a_lesson_at_the_limits_still_reads(write_lesson):
    nested = "".join("    " * depth + "- mục\n" for depth in range(10))
    path = write_lesson("deep-enough", body=nested + "\n" + "> " * 8 + "trích\n")
    assert read_lesson(path).slug == "deep-enough"


@pytest.mark.parametrize(
    "body",
    [
        "\n\n".join(["[" * 170] * 1400),  # every paragraph within its own limit, the whole too costly
        "\n\n".join(["<a " + "x " * 100] * 400),  # an unclosed tag is looked for to the end of the body
        "\n\n".join(["*_" * 50] * 1400),
    ],
    ids=["brackets", "tags", "emphasis"],
)
def test_a_lesson_within_every_count_but_too_costly_to_render_is_refused(write_lesson, body):
    path = write_lesson("costly", body=body)
    with pytest.raises(LessonError, match="too much markup to be shown quickly"):
        read_lesson(path)


def test_an_ordinary_long_lesson_is_within_the_render_budget(write_lesson):
    sentence = "Một câu bình thường, có **chữ đậm** và [liên kết](https://a.vn). "
    path = write_lesson("long", body="\n\n".join([sentence * 3] * 1000))  # 200 KB
    assert read_lesson(path).slug == "long"
