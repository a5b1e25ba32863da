"""The catalogue workflow: extract, update (fuzzy with #|), compile, stats, Plural-Forms, wrapping."""

import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.core import Locale, UnknownLocaleError

from lesson_toolkit.authoring.i18n.catalogue import CatalogueError, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry

ROOT = Path(__file__).resolve().parents[2]
# The lesson is written in the source language, Vietnamese: lessons catalogues hold Vietnamese msgids.
LONG = "Đoạn văn này cố ý dài hơn bảy mươi sáu ký tự rất nhiều, để một công cụ ngắt dòng sẽ phải tách nó ra."
BODY = f"""\
## Các bước

1. Mở ứng dụng.

    ![Điện thoại có ứng dụng](images/step-1.png)

2. Kiểm tra số tiền.

{LONG}
"""


@pytest.fixture
def lesson_catalogues(content, write_lesson, runner):
    """Only one small lesson, extracted and merged into every catalogue."""
    for folder in (content / "lessons").iterdir():
        shutil.rmtree(folder)
    for catalogue in (content / "locales").glob("*/LC_MESSAGES/lessons.po"):
        catalogue.unlink()  # start from empty lesson catalogues
    write_lesson("tiny", body=BODY, pictures=("images/step-1.png",), title="Bài nhỏ")
    result = runner.invoke(args=["i18n", "update"])
    assert result.exit_code == 0, result.output
    return content / "locales"


def registry_of(locales):
    return load_registry(locales / "languages.toml")


def msgfmt_check(path):
    if not shutil.which("msgfmt"):
        pytest.fail("GNU msgfmt is missing (make test installs gettext)")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_update_creates_every_catalogue_with_an_explicit_plural_forms(lesson_catalogues):
    registry = registry_of(lesson_catalogues)
    for domain in ("messages", "lessons"):
        for language in registry.targets(domain):
            path = po_path(lesson_catalogues, language.code, domain)
            text = path.read_text(encoding="utf-8")
            assert f'"Plural-Forms: {language.plural_forms}\\n"' in text
            assert f'"Language: {language.code}\\n"' in text
            msgfmt_check(path)
    # each domain's source language has no catalogue of its own: its text is the msgid
    assert not po_path(lesson_catalogues, "vi", "lessons").exists()
    assert not po_path(lesson_catalogues, "en", "messages").exists()
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in po_path(lesson_catalogues, "tyz", "lessons").read_text("utf-8")


def test_fresh_lessons_catalogues_get_the_vietnamese_msgids(lesson_catalogues):
    """The lessons catalogues `i18n update` creates hold the Vietnamese source text, in English
    as in Tày and Dao; the interface catalogues keep English msgids."""
    for code in ("en", "tyz", "ium", "mji"):
        catalog = read_catalogue(po_path(lesson_catalogues, code, "lessons"))
        ids = {(m.context, m.id) for m in catalog if m.id}
        assert ("lesson title", "Bài nhỏ") in ids, code
        assert {(None, "Mở ứng dụng."), (None, "Kiểm tra số tiền."), (None, LONG)} <= ids, code
        assert ("picture description", "Điện thoại có ứng dụng") in ids, code
        assert all(not m.string for m in catalog if m.id), code  # nothing is made up
    interface = read_catalogue(po_path(lesson_catalogues, "vi", "messages"))
    assert "Digital skills lessons" in interface


def test_babel_has_no_cldr_data_for_tay_and_dao():
    # the reason for LanguageCatalog and the registry's cldr field
    for code in ("tyz", "ium", "mji"):
        with pytest.raises(UnknownLocaleError):
            Locale.parse(code)


