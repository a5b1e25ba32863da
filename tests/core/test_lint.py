"""`lessons lint`: missing fields, pictures, alt text, links and unsafe translations."""

from lesson_toolkit.authoring.core.lint import lint
from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry

CLEAN_BODY = """\
## Steps

1. Open the app.

    ![A phone with the app open](images/step-1.png)
"""


def findings_for(content, slug=None):
    registry = load_registry(content / "locales" / "languages.toml")
    return [str(f) for f in lint(content / "lessons", content / "locales", registry, [slug] if slug else None)]


def test_a_clean_lesson_has_no_findings(content, write_lesson):
    write_lesson("clean", body=CLEAN_BODY, pictures=("images/step-1.png",))
    assert not [f for f in findings_for(content, "clean") if "lessons/clean" in f]


def test_picture_problems_are_found_with_their_line(content, write_lesson):
    body = """\
## Steps

1. Open the app.

    ![](images/step-1.png)

2. Tap the button.

    ![A button](images/missing.png)

See [the other lesson](../nowhere/lesson.md) and [a site](https://example.org).
"""
    path = write_lesson("faulty", body=body, pictures=("images/step-1.png", "images/unused.png"))
    found = findings_for(content, "faulty")
    assert f"{path}:12: error: picture 'images/step-1.png' has no alt text" in "\n".join(found)
    assert any(f.startswith(f"{path}:16: error: picture 'images/missing.png' does not exist") for f in found)
    assert any(f.startswith(f"{path}:18: error: link '../nowhere/lesson.md' leads nowhere") for f in found)
    assert any("unused.png: warning: picture is not used" in f for f in found)
    assert not any("example.org" in f for f in found)


def test_a_picture_inside_a_sentence_is_reported(content, write_lesson):
    path = write_lesson("inline-pic", body="Tap here ![a button](images/step-1.png) now.\n",
                        pictures=("images/step-1.png",))  # fmt: skip
    assert any(f.startswith(f"{path}:8: error: put each picture on a line of its own") for f in findings_for(content))


def test_localised_picture_variants_count_as_used(content, write_lesson):
    write_lesson("variants", body=CLEAN_BODY, pictures=("images/step-1.png", "images/step-1.vi.png"))
    assert not [f for f in findings_for(content, "variants") if "lessons/variants" in f]


def test_lint_cli_exits_non_zero_on_errors(runner, write_lesson):
    write_lesson("fine", body=CLEAN_BODY, pictures=("images/step-1.png",))
    ok = runner.invoke(args=["lessons", "lint", "fine"])
    assert ok.exit_code == 0, ok.output
    write_lesson("bad-front", minutes="lots")
    bad = runner.invoke(args=["lessons", "lint"])
    assert bad.exit_code == 1
    assert "bad-front/lesson.md:6: error: field 'minutes'" in bad.output


def test_unsafe_translations_are_reported_with_file_language_and_msgid(content, write_lesson, runner):
    write_lesson("linked", body="Đọc [hướng dẫn](https://evn.com.vn/guide) rồi gõ `*123#`.\n")
    runner.invoke(args=["i18n", "update"])
    registry = load_registry(content / "locales" / "languages.toml")
    path = po_path(content / "locales", "en", "lessons")
    catalog = read_catalogue(path, registry["en"])
    msgid = "Đọc [hướng dẫn](https://evn.com.vn/guide) rồi gõ `*123#`."
    catalog[msgid].string = "Read [the guide](https://evil.example/) and type `*999#` <script>x</script>."
    write_catalogue(path, catalog)
    found = "\n".join(findings_for(content))
    line = catalog[msgid].lineno  # the entry's line in the catalogue
    assert f"{path}:{line}: error: [en] msgid '{msgid}': link target 'https://evn.com.vn/guide' is missing" in found
    assert "link target 'https://evil.example/' is not in the source" in found
    assert "code span `*123#` is missing or changed" in found
    assert "raw HTML '<script>' is not allowed" in found


def test_catalogues_are_checked_in_the_languages_of_each_domain(content):
    """Lessons are Vietnamese, the interface English: Vietnamese has an interface catalogue but
    no lessons catalogue, English the other way round, and neither is reported missing."""
    found = "\n".join(findings_for(content))
    assert "missing catalogue" not in found
    (content / "locales" / "vi" / "LC_MESSAGES" / "messages.po").unlink()
    (content / "locales" / "en" / "LC_MESSAGES" / "lessons.po").unlink()
    found = findings_for(content)
    missing = sorted(f.split(": warning: ")[0] for f in found if "missing catalogue" in f)
    locales = content / "locales"
    assert missing == sorted([str(po_path(locales, "en", "lessons")), str(po_path(locales, "vi", "messages"))])


def test_pictures_from_other_sites_are_errors_in_every_spelling(content, write_lesson):
    """Learners' phones must not load pictures from third parties (tracking, data costs)."""
    variants = [
        "![A phone](https://tracker.example.com/pixel.png)",
        "![A phone](HTTP://tracker.example.com/pixel.png)",
        "![A phone](//tracker.example.com/pixel.png)",
        "![A phone][pic]\n\n[pic]: https://tracker.example.com/pixel.png",
        "![pic][]\n\n[pic]: <//tracker.example.com/pixel.png>",
        '<img alt="A phone" src="https://tracker.example.com/pixel.png">',
    ]
    for number, picture in enumerate(variants):
        path = write_lesson(f"remote-{number}", body=f"## Steps\n\n1. Open the app.\n\n{picture}\n")
        found = "\n".join(findings_for(content, f"remote-{number}"))
        assert f"{path}:" in found and "is on another site" in found and "error" in found, picture
    write_lesson(
        "local-ok", body=CLEAN_BODY + "\nSee [the bank](https://example.org/bank).\n", pictures=("images/step-1.png",)
    )
    assert not any("another site" in f for f in findings_for(content, "local-ok"))
