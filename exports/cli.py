"""`flask export …`: handouts from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext


@click.group(help="Export lessons as printable handouts.")
def export():
    pass


@export.command("pdf")
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_lessons", is_flag=True, help="Every lesson.")
@click.option("--lang", default=None, help="Language code (default: the site's default language).")
@click.option("--size", type=click.Choice(["a4", "a5"]), default="a4", show_default=True)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: instance/handouts).",
)
@with_appcontext
def export_pdf(slugs, all_lessons, lang, size, out_dir):
    """Write the handout PDF of each SLUG."""
    from exports.handout import HandoutOptions, handout_filename, render_handout
    from viewer.i18n import library

    lib = library()
    lang = lang or lib.registry.default
    if lang not in lib.registry:
        raise click.ClickException(f"unknown language {lang!r} (registered: {', '.join(lib.registry.codes)})")
    if not slugs and not all_lessons:
        raise click.UsageError("name at least one lesson, or use --all")
    lessons = lib.lessons
    unknown = [slug for slug in slugs if slug not in lessons]
    if unknown:
        raise click.ClickException(f"no such lesson: {', '.join(unknown)}")
    chosen = list(lessons.values()) if all_lessons else [lessons[slug] for slug in slugs]
    out_dir = out_dir or Path(current_app.instance_path) / "handouts"
    out_dir.mkdir(parents=True, exist_ok=True)
    options = HandoutOptions(size=size)
    with current_app.test_request_context():
        g.lang = lang
        with click.progressbar(chosen, label="Handouts", show_pos=True) as bar:
            for lesson in bar:
                path = out_dir / handout_filename(lesson, lang, options)
                path.write_bytes(render_handout(lesson, lang, options))
    for lesson in chosen:
        click.echo(str(out_dir / handout_filename(lesson, lang, options)))