def test_editing_one_paragraph_keeps_its_translation_as_fuzzy_with_the_previous_source(
    lesson_catalogues, content, runner
):
    registry = registry_of(lesson_catalogues)
    path = po_path(lesson_catalogues, "en", "lessons")
    catalog = read_catalogue(path, registry["en"])
    for message in catalog:
        if message.id:
            message.string = f"EN {message.id}"
    write_catalogue(path, catalog)

    lesson = content / "lessons" / "tiny" / "lesson.md"
    lesson.write_text(lesson.read_text().replace("Kiểm tra số tiền.", "Kiểm tra số tiền và tên."))
    lesson.write_text(lesson.read_text().replace(LONG + "\n", ""))
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0

    text = path.read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Kiểm tra số tiền."\nmsgid "Kiểm tra số tiền và tên."\nmsgstr "EN Kiểm tra số tiền."'
        in text
    )
    assert f'#~ msgid "{LONG}"' in text  # removed: obsolete, not lost
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0  # the next update keeps what changed
    assert path.read_text(encoding="utf-8") == text
    catalog = read_catalogue(path, registry["en"])
    assert not catalog["Mở ứng dụng."].fuzzy and catalog["Mở ứng dụng."].string == "EN Mở ứng dụng."
    msgfmt_check(path)


def test_no_wrapping_one_message_one_line(lesson_catalogues):
    text = po_path(lesson_catalogues, "en", "lessons").read_text(encoding="utf-8")
    assert f'msgid "{LONG}"' in text


def test_saving_again_changes_nothing(lesson_catalogues, runner):
    before = {p: p.read_bytes() for p in lesson_catalogues.rglob("*.po*")}
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    after = {p: p.read_bytes() for p in lesson_catalogues.rglob("*.po*")}
    assert before == after


def test_compiled_catalogues_keep_plural_forms_and_leave_fuzzy_out(lesson_catalogues, runner):
    registry = registry_of(lesson_catalogues)
    path = po_path(lesson_catalogues, "tyz", "lessons")
    catalog = read_catalogue(path, registry["tyz"])
    catalog["Mở ứng dụng."].string = "draft"
    catalog["Mở ứng dụng."].flags.add("fuzzy")
    write_catalogue(path, catalog)
    assert runner.invoke(args=["i18n", "compile"]).exit_code == 0
    with path.with_suffix(".mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert mo.info()["plural-forms"] == "nplurals=1; plural=0;"
    assert mo.ngettext("one", "many", 5) == "many"  # untranslated: source, but the header is parsed
    assert mo.gettext("Mở ứng dụng.") == "Mở ứng dụng."  # the fuzzy draft is not used


def test_stats_per_lesson_and_language(lesson_catalogues, runner):
    registry = registry_of(lesson_catalogues)
    path = po_path(lesson_catalogues, "en", "lessons")
    catalog = read_catalogue(path, registry["en"])
    catalog["Mở ứng dụng."].string = "Open the app."
    catalog["Kiểm tra số tiền."].string = "Check the amount."
    catalog["Kiểm tra số tiền."].flags.add("fuzzy")
    write_catalogue(path, catalog)
    result = runner.invoke(args=["i18n", "stats", "--json"])
    rows = {(r["lesson"], r["lang"]): r for r in json.loads(result.output)}
    tiny = rows[("tiny", "en")]
    assert (tiny["translated"], tiny["fuzzy"], tiny["total"]) == (1, 1, 7)
    assert rows[("tiny", "tyz")]["translated"] == 0
    # lessons are counted for the lessons' targets, the interface for the interface's
    assert {lang for lesson, lang in rows if lesson == "tiny"} == {"en", "tyz", "ium", "mji"}
    assert {lang for lesson, lang in rows if lesson == "(interface)"} == {"vi", "tyz", "ium", "mji"}
    table = runner.invoke(args=["i18n", "stats"]).output
    assert "tiny" in table and "14.3%" in table


def test_a_malformed_catalogue_is_reported_with_its_line(lesson_catalogues, runner):
    path = po_path(lesson_catalogues, "ium", "lessons")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(25, 'msgstr[ "a broken line"')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)
    assert caught.value.line == 26 and str(path) in str(caught.value)
    result = runner.invoke(args=["i18n", "compile"])
    assert result.exit_code != 0 and f"{path}:26" in result.output


