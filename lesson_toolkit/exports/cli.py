"""`flask export …`: handouts and booklets from the command line."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lesson_toolkit.authoring.storage import atomic_write
from lesson_toolkit.extensions import toolkit

log = logging.getLogger(__name__)


@click.group(help="Export lessons as printable handouts and booklets.")
def export():
    pass


def print_options(command):
    """The options every print command takes."""
    decorators = [
        click.option("--lang", default=None, help="Language code (default: the site's default language)."),
        click.option("--size", type=click.Choice(["a4", "a5"]), default=None, help="Paper size (default: A4)."),
        click.option("--bw", is_flag=True, help="For black-and-white printers: grayscale pictures, no fills."),
        click.option("--large", is_flag=True, help="Large print (16 pt and more) for elderly readers."),
        click.option("--with", "with_lang", default=None, metavar="LANG", help="Bilingual: add this language."),
        click.option("--house", default=None, help="The cultural house's name, printed last."),
        click.option("--contact", default=None, help="A trainer's contact, printed last."),
    ]
    return functools.reduce(lambda cmd, decorate: decorate(cmd), reversed(decorators), command)


LOCAL_QR = (
    "the QR codes would point to {base}, which opens only on this computer: a phone that scans "
    "them finds nothing. Set the site's public address first, e.g.\n"
    "    export FLASK_PUBLIC_BASE_URL=https://baihoc.example.vn\n"
    "(or the address phones on this Wi-Fi use, e.g. http://192.168.1.10:5000), "
    "or pass --allow-local-qr to print them for this computer anyway."
)


def check_qr_address(allow_local: bool) -> None:
    """Refuse a loopback or empty address for the QR codes, unless allowed."""
    from lesson_toolkit.authoring.core.addresses import is_loopback

    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if (not base or is_loopback(base)) and not allow_local:
        raise click.ClickException(LOCAL_QR.format(base=base or "(nothing)"))


def local_qr_option(command):
    return click.option(
        "--allow-local-qr", is_flag=True, help="Print QR codes that point to this computer (a loopback address)."
    )(command)


@export.command("address")
@click.option("--host", default=None, help="The address `flask run` listens on (0.0.0.0: the local network).")
@click.option("--port", default=5000, show_default=True, type=int, help="Its port.")
@with_appcontext
def export_address(host, port):
    """Say where the QR codes of handouts and packs point (FLASK_PUBLIC_BASE_URL) and, for a
    server on the local network (`--host 0.0.0.0`), the address phones on the same Wi-Fi open."""
    from lesson_toolkit.authoring.core.addresses import is_loopback, network_address

    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    click.echo(f"QR codes in handouts point to: {base or '(nothing)'}")
    if host and not is_loopback(f"http://{host}/"):
        found = host if host not in ("0.0.0.0", "::") else network_address()
        if found:
            here = f"http://{found}:{port}"
            click.echo(f"Phones and laptops on this network open: {here}")
            if base != here:
                click.echo(f"  for printed QR codes that open there: export FLASK_PUBLIC_BASE_URL={here}", err=True)
        else:
            click.echo("  this computer has no local network address yet: join the Wi-Fi first", err=True)
    elif not base or is_loopback(base):
        click.echo(
            "  this address opens only on this computer. For printed sheets, set FLASK_PUBLIC_BASE_URL "
            "(see README, Handouts); a handout downloaded from the site uses the address it was opened at.",
            err=True,
        )


def checked_options(lang, size, bw, large, with_lang, house, contact):
    """The language and the handout options, or a ClickException that says what is wrong."""
    from lesson_toolkit.exports.handout import HandoutOptions, OptionError

    reg = toolkit.registry
    lang = lang or reg.default
    if lang not in reg:
        raise click.ClickException(f"unknown language {lang!r} (registered: {', '.join(reg.codes)})")
    try:
        options = HandoutOptions(size or "a4", bw, large, with_lang, house, contact).check(reg, lang)
    except OptionError as exc:
        raise click.ClickException(f"--{exc}") from exc
    return lang, options


def chosen_lessons(slugs, all_lessons=False):
    """The named published lessons in order (or all of them), or a ClickException naming the
    missing, broken or unpublished ones: drafts are never printed or packed. Named lessons are
    read on their own: one handout does not wait for every lesson to be parsed."""
    from lesson_toolkit.authoring.core.lesson import SLUG, LessonError, read_lesson

    if all_lessons:
        return list(toolkit.library.lessons.values())
    found, problems = [], []
    for slug in slugs:
        path = Path(toolkit.library.lessons_dir) / slug / "lesson.md"
        if not SLUG.match(slug) or not path.is_file():
            problems.append(f"no such lesson: {slug}")
            continue
        try:
            lesson = read_lesson(path)
        except LessonError as error:
            problems.append(str(error))
            continue
        if not lesson.published:
            problems.append(f"{slug}: not published ({lesson.status}); publish it first")
        found.append(lesson)
    if problems:
        raise click.ClickException("\n".join(problems))
    return found


def default_dir() -> Path:
    return Path(current_app.instance_path) / "handouts"


@export.command("pdf")
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_lessons", is_flag=True, help="Every lesson.")
@print_options
@local_qr_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: instance/handouts).",
)
@with_appcontext
def export_pdf(slugs, all_lessons, out_dir, allow_local_qr, **settings):
    """Write the handout PDF of each SLUG (or of every lesson, with --all)."""
    from lesson_toolkit.exports.handout import print_context, render_handout

    if bool(slugs) == all_lessons:
        raise click.UsageError("name one or more lessons, or use --all")
    check_qr_address(allow_local_qr)
    lang, options = checked_options(**settings)
    lessons = chosen_lessons(slugs, all_lessons)
    out_dir = out_dir or default_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    written, rendered, failed = [], 0, []
    context = print_context()
    with click.progressbar(lessons, label="Handouts", show_pos=True, file=sys.stderr) as bar:
        for lesson in bar:
            try:
                handout = render_handout(context, lesson, lang, options)
            except Exception as exc:  # one lesson that cannot be printed does not stop the others
                log.exception("%s: no handout", lesson.path)
                failed.append(f"{lesson.path}: no handout ({type(exc).__name__}: {exc})")
                continue
            rendered += handout.rendered
            target = out_dir / handout.filename
            atomic_write(target, handout.path.read_bytes())
            written.append(target)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} handouts ({rendered} rendered, {len(written) - rendered} from the cache)", err=True)
    if failed:
        raise click.ClickException("\n".join(failed))


@export.command("booklet")
@click.option("--lessons", "slugs", default="", help="Lessons in booklet order, comma-separated: a,b,c.")
@click.option("--all", "all_lessons", is_flag=True, help="Every published lesson, easiest first.")
@click.option("--imposition", type=click.Choice(["2up"]), default=None, help="2up: A5 pages on A4 sheets, to fold.")
@print_options
@local_qr_option
@click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The PDF file (default: instance/handouts/booklet.<lang>….pdf).",
)
@with_appcontext
def export_booklet(slugs, all_lessons, imposition, out_path, allow_local_qr, **settings):
    """Write one PDF of several lessons, with a cover and contents."""
    from lesson_toolkit.exports.booklet import booklet_name, render_booklet
    from lesson_toolkit.exports.handout import OptionError, print_context

    check_qr_address(allow_local_qr)
    if imposition and settings["size"] is None:
        settings["size"] = "a5"
    lang, options = checked_options(**settings)
    named = [slug.strip() for slug in slugs.split(",") if slug.strip()]
    if bool(named) == all_lessons:
        raise click.UsageError("name the lessons with --lessons a,b,c, or use --all")
    lessons = chosen_lessons(named, all_lessons)
    if all_lessons:
        lessons.sort(key=lambda lesson: (lesson.level, lesson.title))
    out_path = out_path or default_dir() / f"{booklet_name(lang, options, imposition)}.pdf"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        booklet = render_booklet(print_context(), lessons, lang, options, imposition)
    except OptionError as exc:
        raise click.ClickException(f"--{exc}") from exc
    atomic_write(out_path, booklet.path.read_bytes())
    click.echo(str(out_path))


@export.command("site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", "langs", multiple=True, help="A language to include (repeat; default: all).")
@click.option("--with-pdfs", is_flag=True, help="Include every lesson's handout (A4).")
@click.option("--zip", "as_zip", is_flag=True, help="Also write OUT.zip.")
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="Processes to export with (default: one per core)."
)
@local_qr_option
@with_appcontext
def export_site_command(out, langs, with_pdfs, as_zip, jobs, allow_local_qr):
    """Write the learners' site as static files to OUT, for a laptop, hotspot or USB stick."""
    from lesson_toolkit.exports.site import ExportError, export_site

    if with_pdfs:
        check_qr_address(allow_local_qr)
    reg = toolkit.registry
    unknown = [code for code in langs if code not in reg or reg[code].pseudo]
    if unknown:
        raise click.ClickException(f"unknown language {', '.join(unknown)} (registered: {', '.join(reg.codes)})")
    chosen = list(langs) or [language.code for language in reg.public]
    estimate = len(chosen) * (len(toolkit.library.lessons) * (4 if with_pdfs else 3) + 6)
    zip_path = out.with_suffix(".zip") if as_zip else None
    with click.progressbar(length=estimate, label="Pages and pictures", file=sys.stderr) as bar:
        try:
            report = export_site(
                current_app, out, chosen, with_pdfs, zip_path, progress=lambda url: bar.update(1), jobs=jobs
            )
        except ExportError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(report.files)} files, {report.total_bytes / 1024:.0f} KiB in {out}: "
               f"{len(report.written)} written, {report.unchanged} unchanged, {len(report.removed)} removed")  # fmt: skip
    if zip_path:
        click.echo(f"zip: {zip_path} ({zip_path.stat().st_size / 1024:.0f} KiB)")
