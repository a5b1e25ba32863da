"""No command prints a traceback for bad input: a broken lesson, catalogue or registry gives a
one-line error that names the file (and line), and a non-zero exit where the command needs it."""

from __future__ import annotations

import traceback

import pytest

COMMANDS = [
    ["lessons", "list"],
    ["lessons", "lint"],
    ["lessons", "new", "pay-water", "--title", "Trả tiền nước"],
    ["i18n", "extract"],
    ["i18n", "update"],
    ["i18n", "compile"],
    ["i18n", "stats"],
    ["i18n", "pseudo"],
    ["users", "list"],
    ["users", "set-role", "nobody", "translator", "--languages", "tyz"],
    ["export", "pdf", "pay-electricity-qr", "--lang", "tyz"],
    ["export", "booklet", "--lessons", "use-zalo,pay-electricity-qr", "--lang", "vi"],
    ["export", "site", "{tmp}/pack", "--lang", "tyz"],
]

# commands that never read the language registry
WITHOUT_LANGUAGES = [
    ["lessons", "list"],
    ["lessons", "new"],
    ["i18n", "extract"],
    ["i18n", "pseudo"],
    ["users", "list"],
]


def break_lesson(content):
    path = content / "lessons" / "use-zalo" / "lesson.md"
    path.write_text("---\ntitle: [unclosed\nlevel: nine\n---\nbody\n", encoding="utf-8")
    return path


def break_catalogue(content):
    path = content / "locales" / "tyz" / "LC_MESSAGES" / "lessons.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr broken\n')
    return path


def break_registry(content):
    path = content / "locales" / "languages.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[languages.xx\nname = \n", encoding="utf-8")
    return path


BREAKAGES = {"lesson": break_lesson, "catalogue": break_catalogue, "registry": break_registry}


@pytest.mark.parametrize("breakage", BREAKAGES)
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_no_command_prints_a_traceback_for_bad_input(app, content, tmp_path, command, breakage):
    with app.app_context():
        from lesson_toolkit.extensions import db

        db.create_all()
    broken = BREAKAGES[breakage](content)
    args = [arg.format(tmp=tmp_path) for arg in command]
    result = app.test_cli_runner().invoke(args=args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{' '.join(args)} with a broken {breakage} raised:\n{trace}")
    assert "Traceback" not in result.output
    if breakage == "registry" and args[:2] not in WITHOUT_LANGUAGES:
        # a command that needs the languages says which file is wrong
        assert result.exit_code == 1, result.output
        assert str(broken) in result.output or broken.name in result.output
    if breakage == "catalogue" and args[:2] in (["i18n", "update"], ["i18n", "compile"], ["i18n", "stats"]):
        assert result.exit_code == 1 and f"{broken}:6" in result.output, result.output


def test_a_toolkit_error_is_translated_with_its_params_where_a_person_reads_it():
    """Core errors are interface templates (English msgids) with params: the command line shows
    them in English, the workspace in the reader's language, the `Term` params translated too."""
    from lesson_toolkit.authoring.errors import N_, Term, ToolkitError

    error = ToolkitError(
        N_("expected %(expected)s, got %(value)s"),
        path="lessons/x/lesson.md",
        line=4,
        field="level",
        params={"expected": Term(N_("a whole number")), "value": "'nine'"},
    )
    assert error.message == "expected a whole number, got 'nine'"
    assert error.template == "expected %(expected)s, got %(value)s"
    vietnamese = {
        "expected %(expected)s, got %(value)s": "cần %(expected)s, nhưng là %(value)s",
        "a whole number": "một số nguyên",
        "field '%(field)s': %(message)s": "trường '%(field)s': %(message)s",
    }
    assert (
        error.translated(lambda text: vietnamese.get(text, text))
        == "trường 'level': cần một số nguyên, nhưng là 'nine'"
    )
    assert error.translated(lambda text: text) == "field 'level': expected a whole number, got 'nine'"


def test_a_lint_finding_is_translated_with_its_params():
    from pathlib import Path

    from lesson_toolkit.authoring.core.lint import Finding

    finding = Finding(Path("lessons/x/lesson.md"), 3, "picture %(src)s does not exist", params={"src": "'a.png'"})
    assert finding.message == "picture 'a.png' does not exist"
    assert str(finding) == "lessons/x/lesson.md:3: error: picture 'a.png' does not exist"
    table = {"picture %(src)s does not exist": "không có ảnh %(src)s"}
    assert finding.translated(lambda text: table.get(text, text)) == "không có ảnh 'a.png'"