def test_the_toolkit_and_plain_pybabel_extract_write_the_same_template(lesson_catalogues, content, runner):
    assert runner.invoke(args=["i18n", "extract"]).exit_code == 0
    ours = (lesson_catalogues / "lessons.pot").read_text(encoding="utf-8")
    out = content / "plain.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [str(pybabel), "extract", "-F", str(ROOT / "lesson_toolkit" / "babel.cfg"),
               "--no-wrap", "--add-location", "file", "--sort-by-file", "--project", "lesson-toolkit",
               "--version", "1", "-o", str(out), "lessons"]  # fmt: skip
    subprocess.run(command, cwd=content, check=True, capture_output=True)
    plain = out.read_text(encoding="utf-8")
    strip = lambda text: [line for line in text.split("\n") if not line.startswith('"POT-Creation-Date')]  # noqa: E731
    assert strip(ours) == strip(plain)
    assert 'msgctxt "picture description"' in ours and "#. picture: images/step-1.png" in ours


def test_adding_a_language_takes_one_registry_entry_and_one_command(lesson_catalogues, content, runner):
    """Kim Mun (`mji`) was added this way; here Nùng (`nut`), which is not registered yet."""
    registry_file = lesson_catalogues / "languages.toml"
    assert "nut" not in registry_of(lesson_catalogues).codes
    registry_file.write_text(registry_file.read_text(encoding="utf-8") + """
[languages.nut]
name = "Nung"
native = "Nùng"
name_vi = "tiếng Nùng"
fallback = ["vi"]
cldr = "vi"
plural_forms = "nplurals=1; plural=0;"
direction = "ltr"
reviewed = false
""", encoding="utf-8")  # fmt: skip
    result = runner.invoke(args=["i18n", "update"])
    assert result.exit_code == 0 and "nut/LC_MESSAGES/lessons.po" in result.output
    for domain in ("messages", "lessons"):
        path = po_path(lesson_catalogues, "nut", domain)
        assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in path.read_text(encoding="utf-8")
        msgfmt_check(path)
    lessons = read_catalogue(po_path(lesson_catalogues, "nut", "lessons"))
    assert ("lesson title", "Bài nhỏ") in {(m.context, m.id) for m in lessons}  # Vietnamese msgids
    assert "Digital skills lessons" in read_catalogue(po_path(lesson_catalogues, "nut", "messages"))
    assert runner.invoke(args=["i18n", "compile"]).exit_code == 0
    with po_path(lesson_catalogues, "nut", "messages").with_suffix(".mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).info()["plural-forms"] == "nplurals=1; plural=0;"
    from tests.conftest import make_app

    client = make_app(content, content.parent).test_client()
    page = client.get("/nut/lessons/tiny")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # a Nùng page with no Nùng text says what it is written in: Vietnamese (issue 15)
    assert '<html lang="vi"' in html and '<h1 lang="vi">Bài nhỏ</h1>' in html and ">Nùng<" in html
    assert "Bài học kỹ năng số" in html  # the interface falls back to Vietnamese too
    assert client.get("/nut/").status_code == 200
    assert "nut" in runner.invoke(args=["i18n", "stats"]).output


def test_an_empty_plural_entry_counts_as_untranslated(lesson_catalogues, runner):
    registry = registry_of(lesson_catalogues)
    path = po_path(lesson_catalogues, "tyz", "messages")
    catalog = read_catalogue(path, registry["tyz"])
    catalog.add(("%(num)d step", "%(num)d steps"), ("",))
    write_catalogue(path, catalog)
    rows = {(r["lesson"], r["lang"]): r for r in json.loads(runner.invoke(args=["i18n", "stats", "--json"]).output)}
    assert rows[("(interface)", "tyz")]["translated"] == 0


def test_an_untranslated_plural_falls_back_along_the_chain(lesson_catalogues, runner):
    registry = registry_of(lesson_catalogues)
    for code, strings in (("tyz", ("",)), ("vi", ("%(num)d bước",))):
        path = po_path(lesson_catalogues, code, "messages")
        catalog = read_catalogue(path, registry[code])
        catalog.add(("%(num)d step", "%(num)d steps"), strings)
        write_catalogue(path, catalog)
    assert runner.invoke(args=["i18n", "compile"]).exit_code == 0
    with po_path(lesson_catalogues, "tyz", "messages").with_suffix(".mo").open("rb") as handle:
        tyz = gettext.GNUTranslations(handle)
    with po_path(lesson_catalogues, "vi", "messages").with_suffix(".mo").open("rb") as handle:
        tyz.add_fallback(gettext.GNUTranslations(handle))
    assert tyz.ngettext("%(num)d step", "%(num)d steps", 8) == "%(num)d bước"


GETTEXT_ORDER = [
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
]


def gettext_tool(*args, cwd=None):
    if not shutil.which(args[0]):
        pytest.fail(f"GNU {args[0]} is missing (make test installs gettext)")
    result = subprocess.run(args, capture_output=True, cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def header_names(text):
    header = text.split("\n\n", 1)[0]
    return [line[1:].split(":", 1)[0] for line in header.split("\n") if line.startswith('"') and ":" in line]


def translated_with_history(lesson_catalogues, content, runner):
    """Catalogues holding every kind of entry: translated, fuzzy with `#|`, obsolete, plural."""
    registry = registry_of(lesson_catalogues)
    for code in ("en", "tyz", "ium"):
        path = po_path(lesson_catalogues, code, "lessons")
        catalog = read_catalogue(path, registry[code])
        for message in catalog:
            if message.id:
                message.string = f"{code} {message.id}"
        write_catalogue(path, catalog)
    lesson = content / "lessons" / "tiny" / "lesson.md"
    lesson.write_text(lesson.read_text().replace("Kiểm tra số tiền.", "Kiểm tra số tiền và tên."))
    lesson.write_text(lesson.read_text().replace(LONG + "\n", ""))
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    return sorted(lesson_catalogues.glob("*/LC_MESSAGES/*.po"))


def test_headers_are_in_gettext_order_and_spelling(lesson_catalogues):
    for path in lesson_catalogues.glob("*/LC_MESSAGES/*.po"):
        text = path.read_text(encoding="utf-8")
        names = header_names(text)
        known = [name for name in names if name in GETTEXT_ORDER]
        assert known == [name for name in GETTEXT_ORDER if name in known], path
        assert names[: len(known)] == known  # other fields come after gettext's own
        assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text


def test_a_round_trip_through_msgcat_and_msgmerge_changes_nothing(lesson_catalogues, content, runner):
    paths = translated_with_history(lesson_catalogues, content, runner)
    ours = {path: path.read_bytes() for path in paths}
    assert '#| msgid "Kiểm tra số tiền."'.encode() in ours[po_path(lesson_catalogues, "tyz", "lessons")]
    for path in paths:
        # what Poedit, Weblate or msgcat would save: exactly what we wrote
        assert gettext_tool("msgcat", "--no-wrap", str(path)) == ours[path], path
        template = lesson_catalogues / f"{path.stem}.pot"
        merged = gettext_tool("msgmerge", "--quiet", "--previous", "--no-wrap", "-o", "-", str(path), str(template))
        assert merged == ours[path], path
        path.write_bytes(merged)
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    assert {path: path.read_bytes() for path in paths} == ours


def test_a_file_saved_by_gettext_tools_is_read_back_whole(lesson_catalogues, content, runner):
    paths = translated_with_history(lesson_catalogues, content, runner)
    path = po_path(lesson_catalogues, "ium", "lessons")
    before = path.read_bytes()
    # msgcat's default wrapping (79 columns) is read back and written as one line per message
    path.write_bytes(gettext_tool("msgcat", str(path)))
    assert path.read_bytes() != before
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    assert path.read_bytes() == before
    assert paths


@pytest.mark.parametrize("code", ["tyz", "ium"])
def test_plural_forms_survive_update_and_compile(lesson_catalogues, runner, code):
    registry = registry_of(lesson_catalogues)
    path = po_path(lesson_catalogues, code, "messages")
    catalog = read_catalogue(path, registry[code])
    catalog.add(("%(num)d step", "%(num)d steps"), ("%(num)d bước",))
    write_catalogue(path, catalog)
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count('"Plural-Forms: nplurals=1; plural=0;\\n"') == 1
    msgfmt_check(path)
    assert runner.invoke(args=["i18n", "compile"]).exit_code == 0
    with path.with_suffix(".mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).info()["plural-forms"] == "nplurals=1; plural=0;"
    # what msgfmt itself makes of the same file has the same header
    out = path.with_name("gnu.mo")
    gettext_tool("msgfmt", "-o", str(out), str(path))
    with out.open("rb") as handle:
        assert gettext.GNUTranslations(handle).info()["plural-forms"] == "nplurals=1; plural=0;"


def test_no_private_method_of_babel_or_polib_is_overridden():
    import ast

    sources = ["authoring/i18n/catalogue.py", "authoring/i18n/extract.py", "authoring/workspace/translation_store.py"]
    for source in sources:
        tree = ast.parse((ROOT / "lesson_toolkit" / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = item.name
                    assert not (name.startswith("_") and not name.startswith("__")), f"{source}: {node.name}.{name}"
                if isinstance(item, ast.Assign):  # e.g. `mime_headers = property(_get, Catalog._set)`
                    assert "._" not in ast.unparse(item.value), f"{source}: {node.name}: {ast.unparse(item)}"
        text = (ROOT / "lesson_toolkit" / source).read_text(encoding="utf-8")
        assert "CommandLineInterface" not in text and "chdir" not in text, source


@pytest.mark.parametrize("command", ["stats", "update", "compile"])
def test_a_malformed_catalogue_stops_every_command_cleanly(lesson_catalogues, runner, command):
    path = po_path(lesson_catalogues, "tyz", "lessons")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(25, 'msgstr "unterminated')
    path.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(args=["i18n", command])
    assert result.exit_code == 1
    assert f"{path}:26" in result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, not an uncaught error
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("Error:") and len(result.output.strip().split("\n")) == 1


def test_a_catalogue_in_another_encoding_is_reported(lesson_catalogues, runner):
    path = po_path(lesson_catalogues, "vi", "messages")
    path.write_bytes(path.read_bytes() + b'\nmsgid "caf\xe9"\nmsgstr ""\n')
    result = runner.invoke(args=["i18n", "stats"])
    assert result.exit_code == 1 and f"{path}:" in result.output and "UTF-8" in result.output


def test_a_language_header_that_is_no_code_is_reported(lesson_catalogues, runner):
    path = po_path(lesson_catalogues, "vi", "messages")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: vi\\n"', '"Language: Tiếng Việt\\n"'), "utf-8")
    result = runner.invoke(args=["i18n", "stats"])
    assert result.exit_code == 1 and f"{path}:" in result.output and "Language" in result.output


def test_fields_added_by_poedit_are_kept_where_they_are(lesson_catalogues, runner):
    path = po_path(lesson_catalogues, "tyz", "lessons")
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n\n", 1)
    poedit = header + '\n"X-Generator: Poedit 3.4.2\\n"\n\n' + rest  # Poedit appends its own field
    path.write_text(poedit, encoding="utf-8")
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == poedit


def test_the_interface_template_agrees_with_plain_pybabel(tmp_path):
    from lesson_toolkit.authoring.i18n.extract import MESSAGE_SOURCES, PROJECT, extract_template

    inputs = [p for p in MESSAGE_SOURCES if (PROJECT / p).exists()]
    ours = extract_template(PROJECT, inputs, ["N_"]).decode("utf-8")
    out = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [str(pybabel), "extract", "-F", str(ROOT / "lesson_toolkit" / "babel.cfg"), "-kN_",
               "--no-wrap", "--add-location", "file", "--sort-by-file", "--project", "lesson-toolkit",
               "--version", "1", "-o", str(out), *inputs]  # fmt: skip
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True)
    strip = lambda text: [line for line in text.split("\n") if not line.startswith('"POT-Creation-Date')]  # noqa: E731
    assert strip(ours) == strip(out.read_text(encoding="utf-8"))


def _break_header(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return next(n for n, row in enumerate(text.split("\n"), 1) if old in row)


BROKEN_HEADERS = [
    ("charset=UTF-8", "charset=CHARSET", "unknown charset 'CHARSET'"),
    ("charset=UTF-8", "charset=klingon-8", "unknown charset 'klingon-8'"),
    ("charset=UTF-8", "charset=ISO-8859-1", "save it as UTF-8"),
    ("Plural-Forms: nplurals=1; plural=0;", "Plural-Forms: nplurals=1; plural=(n;", "invalid Plural-Forms"),
    ("Plural-Forms: nplurals=1; plural=0;", "Plural-Forms: nplurals=one;", "invalid Plural-Forms"),
]


@pytest.mark.parametrize(("old", "new", "words"), BROKEN_HEADERS, ids=[case[1] for case in BROKEN_HEADERS])
def test_a_broken_header_is_a_catalogue_error_and_the_language_falls_back(content, tmp_path, old, new, words):
    from tests.conftest import make_app

    paths = [po_path(content / "locales", "vi", "messages"), po_path(content / "locales", "tyz", "lessons")]
    lines = [_break_header(path, old, new) for path in paths]
    app = make_app(content, tmp_path)
    runner = app.test_cli_runner()
    for command in (["i18n", "compile"], ["lessons", "lint"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert isinstance(result.exception, SystemExit)
        assert f"{paths[0]}:{lines[0]}" in result.output and words in result.output
    # every other catalogue was compiled all the same
    assert po_path(content / "locales", "en", "lessons").with_suffix(".mo").exists()
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(paths[1], load_registry(content / "locales" / "languages.toml")["tyz"])
    assert caught.value.line == lines[1] and words in str(caught.value)
    client = app.test_client()
    for lang in ("vi", "tyz", "ium"):
        assert client.get(f"/{lang}/").status_code == 200
    page = client.get("/tyz/lessons/avoid-scams")
    assert page.status_code == 200 and 'lang="vi"' in page.get_data(as_text=True)  # Vietnamese, along the chain


def test_a_corrupt_compiled_catalogue_is_left_out_and_reported_by_lint(content, tmp_path):
    from tests.conftest import make_app

    mos = [po_path(content / "locales", code, "messages").with_suffix(".mo") for code in ("vi", "tyz")]
    for mo in mos:
        mo.write_bytes(b"\xde\x12\x04\x95" + b"\xff" * 40)  # the magic number, then garbage
    app = make_app(content, tmp_path)
    client = app.test_client()
    for lang in ("vi", "tyz", "ium"):
        assert client.get(f"/{lang}/").status_code == 200
    result = app.test_cli_runner().invoke(args=["lessons", "lint"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{mos[0]}: error: corrupt compiled catalogue" in result.output
    assert app.test_cli_runner().invoke(args=["i18n", "compile"]).exit_code == 0  # compile repairs it
    assert app.test_cli_runner().invoke(args=["lessons", "lint"]).exit_code == 0


def test_an_interface_translation_that_changes_a_number_is_left_out_of_the_compiled_catalogue(content):
    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogue

    registry = load_registry(content / "locales" / "languages.toml")
    path = po_path(content / "locales", "vi", "messages")
    catalog = read_catalogue(path, registry["vi"])
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string and "%" not in m.id)
    message.string = f"{message.string} Gọi 0987 654 321"
    write_catalogue(path, catalog)
    with compile_catalogue(path, registry["vi"]).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext(message.id) == message.id  # the English, not the changed number
