"""`flask lessons lint`: what a trainer or translator should fix, with file and line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from babel.messages.catalog import Catalog

from lesson_toolkit.authoring.core.lesson import Lesson, load_lessons
from lesson_toolkit.authoring.core.markup import Problem, markup_problems
from lesson_toolkit.authoring.core.render import RenderError, load_translations, render_lesson
from lesson_toolkit.authoring.core.segmenter import IMAGE, convert, image_only, source_text
from lesson_toolkit.authoring.core.topics import TOPICS
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.catalogue import CatalogueError, check_compiled, is_current, po_path, read_catalogue
from lesson_toolkit.authoring.i18n.glossary import GlossaryError, read_glossary
from lesson_toolkit.authoring.i18n.languages import Language, Registry
from lesson_toolkit.authoring.pictures.names import content_file, is_safe_picture_path, symlinks_in

LINK = re.compile(r"(?<!!)\[(?:\\.|[^\]\\])*\]\(\s*<?([^)\s>]+)")
# A picture on another site: a scheme with `//`, or a protocol-relative `//host/…`
REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]{0,20}:)?//")
# `![alt][ref]`, `![ref][]`, `![ref]` and their definitions `[ref]: target`
IMAGE_REFERENCE = re.compile(r"!\[((?:\\.|[^\]\\\n]){0,500})\](?:\[([^\]\n]{0,200})\])?(?!\()")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]{1,200})\]:[ \t]*<?([^\s>]+)", re.M)
HTML_IMAGE = re.compile(r"<img\b[^>]{0,1000}?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"}


@dataclass(frozen=True)
class Finding:
    """One thing to fix. `template` is an interface string (marked `N_`) filled with `params`:
    the command line prints it in English, the workspace in the trainer's language."""

    path: Path
    line: int | None
    template: str
    severity: str = "error"  # or "warning"
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def translated(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        path = self.path
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            path = path.relative_to(Path.cwd())  # short paths when run from the repository
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where}: {self.severity}: {self.message}"


REMOTE_PICTURE = N_(
    "picture %(src)s is on another site: learners' phones would load it from there (save the picture in images/)"
)


def _line(lesson: Lesson, offset: int) -> int:
    return lesson.body_line + lesson.body.count("\n", 0, offset)


def variant_base(name: str, codes: set[str]) -> str:
    """`images/step-1.vi.png` → `images/step-1.png` when `vi` is a registered language."""
    path = PurePosixPath(name)
    stem, dot, code = path.stem.rpartition(".")
    return str(path.with_name(stem + path.suffix)) if dot and code in codes else name


def lint_lesson(lesson: Lesson, registry: Registry) -> list[Finding]:
    findings: list[Finding] = []

    def add(offset: int | None, template: str, severity: str = "error", **params: object) -> None:
        line = _line(lesson, offset) if offset is not None else None
        findings.append(Finding(lesson.path, line, template, severity, params))

    if lesson.topic not in TOPICS:
        findings.append(
            Finding(
                lesson.path,
                2,
                N_("field 'topic': unknown topic %(topic)s (known: %(known)s)"),
                "warning",
                {"topic": repr(lesson.topic), "known": ", ".join(TOPICS)},
            )
        )
    referenced: set[str] = set()
    if lesson.cover:
        referenced.add(lesson.cover)
        problem = _picture_problem(lesson, lesson.cover)
        if problem:
            findings.append(Finding(lesson.path, 2, N_("field 'cover': %(problem)s"), params={"problem": problem}))
    for match in IMAGE.finditer(lesson.body):
        src = match["src"]
        referenced.add(src)
        if not match["alt"].strip():
            add(
                match.start(),
                N_("picture %(src)s has no alt text (describe it for people who cannot see it)"),
                src=repr(src),
            )
        if REMOTE.match(src):
            add(match.start(), REMOTE_PICTURE, src=repr(src))
        else:
            problem = _picture_problem(lesson, src)
            if problem:
                findings.append(
                    Finding(lesson.path, _line(lesson, match.start()), problem.template, params=problem.params)
                )
    definitions = {m[1].strip().lower(): m[2] for m in REFERENCE_DEFINITION.finditer(lesson.body)}
    for match in IMAGE_REFERENCE.finditer(lesson.body):
        target = definitions.get((match[2] or match[1]).strip().lower())
        if target and REMOTE.match(target):
            add(match.start(), REMOTE_PICTURE, src=repr(target))
    for match in HTML_IMAGE.finditer(lesson.body):
        if REMOTE.match(match[1]):
            add(match.start(), REMOTE_PICTURE, src=repr(match[1]))
    for paragraph in re.finditer(r"[^\n]*!\[[^\n]*", lesson.body):
        if image_only(paragraph[0]) is None:
            add(paragraph.start(), N_("put each picture on a line of its own, not inside a sentence"))
    for match in LINK.finditer(lesson.body):
        target = match[1]
        if re.match(r"^(?:[a-z]+:|#|/)", target):
            continue
        # never followed out of the lessons: whether a server path exists is nobody's business
        path = Path(os.path.normpath(lesson.folder / target.split("#")[0]))
        if not path.is_relative_to(lesson.folder.parent):
            add(match.start(), N_("link %(target)s leads out of the lessons folder"), target=repr(target))
        elif not path.exists():
            add(match.start(), N_("link %(target)s leads nowhere (no such file or lesson)"), target=repr(target))
    for link in symlinks_in(lesson.folder):
        findings.append(Finding(link, None, N_("a symbolic link: the site never serves it; put the file itself here")))
    codes = set(registry.codes)
    if lesson.images_dir.is_dir():
        for picture in sorted(lesson.images_dir.iterdir()):
            name = f"images/{picture.name}"
            if picture.suffix.lower() in PICTURE_SUFFIXES and variant_base(name, codes) not in referenced:
                findings.append(Finding(picture, None, N_("picture is not used by the lesson"), "warning"))
    return findings


