"""Lessons as trainers write them: `lessons/<slug>/lesson.md`, YAML front matter and Markdown.

Reading is the first step of the pipeline (read → normalise → segment → translate → render →
sanitise). Errors carry the file, line and field, so a trainer can find what to fix.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lesson_toolkit.authoring.errors import N_, Term, ToolkitError

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_FENCE = "---"

# field name → (type, required, what a trainer should write)
FIELDS: dict[str, tuple[type, bool, Term]] = {
    "title": (str, True, Term(N_("a short title"))),
    "summary": (str, True, Term(N_("one sentence"))),
    "topic": (str, True, Term(N_("a topic name"))),
    "level": (int, True, Term(N_("1, 2 or 3"))),
    "minutes": (int, True, Term(N_("a whole number of minutes"))),
    "cover": (str, False, Term(N_("a picture file in images/"))),
    "status": (str, False, Term(N_("draft, published or unpublished"))),
}
LEVELS = (1, 2, 3)

# The life cycle: a new lesson is a draft; only a published lesson exists for learners. A lesson
# written before the life cycle existed (no `status`) is published.
DRAFT, PUBLISHED, UNPUBLISHED = "draft", "published", "unpublished"
STATUSES = (DRAFT, PUBLISHED, UNPUBLISHED)

# What one lesson may hold, so that reading, rendering, the index and search stay bounded (the
# bundled lessons are below 5 KB and 70 lines, nested at most 2 levels).
MAX_LESSON_BYTES = 256 * 1024
MAX_LINES = 3000
MAX_DEPTH = 12  # quotes (`>`) and lists, nested
MAX_OPENERS = 400  # `[`, `<` or backticks in one paragraph (rendering time grows in their square)
OPENERS = ("[", "<", "`")
# What Python-Markdown spends on a body, in microseconds, measured (bench/render_budget.py): per
# character, per `*` or `_`, per `[` or backtick times its paragraph's length, per `<` times the
# whole body's length (an unclosed tag is looked for to the end). A body over the budget is refused.
COST_PER_CHAR, COST_PER_EMPHASIS, COST_PER_BRACKET_CHAR, COST_PER_TAG_CHAR = 3.0, 30.0, 0.25, 0.2
MAX_RENDER_COST = 1_500_000.0  # about 1.5 s on the reference machine
NESTING = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))*")


class LessonError(ToolkitError):
    """A lesson that cannot be read; carries where the problem is."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        field: str | None = None,
        params: dict[str, object] | None = None,
    ):
        super().__init__(message, path=path, line=line, field=field, params=params)


@dataclass(frozen=True)
class Lesson:
    slug: str
    path: Path
    title: str
    summary: str
    topic: str
    level: int
    minutes: int
    body: str
    body_line: int  # line of lesson.md where the Markdown body starts
    cover: str | None = None
    status: str = PUBLISHED
    version: str = field(default="", compare=False)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def images_dir(self) -> Path:
        return self.folder / "images"


