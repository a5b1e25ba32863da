"""`flask audio import|stats`: recordings from the command line.

A team that records with a phone's voice-recorder app copies the files into a folder, names
each after the message it speaks (`title.m4a`, `summary.m4a`, `step-1.m4a`, …) and imports the
folder. Without `--reviewed-by` (an account that reviews that language) the recordings are
drafts, which learners do not hear. The command lives with the workspace because it checks
that account, as `flask users` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from lesson_toolkit.extensions import toolkit


@click.group(help="Recordings of lessons: import a folder of files, count what is recorded.")
def audio():
    pass


@audio.command("import")
@click.argument("slug")
@click.argument("lang")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--reviewed-by", "reviewer", help="An account that reviews LANG: the recordings are published.")
@with_appcontext
def import_command(slug: str, lang: str, folder: Path, reviewer: str | None):
    """Import FOLDER's files (title.m4a, step-1.webm, …) as SLUG's recordings in LANG."""
    from lesson_toolkit.authoring.audio.messages import spoken_messages
    from lesson_toolkit.authoring.core.lesson import SLUG
    from lesson_toolkit.authoring.workspace.accounts import find_account
    from lesson_toolkit.authoring.workspace.recording_store import import_folder, publishes
    from lesson_toolkit.extensions import db

    library, registry = toolkit.library, toolkit.library.registry
    if not SLUG.match(slug) or slug not in library.all_lessons:
        raise click.BadParameter(f"no lesson called {slug!r}", param_hint="SLUG")
    if lang not in registry or registry[lang].pseudo:
        raise click.BadParameter(f"unknown language {lang!r} (known: {', '.join(registry.codes)})", param_hint="LANG")
    lesson, language = library.all_lessons[slug], registry[lang]
    published, by = False, "import"
    if reviewer:
        account = find_account(db.session, reviewer)
        if account is None or not account.active:
            raise click.BadParameter(f"no active account {reviewer!r}", param_hint="--reviewed-by")
        if not publishes(account, language) or not account.may("trainer", "translator"):
            raise click.BadParameter(f"{reviewer!r} does not review {language.name}", param_hint="--reviewed-by")
        published, by = True, account.username
    table = {} if lang == registry.source else library.translations(language).table
    translations = {m.key: (None if lang == registry.source else m.translated(table)) for m in spoken_messages(lesson)}
    saved = import_folder(lesson, language, folder, translations, by, published)  # AudioError: one line, exit 1
    state = "published" if published else "drafts (no reviewer: learners do not hear them yet)"
    for recording in saved:
        click.echo(f"{recording.message}\t{recording.duration:.1f} s\t{sum(recording.sizes.values()) // 1024} KB")
    click.echo(f"{len(saved)} recordings of {slug} in {language.name} imported as {state}", err=True)


@audio.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def stats_command(as_json: bool):
    """Per lesson and language: recorded (learners hear it), drafts, to re-check, missing."""
    from lesson_toolkit.authoring.audio.voices import coverage, voices

    library, registry = toolkit.library, toolkit.library.registry
    rows = []
    for slug, lesson in sorted(library.all_lessons.items()):
        for language in registry.public:
            table = {} if language.code == registry.source else library.translations(language).table
            counts = coverage(voices(lesson, language.code, registry.source, table))
            rows.append({"lesson": slug, "lang": language.code, **counts.__dict__})
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo("lesson\tlang\trecorded\tdrafts\trecheck\tmissing")
    for row in rows:
        click.echo(
            f"{row['lesson']}\t{row['lang']}\t{row['recorded']}\t{row['drafts']}\t{row['recheck']}\t{row['missing']}"
        )