def _picture_problem(lesson: Lesson, src: str) -> Problem | None:
    """What is wrong with a picture path, checked in an order that never tells whether a file
    outside the lesson's images/ folder exists."""
    if re.match(r"^[a-z]+:", src):
        return Problem(N_("picture %(src)s is not a file of this lesson"), src=repr(src))
    if not is_safe_picture_path(src):
        return Problem(N_("picture %(src)s must be in the images/ folder"), src=repr(src))
    if any(path.is_symlink() for path in (lesson.folder / "images", lesson.folder / src)):
        return Problem(N_("picture %(src)s is a symbolic link: the site never serves it"), src=repr(src))
    if content_file(lesson.folder, src) is None:
        return Problem(N_("picture %(src)s does not exist"), src=repr(src))
    return None


def lint_catalogues(locales_dir: Path, registry: Registry) -> list[Finding]:
    findings: list[Finding] = []
    for domain in ("messages", "lessons"):
        for language in registry.targets(domain):
            path = po_path(locales_dir, language.code, domain)
            if not path.exists():
                findings.append(
                    Finding(path, None, N_("missing catalogue (run: flask --app app i18n update)"), "warning")
                )
                continue
            try:
                catalog = read_catalogue(path, language)
            except CatalogueError as exc:
                findings.append(Finding(path, exc.line, exc.message))
                continue
            if domain == "lessons":
                findings += unrenderable_translations(path, catalog, load_translations(locales_dir, language).table)
                findings += glossary_warnings(locales_dir, language, path, catalog)
            else:
                findings += interface_problems(path, catalog)
            mo = path.with_suffix(".mo")
            if mo.exists():
                try:
                    check_compiled(mo)
                except CatalogueError as exc:
                    findings.append(Finding(mo, None, exc.message))
    for language in registry.translated:
        for problem in load_translations(locales_dir, language).problems:
            findings.append(
                Finding(
                    problem.path,
                    problem.line,
                    N_("[%(lang)s] msgid %(msgid)s: %(problem)s; the translation is not shown"),
                    "warning" if problem.draft else "error",
                    params={"lang": problem.lang, "msgid": repr(problem.msgid), "problem": problem.message},
                )
            )
    return findings


def unrenderable_translations(path: Path, catalog: Catalog, shown: Mapping[tuple, str]) -> list[Finding]:
    """Translations that make the renderer fail (learners get the source instead), by line."""
    findings = []
    for message in catalog:
        text = shown.get((message.context, message.id)) if isinstance(message.id, str) else None
        if not text:
            continue
        try:
            convert(text)
        except Exception as exc:  # noqa: BLE001 (whatever fails is reported, never raised)
            findings.append(
                Finding(
                    path,
                    message.lineno,
                    N_("msgid %(msgid)s: the translation cannot be rendered (%(reason)s); the source is shown"),
                    params={"msgid": repr(message.id), "reason": type(exc).__name__},
                )
            )
    return findings


def interface_problems(path: Path, catalog: Catalog) -> list[Finding]:
    """Interface translations that change the markup or facts of their English source (a phone
    number, an address): `compile` leaves them out, so the page shows the English."""
    findings = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if not message.string or message.fuzzy:
            continue
        for problem in markup_problems(message.id, message.string):
            findings.append(
                Finding(
                    path,
                    message.lineno,
                    N_("msgid %(msgid)s: %(problem)s; the translation is not shown"),
                    params={"msgid": repr(message.id), "problem": problem},
                )
            )
    return findings


def unrenderable_lesson(lesson: Lesson) -> Finding | None:
    try:
        render_lesson(lesson, "", source_text)
    except RenderError as exc:
        return Finding(lesson.path, None, exc.template, params=exc.params)
    return None


def lint(lessons_dir: Path, locales_dir: Path, registry: Registry, slugs: list[str] | None = None) -> list[Finding]:
    lesson_set = load_lessons(lessons_dir)
    findings = [Finding(error.path or lessons_dir, error.line, error.detail) for error in lesson_set.errors]
    for slug, lesson in lesson_set.lessons.items():
        if slugs and slug not in slugs:
            continue
        findings += lint_lesson(lesson, registry)
        unrenderable = unrenderable_lesson(lesson)
        if unrenderable:
            findings.append(unrenderable)
    findings += lint_catalogues(locales_dir, registry)
    return findings


def glossary_warnings(locales_dir: Path, language: Language, path: Path, catalog: Catalog) -> list[Finding]:
    """Published translations that do not use a term's agreed translation; a glossary that cannot
    be read is an error of its own (the catalogue is checked all the same)."""
    try:
        glossary = read_glossary(locales_dir, language.code)
    except GlossaryError as exc:
        return [Finding(exc.path or path, exc.line, exc.detail)]
    findings = []
    for message in catalog:
        if not isinstance(message.id, str) or not isinstance(message.string, str) or not is_current(message):
            continue
        for term in glossary.missing(message.id, message.string):
            findings.append(
                Finding(
                    path,
                    message.lineno,
                    N_(
                        "msgid %(msgid)s: the glossary translates %(term)s as %(agreed)s, the translation does not use it"
                    ),
                    "warning",
                    params={"msgid": repr(message.id), "term": repr(term.term), "agreed": repr(term.preferred)},
                )
            )
    return findings
