"""Translating one lesson into one language: its entries, saves that lose nothing, offline files.

A lesson's messages live in the language's `lessons.po`, shared by all lessons (a message used by
two lessons is one entry). Every save (one box, or every changed box of the editor's
form at once through `save_entries`) is a read-modify-write of that file under a folder lock,
then one atomic write and one recompile, so concurrent saves of different entries never lose each
other and learners' pages show the change at once (the Library reloads catalogues by mtime).

No lost updates: an editor sends back the *state token* of the entry as it loaded it; when the
file holds another state by now, the save is not applied and both versions are returned.

Honest translations: a translation saved by someone who may not approve it in that language
(a Tày or Dao text by anyone not marked as a reviewed native speaker of it) stays fuzzy, a
draft that learners do not see; see `may_approve` in `authoring.workspace.accounts`. So does a
translation that changes a fact of its source (a phone number, an amount, an address).

Reviewed text is never lost: a draft of an entry that holds a published (reviewed) translation
is not written over it. It waits in a second, standard PO file beside the catalogue,
`<lang>/LC_MESSAGES/lessons.drafts.po` (the same msgctxt and msgid, the draft as a fuzzy msgstr),
which is never compiled nor shown to learners; the editor shows it to reviewers, and a published
save of the entry (the draft approved, or another text) takes its place.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from babel.messages.catalog import Catalog, Message

from lesson_toolkit.authoring.core.markup import Problem, markup_problems, refused
from lesson_toolkit.authoring.core.segmenter import Segment, clean
from lesson_toolkit.authoring.core.segments_cache import SegmentsCache
from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.i18n.catalogue import (
    CatalogueError,
    Counts,
    UpdateReport,
    compile_catalogue,
    empty_copy,
    has_translation,
    is_current,
    parse_po,
    po_bytes,
    po_path,
    read_catalogue,
    update_catalogues,
    write_catalogue,
)
from lesson_toolkit.authoring.i18n.languages import Language, Registry
from lesson_toolkit.authoring.storage import locked, locked_all
from lesson_toolkit.authoring.workspace.accounts import Change

DOMAIN = "lessons"
BASE_HEADER = "X-Lesson-Toolkit-Base"
Key = tuple[str | None, str]  # (msgctxt, msgid)
PICTURE_COMMENT = "picture: "  # the segmenter's comment on an image's alt text


class TranslationError(ToolkitError):
    """A save that cannot be done: an unknown entry, or a translation that breaks the markup."""

    def __init__(self, message: str, problems: Sequence[str] | None = None, params: dict[str, object] | None = None):
        super().__init__(message, params=params)
        self.problems = list(problems or [])

    @property
    def detail(self) -> str:
        return f"{self.message}: {'; '.join(self.problems)}" if self.problems else self.message


def state_token(string: str, fuzzy: bool) -> str:
    """Names the state of an entry as an editor loaded it."""
    return hashlib.sha256(f"{int(fuzzy)}\x00{string}".encode()).hexdigest()[:12]


def key_hash(key: Key) -> str:
    context, msgid = key
    return hashlib.sha256(f"{context or ''}\x04{msgid}".encode()).hexdigest()[:10]


def lesson_slugs(message: Message) -> tuple[str, ...]:
    """The lessons a message comes from (`lessons/<slug>/lesson.md` locations)."""
    paths = (PurePosixPath(location) for location, _ in message.locations)
    return tuple(sorted({path.parent.name for path in paths if path.name == "lesson.md"}))


@dataclass(frozen=True)
class Entry:
    """One message as a translator sees it."""

    context: str | None
    msgid: str
    string: str
    fuzzy: bool
    previous: str | None = None  # the source before it changed (`#| msgid`)
    comments: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()
    pending: str | None = None  # a draft waiting beside the published translation, for a reviewer

    @property
    def key(self) -> Key:
        return (self.context, self.msgid)

    @property
    def status(self) -> str:
        if not self.string:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"

    @property
    def token(self) -> str:
        return state_token(self.string, self.fuzzy)

    @property
    def problems(self) -> list[Problem]:
        return markup_problems(self.msgid, self.string) if self.string else []

    @property
    def pending_problems(self) -> list[Problem]:
        return markup_problems(self.msgid, self.pending) if self.pending else []


def _entry(message: Message) -> Entry:
    return Entry(
        context=message.context,
        msgid=str(message.id),  # lessons have no plural messages
        string=str(message.string or ""),
        fuzzy=message.fuzzy,
        previous=message.previous_id[0] if message.previous_id else None,
        comments=tuple(message.auto_comments),
        lessons=lesson_slugs(message),
    )


def _lesson_messages(catalog: Catalog, slug: str) -> list[Message]:
    return [m for m in catalog if m.id and isinstance(m.id, str) and slug in lesson_slugs(m)]


def catalogue_path(locales_dir: Path, language: Language) -> Path:
    return po_path(locales_dir, language.code, DOMAIN)


def drafts_path(locales_dir: Path, language: Language) -> Path:
    """The drafts waiting beside published translations (see the module's docstring)."""
    return po_path(locales_dir, language.code, DOMAIN).with_name(f"{DOMAIN}.drafts.po")


def read_drafts(locales_dir: Path, language: Language, catalog: Catalog) -> Catalog:
    """The language's waiting drafts; an empty catalogue with `catalog`'s header when none."""
    path = drafts_path(locales_dir, language)
    return read_catalogue(path, language) if path.exists() else empty_copy(catalog)


def _pending(drafts: Catalog, message: Message) -> str | None:
    held = drafts.get(message.id, context=message.context)
    return str(held.string) if held is not None and held.string else None


def lesson_entries(locales_dir: Path, language: Language, slug: str, order: list[Key] | None = None) -> list[Entry]:
    """The lesson's entries, in `order` (the lesson's reading order) when given, else in catalogue
    order; none when the catalogue does not exist yet."""
    path = catalogue_path(locales_dir, language)
    if not path.exists():
        return []
    catalog = read_catalogue(path, language)
    drafts = read_drafts(locales_dir, language, catalog)
    entries = [replace(_entry(m), pending=_pending(drafts, m)) for m in _lesson_messages(catalog, slug)]
    if order:
        position = {key: index for index, key in enumerate(order)}
        entries.sort(key=lambda entry: position.get(entry.key, len(position)))
    return entries


@dataclass(frozen=True)
class Saved:
    entry: Entry
    change: Change | None  # None: the file already held this


@dataclass(frozen=True)
class Conflict:
    """Someone saved the entry since this editor loaded it: theirs and yours, to choose from."""

    theirs: Entry
    yours: str


def _new_state(current: Entry, text: str, draft: bool, may_approve: bool) -> bool:
    """The fuzzy flag a saved text gets."""
    if not text:
        return False
    if may_approve:
        return draft
    # not approvable: a new text is a draft; an unchanged one keeps its status
    return current.fuzzy if text == current.string else True


def _apply(message: Message, text: str, fuzzy: bool) -> None:
    message.string = text
    message.previous_id = []
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")


def _write(
    path: Path, catalog: Catalog, language: Language, drafts: Catalog, drafts_before: bytes, changed: list[Key]
) -> None:
    """The drafts first: a draft taken out of them was just published into `catalog`.
    `changed`: the entries saved (only those are formatted again)."""
    if po_bytes(drafts) != drafts_before:
        write_catalogue(path.with_name(f"{DOMAIN}.drafts.po"), drafts, keep=True, language=language)
    catalog.revision_date = datetime.now(UTC)
    keys = [msgid if context is None else (msgid, context) for context, msgid in changed]
    # the next save reads no file, and formats only what it changes
    write_catalogue(path, catalog, keep=True, language=language, changed=keys)
    compile_catalogue(path, language)


def _find(catalog: Catalog, key: Key, slug: str) -> Message:
    message = catalog.get(key[1], context=key[0])
    if message is None or slug not in lesson_slugs(message):
        raise TranslationError(N_("this message is no longer in the lesson (the lesson changed); reload the page"))
    return message


def _update(message: Message, text: str, draft: bool, base: str | None, may_approve: bool, drafts: Catalog):
    """Put `text` into `message` unless it changed since `base` (None: state unknown, so only an
    empty entry may be filled); a draft over a published translation goes into `drafts` instead.
    Returns (old, new) entries, a Conflict, or None: nothing to do."""
    current = replace(_entry(message), pending=_pending(drafts, message))
    fuzzy = _new_state(current, text, draft, may_approve)
    beside = fuzzy and bool(current.string) and not current.fuzzy and text != current.string
    if beside and text == current.pending:
        return None  # this draft already waits
    if not beside and (text, fuzzy) == (current.string, current.fuzzy):
        return None  # nothing changes (and `#|` stays for the reviewer)
    stale = bool(current.string) if base is None else current.token != base
    if stale:
        return Conflict(current, text)
    if beside:
        drafts[message.id] = Message(
            message.id, text, context=message.context, flags=["fuzzy"], locations=message.locations
        )
        # the audit log records the draft; the entry keeps its published text
        return current, replace(current, string=text, fuzzy=True, pending=text)
    _apply(message, text, fuzzy)
    if not fuzzy and current.pending is not None:
        drafts.delete(message.id, context=message.context)  # published: the waiting draft is settled
    return current, _entry(message)


def _change(action: str, slug: str, language: Language, old: Entry, new: Entry) -> Change:
    return Change(
        action, slug, language.code, old.context, old.msgid, old.string, new.string, f"{old.status} → {new.status}"
    )


@dataclass(frozen=True)
class Edit:
    """One box of the editor as it came back: the message, the state it was loaded in, the text."""

    key: Key
    text: str
    base: str
    draft: bool = False


Outcome = Saved | Conflict | TranslationError


def untouched(text: str, base: str, draft: bool | None) -> bool:
    """Whether a box holds what it was loaded with (`base`), so that saving it would only risk a
    false conflict. `draft` is the box's draft tick, or None where none is offered (then either
    state of the entry counts as loaded)."""
    text = clean(text)
    states = (False, True) if draft is None else (draft,)
    return any(state_token(text, fuzzy) == base for fuzzy in states)


def _save_one(
    catalog: Catalog, drafts: Catalog, language: Language, slug: str, edit: Edit, may_approve: bool
) -> Outcome:
    text = clean(edit.text)
    problems = markup_problems(edit.key[1], text) if text else []
    if refused(problems):
        return TranslationError(N_("the translation must keep the links and code of the source"), refused(problems))
    try:
        message = _find(catalog, edit.key, slug)
    except TranslationError as exc:
        return exc
    # a translation that changes a fact of the source is kept, as a draft learners do not see
    result = _update(message, text, edit.draft or bool(problems), edit.base, may_approve, drafts)
    if result is None:
        return Saved(replace(_entry(message), pending=_pending(drafts, message)), None)
    if isinstance(result, Conflict):
        return result
    old, new = result
    change = _change("translate", slug, language, old, new)
    return Saved(replace(_entry(message), pending=_pending(drafts, message)), change)  # as the editor now shows it


def save_entries(
    locales_dir: Path, language: Language, slug: str, edits: list[Edit], *, may_approve: bool
) -> dict[Key, Outcome]:
    """Save many translations at once: one lock, one write, one compile.

    Each entry stands alone: one that changed since its editor loaded it comes back as a
    Conflict, one that breaks the markup (or left the lesson) as a TranslationError, and the
    others are saved all the same. The answer follows the order of `edits`.
    """
    path = catalogue_path(locales_dir, language)
    with locked(path):
        catalog = read_catalogue(path, language)
        drafts = read_drafts(locales_dir, language, catalog)
        before = po_bytes(drafts)
        outcomes = {edit.key: _save_one(catalog, drafts, language, slug, edit, may_approve) for edit in edits}
        changed = [key for key, outcome in outcomes.items() if isinstance(outcome, Saved) and outcome.change]
        if changed:
            _write(path, catalog, language, drafts, before, changed)
    return outcomes


def save_entry(
    locales_dir: Path,
    language: Language,
    slug: str,
    key: Key,
    text: str,
    base: str,
    *,
    may_approve: bool,
    draft: bool = False,
) -> Saved | Conflict:
    """Save one translation, unless the entry changed since the editor loaded `base`."""
    outcome = save_entries(locales_dir, language, slug, [Edit(key, text, base, draft)], may_approve=may_approve)[key]
    if isinstance(outcome, TranslationError):
        raise outcome
    return outcome


Notes = Callable[[Key], Sequence[str]]  # extracted comments (`#.`) for a message, e.g. its picture


def export_lesson(locales_dir: Path, language: Language, slug: str, notes: Notes | None = None) -> bytes:
    """A PO file with only this lesson's messages, for Poedit or any PO editor.

    The Vietnamese source is each msgid; `notes` adds extracted comments (`#.`) to a message,
    such as the picture of its step or the glossary terms in it (they are not kept in the
    catalogue, and an upload ignores them). A header records each entry's state token, so that
    uploading it back can tell what the translator changed from what others saved meanwhile.
    """
    catalog = read_catalogue(catalogue_path(locales_dir, language), language)
    messages = _lesson_messages(catalog, slug)
    bases = " ".join(
        f"{key_hash((m.context, str(m.id)))}={state_token(str(m.string or ''), m.fuzzy)}" for m in messages
    )
    export = empty_copy(catalog)  # the same header (with the registry's Plural-Forms), no messages
    export.fields[BASE_HEADER] = bases
    for message in messages:
        extra = [
            n for n in (notes((message.context, str(message.id))) if notes else ()) if n not in message.auto_comments
        ]
        if extra:
            message = replace_comments(message, [*message.auto_comments, *extra])
        export[message.id] = message
    return po_bytes(export)


def replace_comments(message: Message, comments: list[str]) -> Message:
    """A copy of `message` with other extracted comments (the catalogue's own stays as it is)."""
    copy = Message(
        message.id,
        message.string,
        locations=list(message.locations),
        flags=set(message.flags),
        auto_comments=comments,
        user_comments=list(message.user_comments),
        previous_id=list(message.previous_id),
        context=message.context,
    )
    return copy


def step_pictures(segments: Sequence[Segment]) -> dict[Key, str]:
    """The picture of each message that has one: an image's alt text has its own, and the message
    just before a picture (the step that shows it) has that picture too."""
    pictures: dict[Key, str] = {}
    for index, seg in enumerate(segments):
        if not (seg.comment and seg.comment.startswith(PICTURE_COMMENT)):
            continue
        src = seg.comment.removeprefix(PICTURE_COMMENT)
        pictures.setdefault(seg.key, src)
        before = segments[index - 1] if index else None
        if before is not None and not (before.comment or "").startswith(PICTURE_COMMENT):
            pictures.setdefault(before.key, src)
    return pictures


def _bases(uploaded: Catalog) -> dict[str, str] | None:
    """The state tokens of the download header, however an editor wrapped or reordered it."""
    value = getattr(uploaded, "fields", {}).get(BASE_HEADER)
    if value is None:
        return None
    pairs = (pair.split("=", 1) for pair in str(value).split())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


@dataclass
class MergeReport:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[tuple[Key, list[Problem]]] = field(default_factory=list)
    flagged: list[tuple[Key, list[Problem]]] = field(default_factory=list)  # saved as drafts: facts changed
    ignored: list[Key] = field(default_factory=list)  # not (or no longer) in this lesson
    unchanged: int = 0
    # texts to keep as suggestions (by someone who may not approve, or marked fuzzy, or with a
    # changed fact), for the caller to store: the entry as the catalogue holds it, and the text
    proposed: list[tuple[Entry, str]] = field(default_factory=list)


def merge_upload(
    locales_dir: Path, language: Language, slug: str, data: bytes, filename: str, *, may_approve: bool
) -> MergeReport:
    """Merge a PO file translated offline, entry by entry.

    A malformed file raises CatalogueError (with its line) and nothing changes. An entry is
    applied when nobody saved it since the file was downloaded; otherwise it is a conflict. Empty
    translations never erase saved ones. Files without the download header (made elsewhere)
    may only fill entries that are still untranslated: anything else is a conflict to look at.

    Only a reviewer's (`may_approve`) plain texts are published; every other text (someone
    else's, one marked fuzzy, one that changes a fact of the source) comes back in `proposed`,
    for the caller to store as a suggestion, and the catalogue is not touched for it.
    """
    uploaded = parse_po(data, Path(filename), language)
    if uploaded.locale_identifier and uploaded.locale_identifier.replace("-", "_") != language.code:
        raise TranslationError(
            N_("this file is for the language %(found)s, not %(expected)s"),
            params={"found": repr(uploaded.locale_identifier), "expected": repr(language.code)},
        )
    bases = _bases(uploaded)
    report = MergeReport()
    path = catalogue_path(locales_dir, language)
    with locked(path):
        catalog = read_catalogue(path, language)
        drafts = read_drafts(locales_dir, language, catalog)
        drafts_before = po_bytes(drafts)
        for theirs in uploaded:
            if not theirs.id or not isinstance(theirs.id, str):
                continue
            key: Key = (theirs.context, theirs.id)
            message = catalog.get(theirs.id, context=theirs.context)
            if message is None or slug not in lesson_slugs(message):
                report.ignored.append(key)
                continue
            text = clean(theirs.string if isinstance(theirs.string, str) else "")
            if not text or (bases is not None and state_token(text, theirs.fuzzy) == bases.get(key_hash(key))):
                report.unchanged += 1  # left empty, or not touched offline
                continue
            problems = markup_problems(theirs.id, text)
            if refused(problems):
                report.rejected.append((key, refused(problems)))
                continue
            if problems:
                report.flagged.append((key, problems))
            if not may_approve or theirs.fuzzy or problems:
                report.proposed.append((_entry(message), text))
                continue
            base = bases.get(key_hash(key)) if bases is not None else None
            result = _update(message, text, theirs.fuzzy or bool(problems), base, may_approve, drafts)
            if result is None:
                report.unchanged += 1
            elif isinstance(result, Conflict):
                report.conflicts.append(result)
            else:
                report.changes.append(_change("upload", slug, language, *result))
        if report.changes:
            changed = [(change.context, str(change.msgid)) for change in report.changes]
            _write(path, catalog, language, drafts, drafts_before, changed)
    return report


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed between two texts, word by word: ("same" | "removed" | "added", text)."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i1 < i2:
            parts.append(("removed", "".join(a[i1:i2])))
        if j1 < j2:
            parts.append(("added", "".join(b[j1:j2])))
    return parts


def refresh_catalogues(
    lessons_dir: Path, locales_dir: Path, registry: Registry, segments: SegmentsCache | None = None
) -> UpdateReport:
    """Bring every language's lessons catalogue in line with the lessons, as `flask i18n update`
    does, under the catalogues' locks (so no translator's save is lost meanwhile).

    One broken catalogue never holds the others back: every language that reads is updated and
    compiled, then the first error is raised (the dashboard shows the broken catalogue)."""
    from lesson_toolkit.authoring.i18n.extract import extract_templates  # the same extraction the CLI runs

    paths = [catalogue_path(locales_dir, language) for language in registry.translated]
    errors: list[CatalogueError] = []
    report = UpdateReport()
    with locked_all(paths):
        extract_templates(lessons_dir, locales_dir, domains=(DOMAIN,), segments=segments)
        try:
            report = update_catalogues(locales_dir, registry, domains=(DOMAIN,))
        except CatalogueError as exc:
            errors.append(exc)
        for language in registry.translated:
            try:
                compile_catalogue(catalogue_path(locales_dir, language), language)
            except CatalogueError as exc:
                errors.append(exc)
    if errors:
        raise errors[0]
    return report


@dataclass
class Work:
    """What waits for translators in one language, over the current lessons: each message once
    (a message two lessons share is one entry), and the lessons that need something."""

    untranslated: set[Key] = field(default_factory=set)
    fuzzy: set[Key] = field(default_factory=set)
    lessons: dict[str, Counts] = field(default_factory=dict)


@dataclass
class Survey:
    matrix: dict[str, dict[str, Counts]] = field(default_factory=dict)  # lesson → language → counts
    errors: dict[str, CatalogueError] = field(default_factory=dict)  # language → unreadable catalogue
    work: dict[str, Work] = field(default_factory=dict)  # language → what waits


def _count_lesson(catalog: Catalog, slug: str, keys: list[Key], work: Work, suggested: Set[Key]) -> Counts:
    """A lesson's counts by its messages as the lesson has them now, so that a message the
    catalogue lacks (not yet sent to translators) counts as missing, not as nothing; an
    untranslated message with a suggestion waiting counts as a draft."""
    counts = Counts()
    for key in dict.fromkeys(keys):  # a message said twice in a lesson is one entry
        message = catalog.get(key[1], context=key[0])
        if message is None:
            counts.missing += 1
            continue
        if key in suggested and not is_current(message) and not message.fuzzy:
            counts.fuzzy += 1
            work.fuzzy.add(key)
            continue
        counts.add(message)
        if not is_current(message):
            (work.fuzzy if message.fuzzy and has_translation(message) else work.untranslated).add(key)
    if counts.fuzzy or counts.untranslated:
        work.lessons[slug] = counts
    return counts


def survey(
    locales_dir: Path,
    languages: list[Language],
    lessons: dict[str, list[Key]],
    suggested: Mapping[str, Set[Key]] | None = None,
) -> Survey:
    """Counts per lesson and language, and each language's work, for the `lessons` given (slug →
    its messages in reading order); one read of each catalogue. `suggested`: per language, the
    messages with a suggestion waiting for review."""
    result = Survey()
    for language in languages:
        path = catalogue_path(locales_dir, language)
        if not path.exists():
            continue
        try:
            catalog = read_catalogue(path, language)
        except CatalogueError as exc:
            result.errors[language.code] = exc
            continue
        work = result.work[language.code] = Work()
        for slug, keys in lessons.items():
            waiting = (suggested or {}).get(language.code, set())
            result.matrix.setdefault(slug, {})[language.code] = _count_lesson(catalog, slug, keys, work, waiting)
    return result