def normalise(text: str) -> str:
    """NFC, and Unix line endings: keyboards produce decomposed Vietnamese."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise LessonError(path, N_("the file must start with a '---' line, then the front matter"), line=1)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise LessonError(path, N_("the front matter is not closed by a '---' line"), line=1)


# libyaml's parser where PyYAML was built with it (some ten times faster on a front matter)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_front_matter(source: str, path: Path) -> dict[str, object]:
    """Validate the front matter; line numbers count from the top of lesson.md."""
    loader = SAFE_LOADER(source)
    try:  # one pass: the node (for line numbers), then the values from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None
        problem = str(getattr(exc, "problem", exc))
        raise LessonError(path, N_("not valid YAML (%(problem)s)"), line=line, params={"problem": problem}) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise LessonError(path, N_("the front matter must be 'name: value' lines"), line=2)
    lines = {key.value: key.start_mark.line + 2 for key, _ in node.value}
    for name, value in data.items():
        if name not in FIELDS:
            known = ", ".join(FIELDS)
            raise LessonError(
                path,
                N_("unknown field (known fields: %(known)s)"),
                line=lines.get(name),
                field=str(name),
                params={"known": known},
            )
        kind, _, expected = FIELDS[name]
        if not isinstance(value, kind) or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            raise LessonError(
                path,
                N_("expected %(expected)s, got %(value)s"),
                line=lines.get(name),
                field=name,
                params={"expected": expected, "value": repr(value)},
            )
    for name, (_, required, expected) in FIELDS.items():
        if required and name not in data:
            raise LessonError(
                path, N_("missing (write %(expected)s)"), line=2, field=name, params={"expected": expected}
            )
    if data["level"] not in LEVELS:
        raise LessonError(
            path,
            N_("expected 1, 2 or 3, got %(value)s"),
            line=lines["level"],
            field="level",
            params={"value": repr(data["level"])},
        )
    if data.get("status", PUBLISHED) not in STATUSES:
        raise LessonError(
            path,
            N_("expected draft, published or unpublished, got %(value)s"),
            line=lines["status"],
            field="status",
            params={"value": repr(data["status"])},
        )
    if data["minutes"] <= 0:
        raise LessonError(path, N_("expected a positive number"), line=lines["minutes"], field="minutes")
    return {key: normalise(" ".join(value.split())) if isinstance(value, str) else value for key, value in data.items()}


def _depth(line: str) -> int:
    """How deep a line nests: each `>`, list marker and four spaces of indentation is a level."""
    prefix = NESTING.match(line)
    text = prefix[0] if prefix else ""
    markers = text.count(">") + len(re.findall(r"[-*+]|[0-9]+[.)]", text))
    return markers + len(text.expandtabs(4).replace(">", "")) // 4


def check_size(text: str, path: Path) -> None:
    """A lesson too big to render in bounded time is refused."""
    if len(text.encode("utf-8")) > MAX_LESSON_BYTES:
        raise LessonError(
            path, N_("the lesson is too long (at most %(limit)s KB)"), params={"limit": MAX_LESSON_BYTES // 1024}
        )
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise LessonError(path, N_("the lesson is too long (at most %(limit)s lines)"), params={"limit": MAX_LINES})


def check_shape(body: str, body_line: int, path: Path) -> None:
    """A body nested too deeply, or with a paragraph too costly to render, is refused, with its line."""
    paragraph_start, counts = body_line, dict.fromkeys(OPENERS, 0)
    length, cost, heaviest = 0, 0.0, (0.0, body_line)
    for number, line in enumerate(body.split("\n"), start=body_line):
        if _depth(line) > MAX_DEPTH:
            raise LessonError(
                path, N_("lists or quotes nested too deeply (at most %(limit)s levels)"), line=number,
                params={"limit": MAX_DEPTH},
            )  # fmt: skip
        if not line.strip():
            paragraph = (counts["["] + counts["`"]) * length * COST_PER_BRACKET_CHAR
            cost += paragraph
            heaviest = max(heaviest, (paragraph, paragraph_start))
            paragraph_start, counts, length = number + 1, dict.fromkeys(OPENERS, 0), 0
            continue
        length += len(line) + 1
        for char in OPENERS:
            counts[char] += line.count(char)
            if counts[char] > MAX_OPENERS:
                raise LessonError(
                    path, N_("this paragraph has more than %(limit)s %(char)s characters"), line=paragraph_start,
                    params={"limit": MAX_OPENERS, "char": repr(char)},
                )  # fmt: skip
    cost += (counts["["] + counts["`"]) * length * COST_PER_BRACKET_CHAR
    cost += len(body) * COST_PER_CHAR + (body.count("*") + body.count("_")) * COST_PER_EMPHASIS
    cost += body.count("<") * len(body) * COST_PER_TAG_CHAR
    if cost > MAX_RENDER_COST:
        raise LessonError(
            path, N_("the lesson holds too much markup to be shown quickly; split it into smaller lessons"),
            line=heaviest[1] if heaviest[0] > cost / 2 else None,
        )  # fmt: skip


def parse_lesson(text: str, path: Path, version: str | None = None) -> Lesson:
    """The lesson `text` is (or would be, once saved) at `path`; raises LessonError."""
    check_size(text, path)
    slug = path.parent.name
    if not SLUG.match(slug):
        raise LessonError(
            path,
            N_("folder name %(slug)s is not a slug (lower-case letters, digits and '-')"),
            params={"slug": repr(slug)},
        )
    front, body, body_line = split_front_matter(normalise(text), path)
    check_shape(body, body_line, path)
    meta = parse_front_matter(front, path)
    if version is None:
        version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Lesson(slug=slug, path=path, body=body, body_line=body_line, version=version, **meta)  # type: ignore[arg-type]


def read_lesson(path: Path) -> Lesson:
    """Read and validate one `lesson.md`."""
    try:
        if path.is_symlink() or path.parent.is_symlink():
            raise LessonError(path, N_("a lesson file may not be a symbolic link"))
        with path.open("rb") as handle:
            raw = handle.read(MAX_LESSON_BYTES + 1)
        if len(raw) > MAX_LESSON_BYTES:
            raise LessonError(
                path, N_("the lesson is too long (at most %(limit)s KB)"), params={"limit": MAX_LESSON_BYTES // 1024}
            )
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessonError(path, N_("not UTF-8 text"), line=line) from exc
    except OSError as exc:
        raise LessonError(path, N_("cannot be read (%(reason)s)"), params={"reason": exc.strerror}) from exc
    return parse_lesson(text, path, version=hashlib.sha256(raw).hexdigest()[:16])


@dataclass
class LessonSet:
    """Every lesson that loaded, and the errors of those that did not."""

    lessons: dict[str, Lesson]
    errors: list[LessonError]


def load_lessons(lessons_dir: Path) -> LessonSet:
    """Read every `<slug>/lesson.md`; one broken lesson never hides the others."""
    lessons: dict[str, Lesson] = {}
    errors: list[LessonError] = []
    for path in sorted(lessons_dir.glob("*/lesson.md")):
        try:
            lesson = read_lesson(path)
        except LessonError as exc:
            log.warning("%s", exc)
            errors.append(exc)
        else:
            lessons[lesson.slug] = lesson
    return LessonSet(lessons, errors)
