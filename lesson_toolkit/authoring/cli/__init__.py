"""`flask lessons …`, `flask i18n …` and `flask community …` (`community.py`): thin commands over
the core.

Bad input raises a `ToolkitError`, which is a click exception: click prints it as one line
naming the file and line, and exits with status 1. No command converts errors by hand."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


def init_app(app: Flask) -> None:
    from lesson_toolkit.authoring.cli.community import community

    app.cli.add_command(lessons)
    app.cli.add_command(i18n)
    app.cli.add_command(community)


def _dirs() -> tuple[Path, Path]:
    return Path(current_app.config["LESSONS_DIR"]), Path(current_app.config["LOCALES_DIR"])


def _segments():
    """The app's cache of lessons' messages (on disk, under the instance folder): an update
    segments only the lessons that changed since any process last looked at them."""
    return current_app.extensions["toolkit"].library.segments_cache


def _template_records() -> Path:
    """Where an extraction notes what it read: an update after an edit to the lessons does
    not extract the interface's messages again, nor the lessons' after one to the code only."""
    return Path(current_app.instance_path) / "cache" / "templates"


def _registry():
    from lesson_toolkit.authoring.i18n.languages import load_registry

    return load_registry(_dirs()[1] / "languages.toml")


@click.group(help="Write and check lessons.")
def lessons():
    pass


@lessons.command("list")
@with_appcontext
def lessons_list():
    """List the lessons, and any that cannot be read."""
    from lesson_toolkit.authoring.core.lesson import load_lessons

    lesson_set = load_lessons(_dirs()[0])
    for lesson in lesson_set.lessons.values():
        click.echo(
            f"{lesson.slug}\t{lesson.status}\t{lesson.topic}\tlevel {lesson.level}\t{lesson.minutes} min\t{lesson.title}"
        )
    for error in lesson_set.errors:
        click.echo(f"error: {error}", err=True)
    if lesson_set.errors:
        raise SystemExit(1)


@lessons.command("new")
@click.argument("slug")
@click.option("--title", default="Tên bài học", help="The lesson's title (in Vietnamese, the lessons' language).")
@with_appcontext
def lessons_new(slug, title):
    """Create lessons/SLUG/ as a draft from the Vietnamese lesson template, ready to fill."""
    from lesson_toolkit.authoring.core.scaffold import new_lesson

    path = new_lesson(_dirs()[0], slug, title)
    click.echo(f"Created {path}")


def _set_status(slug: str, status: str) -> None:
    from lesson_toolkit.authoring.core.lesson import SLUG, LessonError
    from lesson_toolkit.authoring.core.publishing import set_status

    path = _dirs()[0] / slug / "lesson.md"
    if not SLUG.match(slug) or not path.is_file():
        raise LessonError(path, "no such lesson")
    lesson, old = set_status(path, status, _registry())
    click.echo(f"{lesson.slug}: {lesson.status}")


@lessons.command("publish")
@click.argument("slug")
@with_appcontext
def lessons_publish(slug):
    """Show lessons/SLUG to learners; refused while lint finds an error in it."""
    _set_status(slug, "published")


@lessons.command("unpublish")
@click.argument("slug")
@with_appcontext
def lessons_unpublish(slug):
    """Hide lessons/SLUG from learners again (its files and translations are kept)."""
    _set_status(slug, "unpublished")


@lessons.command("lint")
@click.argument("slugs", nargs=-1)
@with_appcontext
def lessons_lint(slugs):
    """Check lessons and translations; exits non-zero when there are errors."""
    from lesson_toolkit.authoring.core.lint import lint

    lessons_dir, locales_dir = _dirs()
    findings = lint(lessons_dir, locales_dir, _registry(), list(slugs) or None)
    for finding in findings:
        click.echo(str(finding), err=finding.severity == "error")
    errors = sum(f.severity == "error" for f in findings)
    click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)")
    if errors:
        raise SystemExit(1)


@click.group(help="Translation catalogues: extract, update, compile, stats, pseudo.")
def i18n():
    pass


@i18n.command("extract")
@with_appcontext
def i18n_extract():
    """Write locales/messages.pot (UI) and locales/lessons.pot (lessons)."""
    from lesson_toolkit.authoring.i18n.extract import extract_templates

    written = extract_templates(*_dirs(), segments=_segments(), records=_template_records())
    click.echo("\n".join(f"wrote {p}" for p in written) or "templates unchanged")


@i18n.command("update")
@click.option("--no-extract", is_flag=True, help="Use the templates as they are.")
@with_appcontext
def i18n_update(no_extract):
    """Extract, then merge the templates into every language's catalogues (creating missing ones)."""
    from lesson_toolkit.authoring.i18n.catalogue import update_catalogues
    from lesson_toolkit.authoring.i18n.extract import extract_templates

    lessons_dir, locales_dir = _dirs()
    if not no_extract:
        extract_templates(lessons_dir, locales_dir, segments=_segments(), records=_template_records())
    report = update_catalogues(locales_dir, _registry())
    for path in report.created:
        click.echo(f"created {path}")
    click.echo(f"updated {len(report.updated)} catalogue(s)")


@i18n.command("compile")
@with_appcontext
def i18n_compile():
    """Compile every catalogue to .mo (fuzzy drafts are left out)."""
    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues

    compiled = compile_catalogues(_dirs()[1], _registry())
    click.echo(f"compiled {len(compiled)} catalogue(s)")


@i18n.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def i18n_stats(as_json):
    """Translated / fuzzy / untranslated messages per lesson and language."""
    from lesson_toolkit.authoring.i18n.stats import catalogue_stats

    rows = catalogue_stats(_dirs()[1], _registry())
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'lesson':<32} {'lang':<5} {'done':>5} {'fuzzy':>5} {'todo':>5} {'%':>6}")
    for row in rows:
        click.echo(
            f"{row['lesson']:<32} {row['lang']:<5} {row['translated']:>5} {row['fuzzy']:>5} "
            f"{row['untranslated']:>5} {row['percent']:>5.1f}%"
        )


@i18n.command("pseudo")
@with_appcontext
def i18n_pseudo():
    """Build the pseudo-locale `qps` from the templates (for finding untranslated text)."""
    from lesson_toolkit.authoring.i18n.catalogue import (
        compile_catalogue,
        new_catalogue,
        po_path,
        pot_path,
        read_catalogue,
        write_catalogue,
    )
    from lesson_toolkit.authoring.i18n.languages import PSEUDO
    from lesson_toolkit.authoring.i18n.pseudo import pseudo_catalogue

    locales_dir = _dirs()[1]
    for domain in ("messages", "lessons"):
        template = read_catalogue(pot_path(locales_dir, domain))
        catalog = pseudo_catalogue(new_catalogue(template, PSEUDO, domain))
        path = po_path(locales_dir, PSEUDO.code, domain)
        write_catalogue(path, catalog)
        compile_catalogue(path, PSEUDO)
    click.echo(f"built the pseudo-locale: /{PSEUDO.code}/")
