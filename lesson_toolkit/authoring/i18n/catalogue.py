"""Catalogues: reading, writing, updating, compiling and measuring them, through public APIs only.

PO and MO files are read and written with polib; messages are Babel `Message` objects in a Babel
`Catalog`, so that templates, lint and the renderer keep one model, and updates use Babel's public
`Catalog.update` (fuzzy matching, `#|` previous source, obsolete `#~` entries).

The header is written as GNU gettext writes it: its fields in gettext's order, `charset=UTF-8`,
and the registry's `Plural-Forms` (Babel knows no CLDR data for Tày or Dao, polib needs none).
Messages are never wrapped and references are wrapped at 79 columns, as `msgcat --no-wrap`,
`msgmerge --no-wrap`, Poedit and Weblate do, so saving with any of them and then running
`flask i18n update` changes nothing.
"""

from __future__ import annotations

import array
import bisect
import codecs
import gettext
import io
import logging
import re
import struct
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import polib
from babel.messages.catalog import Catalog, Message
from rapidfuzz import process
from rapidfuzz.distance import Indel

from lesson_toolkit.authoring.core.markup import markup_problems
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.i18n.catalogue_cache import canonical, file_stamp, kept
from lesson_toolkit.authoring.i18n.languages import Language, Registry
from lesson_toolkit.authoring.storage import atomic_write

log = logging.getLogger(__name__)

DOMAINS = ("messages", "lessons")
PO_WIDTH = 0  # no wrapping of messages: one message, one line (Weblate's 65535 is the same)
REFERENCE_WIDTH = 79  # `#:` lines are wrapped by gettext even with --no-wrap
CONTENT_TYPE = "text/plain; charset=UTF-8"
DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@lru_cache(maxsize=65536)
def unsafe(source: str, translation: str) -> bool:
    """Whether the translation breaks the source's markup (remembered: every compile and every
    reload of a large catalogue asks it again for thousands of unchanged entries)."""
    return bool(markup_problems(source, translation))


class CatalogueError(ToolkitError):
    """A catalogue that cannot be read; names the file and line."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        super().__init__(message, path=path, line=line)


class LanguageCatalog(Catalog):
    """A Babel catalogue that also carries its PO header as the file spells it.

    It overrides nothing of Babel's: the header fields, comment and Plural-Forms are plain
    attributes that `po_bytes` writes (see `header_fields`).
    """

    fields: dict[str, str]  # the header as read, in file order
    rendered: Rendered | None = None  # its entries as last written (see `write_catalogue`)
    header_text: str = ""  # the header comment, without the `# `
    header_fuzzy: bool = False
    plural_forms_header: str | None = None

    def use_plural_forms(self, header: str) -> None:
        """Plural forms from the registry: written into the header and used for msgstr[n]."""
        self.plural_forms_header = header


def _catalogue(locale: str | None, domain: str | None, **attributes) -> LanguageCatalog:
    catalog = LanguageCatalog(locale=locale, domain=domain, fuzzy=False, **attributes)
    catalog.fields = {}
    return catalog


def po_path(locales_dir: Path, lang: str, domain: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def pot_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / f"{domain}.pot"


def _date(value: str | None) -> datetime | str | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), DATE_FORMAT)
    except ValueError:
        return value  # e.g. a template's YEAR-MO-DA HO:MI+ZONE: kept as written


def _date_text(value) -> str:
    return value.strftime(DATE_FORMAT) if isinstance(value, datetime) else str(value)


def _message(entry: polib.POEntry) -> Message:
    if entry.msgid_plural:
        msgid: str | tuple[str, ...] = (entry.msgid, entry.msgid_plural)
        string: str | tuple[str, ...] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    else:
        msgid, string = entry.msgid, entry.msgstr
    previous = [p for p in (entry.previous_msgid, entry.previous_msgid_plural) if p]
    return Message(
        msgid,
        string,
        locations=[(path, int(line) if str(line).isdigit() else None) for path, line in entry.occurrences],  # type: ignore[misc]
        flags=entry.flags,
        auto_comments=entry.comment.split("\n") if entry.comment else [],
        user_comments=entry.tcomment.split("\n") if entry.tcomment else [],
        previous_id=previous,
        lineno=entry.linenum,
        context=entry.msgctxt,
    )


PO_LINE = re.compile(r'(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*)?"(?:[^"\\]|\\.)*"')


def _check_lines(text: str, path: Path) -> None:
    """polib accepts an unterminated string; gettext and Babel do not, nor does the toolkit."""
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line and not (line.startswith("#") and not line.startswith("#~")) and not PO_LINE.fullmatch(line):
            if line.startswith("#~") and not line[2:].strip().startswith(("msg", '"')):
                continue  # `#~|` previous source of an obsolete entry, or an empty `#~`
            raise CatalogueError(path, "syntax error: not a quoted PO string", line=number)


def _syntax_error(exc: Exception) -> tuple[str, int | None]:
    text = str(exc)
    match = re.search(r"\(line (\d+)\)", text)
    detail = text.split("):", 1)[1].strip() if "):" in text else ""
    return (f"syntax error: {detail}" if detail else "syntax error"), int(match[1]) if match else None


def _pofile(data: bytes, path: Path) -> tuple[polib.POFile, str]:
    """The polib file and its text; a malformed file raises CatalogueError with its line."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise CatalogueError(path, "not UTF-8 text", line=data[: exc.start].count(b"\n") + 1) from exc
    if not text.strip():
        text = 'msgid ""\nmsgstr ""\n'
    _check_lines(text, path)
    try:
        return polib.pofile(text, wrapwidth=PO_WIDTH, encoding="utf-8", check_for_duplicates=False), text
    except (OSError, ValueError, IndexError, KeyError) as exc:
        problem, line = _syntax_error(exc)
        raise CatalogueError(path, problem, line=line) from exc


def _header_line(text: str, name: str) -> int | None:
    return next((n for n, row in enumerate(text.split("\n"), 1) if row.startswith(f'"{name}:')), None)


def check_header(fields: dict[str, str], text: str, path: Path) -> None:
    """The toolkit reads UTF-8 catalogues with a valid Plural-Forms; anything else (gettext's own
    `charset=CHARSET` placeholder, an unknown codec, a plural formula that does not parse) is a
    catalogue error naming the header's line, not a failure when a page is served."""
    match = re.search(r"charset\s*=\s*([^\s;]+)", fields.get("Content-Type", ""))
    if match and path.suffix != ".pot":  # a template made by xgettext says CHARSET
        charset = match[1]
        try:
            known = codecs.lookup(charset).name
        except LookupError:
            raise CatalogueError(
                path, f"unknown charset {charset!r} in the Content-Type header (write charset=UTF-8)",
                line=_header_line(text, "Content-Type"),
            ) from None  # fmt: skip
        if known != "utf-8":
            raise CatalogueError(
                path, f"the catalogue says it is in {charset!r}; save it as UTF-8 (charset=UTF-8)",
                line=_header_line(text, "Content-Type"),
            )  # fmt: skip
    plural_forms = fields.get("Plural-Forms")
    if plural_forms:
        formula = re.fullmatch(r"\s*nplurals\s*=\s*([1-9][0-9]?)\s*;\s*plural\s*=\s*([^;]{1,200});?\s*", plural_forms)
        try:
            if not formula:
                raise ValueError(plural_forms)
            gettext.c2py(formula[2])  # the standard library's parser of gettext's plural formulas
        except (ValueError, SyntaxError, RecursionError):
            raise CatalogueError(
                path, f"invalid Plural-Forms header {plural_forms!r} (for example: nplurals=1; plural=0;)",
                line=_header_line(text, "Plural-Forms"),
            ) from None  # fmt: skip


def parse_po(data: bytes, path: Path, language: Language | None = None) -> LanguageCatalog:
    """Parse PO bytes; a malformed file raises CatalogueError with its line number."""
    po, text = _pofile(data, path)
    fields = dict(po.metadata)
    check_header(fields, text, path)
    locale = fields.get("Language", "").strip().replace("-", "_") or (language.code if language else None)
    try:
        catalog = _catalogue(
            locale,
            path.stem,
            creation_date=_date(fields.get("POT-Creation-Date")),
            revision_date=_date(fields.get("PO-Revision-Date")),
            last_translator=fields.get("Last-Translator"),
            language_team=fields.get("Language-Team"),
        )
    except ValueError as exc:  # Babel refuses a Language header that is no locale code
        line = _header_line(text, "Language")
        raise CatalogueError(path, f"the Language header {locale!r} is not a language code", line=line) from exc
    catalog.fields, catalog.header_text = fields, po.header or ""
    catalog.header_fuzzy = bool(po.metadata_is_fuzzy)
    catalog.plural_forms_header = language.plural_forms if language else fields.get("Plural-Forms")
    for entry in po:
        message = _message(entry)
        if entry.obsolete:
            key = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
            catalog.obsolete[(key, message.context) if message.context else key] = message
        else:
            catalog[message.id] = message
    return catalog


def read_catalogue(path: Path, language: Language | None = None) -> LanguageCatalog:
    """The catalogue at `path`, the caller's to change: the one a `write_catalogue(keep=True)`
    of the unchanged file handed over, else parsed."""
    if path.is_symlink():  # content files are never read through a link (it may lead anywhere)
        raise CatalogueError(path, "a symbolic link: put the catalogue itself here")
    taken = kept.take(path, language.code if language else None)
    return taken if taken is not None else _parse_file(path, language)[1]


def _parse_file(path: Path, language: Language | None) -> tuple[tuple | None, LanguageCatalog]:
    stamp = file_stamp(path)  # before reading: a change while reading makes the stamp stale
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(path, f"cannot be read ({exc.strerror})") from exc
    return stamp, parse_po(data, path, language)


@contextmanager
def shared_catalogue(path: Path, language: Language | None = None) -> Iterator[LanguageCatalog]:
    """The catalogue at `path`, only to look at within the block (the renderer's translations):
    the kept one when the file is unchanged, else parsed and kept for the next reader."""
    if path.is_symlink():
        raise CatalogueError(path, "a symbolic link: put the catalogue itself here")
    lang = language.code if language else None
    with kept.shared(path, lang) as catalog:
        if catalog is not None:
            yield catalog
            return
    stamp, catalog = _parse_file(path, language)
    kept.written(path, lang, catalog, None, stamp=stamp)
    with kept.shared(path, lang) as same:
        # the kept one unless someone took it meanwhile (then this parse is ours alone)
        yield same if same is catalog else catalog


def header_fields(catalog: Catalog) -> dict[str, str]:
    """The header to write: the fields as read, with dates, language, charset and Plural-Forms
    from the catalogue and the registry (polib orders them as gettext does)."""
    fields = dict(getattr(catalog, "fields", {}))
    if catalog.creation_date is not None:
        fields["POT-Creation-Date"] = _date_text(catalog.creation_date)
    if catalog.revision_date is not None and "PO-Revision-Date" in fields:
        fields["PO-Revision-Date"] = _date_text(catalog.revision_date)
    if catalog.locale_identifier:
        fields["Language"] = catalog.locale_identifier
    fields.setdefault("MIME-Version", "1.0")
    fields["Content-Type"] = CONTENT_TYPE
    fields.setdefault("Content-Transfer-Encoding", "8bit")
    plural_forms = getattr(catalog, "plural_forms_header", None)
    if plural_forms:
        fields["Plural-Forms"] = plural_forms
    return fields


def nplurals_of(catalog: Catalog) -> int:
    return _nplurals(catalog)


def _nplurals(catalog: Catalog) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", getattr(catalog, "plural_forms_header", None) or "")
    return int(match[1]) if match else 2


def _any_text(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return any(strings)


def _flags(message: Message) -> list[str]:
    # gettext drops `fuzzy` from an entry with no translation at all
    fuzzy = ["fuzzy"] if message.fuzzy and _any_text(message) else []
    return fuzzy + sorted(set(message.flags) - {"fuzzy"})


def _entry(message: Message, nplurals: int, obsolete: bool = False) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=message.context,
        comment="\n".join(message.auto_comments),
        tcomment="\n".join(message.user_comments),
        occurrences=[(path, str(line) if line else "") for path, line in message.locations],
        flags=_flags(message),
        obsolete=obsolete,
    )
    previous = list(message.previous_id or [])
    if previous:
        entry.previous_msgid = previous[0]
        if len(previous) > 1:
            entry.previous_msgid_plural = previous[1]
    if isinstance(message.id, tuple | list):
        entry.msgid, entry.msgid_plural = message.id[0], message.id[1]
        strings = message.string if isinstance(message.string, tuple | list) else (message.string or "",)
        entry.msgstr_plural = {i: (strings[i] if i < len(strings) else "") or "" for i in range(nplurals)}
    else:
        entry.msgid, entry.msgstr = message.id, message.string or ""
    return entry


def to_pofile(catalog: Catalog) -> polib.POFile:
    """The catalogue as a polib file, header included."""
    po = polib.POFile(wrapwidth=PO_WIDTH, encoding="utf-8", check_for_duplicates=False)
    po.header = getattr(catalog, "header_text", "")
    po.metadata = header_fields(catalog)
    po.metadata_is_fuzzy = ["fuzzy"] if getattr(catalog, "header_fuzzy", False) else 0
    nplurals = _nplurals(catalog)
    po.extend(_entry(message, nplurals) for message in catalog if message.id)
    # an obsolete entry without a translation is dropped, as gettext does
    po.extend(_entry(message, nplurals, obsolete=True) for message in catalog.obsolete.values() if _any_text(message))
    return po


def _wrap_references(line: str) -> list[str]:
    """A `#:` line as gettext writes it: a new line before a reference reaching column 79."""
    lines, current = [], "#:"
    for reference in line[3:].split(" "):
        if current != "#:" and len(current) + len(reference) >= REFERENCE_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + reference
    lines.append(current)
    return lines


def po_bytes(catalog: Catalog) -> bytes:
    """The catalogue as PO text: the same as `str(to_pofile(catalog))` with references wrapped,
    made from each entry's text remembered by content, so that writing a catalogue of thousands
    of messages after one of them changed formats only that one."""
    nplurals = _nplurals(catalog)
    chunks = [header_chunk(catalog)]
    chunks += [_entry_text(message, nplurals, False) for message in catalog if message.id]
    chunks += obsolete_texts(catalog)
    return "\n".join(chunks).encode("utf-8")


def header_chunk(catalog: Catalog) -> str:
    """The header entry (with its comment) as `po_bytes` writes it."""
    head = polib.POFile(wrapwidth=PO_WIDTH, encoding="utf-8", check_for_duplicates=False)
    head.header = getattr(catalog, "header_text", "")
    head.metadata = header_fields(catalog)
    head.metadata_is_fuzzy = ["fuzzy"] if getattr(catalog, "header_fuzzy", False) else 0
    return _wrapped(str(head))


def obsolete_texts(catalog: Catalog) -> list[str]:
    """The obsolete entries as `po_bytes` writes them: one without a translation is dropped, as
    gettext does."""
    nplurals = _nplurals(catalog)
    return [_entry_text(message, nplurals, True) for message in catalog.obsolete.values() if _any_text(message)]


def entry_text(message: Message, nplurals: int) -> str:
    """One message as `po_bytes` writes it."""
    return _entry_text(message, nplurals, False)


def _wrapped(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        lines.extend(_wrap_references(line) if line.startswith("#: ") else [line])
    return "\n".join(lines)


# an entry's PO text by everything `_entry` reads of it; emptied when it grows past a few large
# catalogues' worth (a plain dict: a lookup per message of every write must stay cheap)
_ENTRY_TEXTS: dict[tuple, tuple[str, MoEntry | None]] = {}
MAX_REMEMBERED = 131_072


def _remember(memo: dict, key, value):
    if len(memo) >= MAX_REMEMBERED:
        memo.clear()
    memo[key] = value
    return value


def _entry_text(message: Message, nplurals: int, obsolete: bool) -> str:
    return _entry_parts(message, nplurals, obsolete)[0]


def _entry_parts(message: Message, nplurals: int, obsolete: bool) -> tuple[str, MoEntry | None]:
    """The entry's PO text and what a `.mo` holds of it, remembered by its content."""
    strings = message.string
    key = (
        message.id if isinstance(message.id, str) else tuple(message.id),
        strings if isinstance(strings, str) or strings is None else tuple(strings),
        message.context,
        tuple(message.auto_comments),
        tuple(message.user_comments),
        tuple(message.locations),
        tuple(message.flags),
        tuple(message.previous_id or ()),
        obsolete,
        nplurals,
    )
    parts = _ENTRY_TEXTS.get(key)
    if parts is None:
        text = _wrapped(_entry(message, nplurals, obsolete).__unicode__(PO_WIDTH))
        parts = _remember(_ENTRY_TEXTS, key, (text, None if obsolete else compiled_entry(message, nplurals)))
    return parts


@dataclass
class Rendered:
    """A catalogue's entries as last written, by message key, for the next write of the same
    catalogue object after a few of its messages changed (a save)."""

    nplurals: int
    texts: dict  # key → the entry's PO text, in catalogue order
    compiled: dict  # key → what the `.mo` holds of it (None: nothing)
    obsolete: list[str]


def _rendered(catalog: Catalog, changed: Collection | None = None) -> tuple[bytes, Compiled]:
    """`po_bytes` and what a `.mo` holds of the catalogue, in one pass over the messages; only
    over the `changed` keys (and the header) when the catalogue was written before."""
    nplurals = _nplurals(catalog)
    state: Rendered | None = getattr(catalog, "rendered", None)
    if changed is None or state is None or state.nplurals != nplurals or len(state.texts) != len(catalog):
        state = Rendered(nplurals, {}, {}, obsolete_texts(catalog))
        for message in catalog:
            if message.id:
                key = _message_key(message)
                state.texts[key], state.compiled[key] = _entry_parts(message, nplurals, False)
    else:
        for key in changed:
            saved = catalog.get(*key) if isinstance(key, tuple) else catalog.get(key)
            if saved is None or key not in state.texts:
                return _rendered(catalog)  # not a message the catalogue held: write it all
            state.texts[key], state.compiled[key] = _entry_parts(saved, nplurals, False)
    if isinstance(catalog, LanguageCatalog):
        catalog.rendered = state
    data = "\n".join([header_chunk(catalog), *state.texts.values(), *state.obsolete]).encode("utf-8")
    entries = [entry for entry in state.compiled.values() if entry is not None]
    return data, Compiled(header_fields(catalog), entries)


def write_catalogue(
    path: Path,
    catalog: Catalog,
    *,
    keep: bool = False,
    language: Language | None = None,
    changed: Collection | None = None,
) -> None:
    """Write the catalogue atomically. With `keep`, the writer hands `catalog` over: the next
    `read_catalogue(path, language)` of the unchanged file gets it instead of parsing the file,
    so the writer must not change it afterwards. The next `compile_catalogue` of the unchanged
    file compiles what was written without parsing it either. `changed`: the keys of the only
    messages changed (in place) since this catalogue was last written or read, with its header
    (a save); the others are written as they were, without looking at them."""
    data, compiled = _rendered(catalog, changed)
    atomic_write(path, data)
    canonical.written(path, data)
    kept.written(path, language.code if language else None, catalog if keep else None, compiled)


MoEntry = tuple[str | None, str, str | None, tuple[str, ...]]  # msgctxt, msgid, msgid_plural, forms


@dataclass(frozen=True)
class Compiled:
    """What a `.mo` is made of: the header's fields and each translated entry (msgctxt, msgid,
    msgid_plural, msgstr forms), as polib's `translated_entries` would have them."""

    metadata: dict[str, str]
    entries: list[MoEntry]

    def __len__(self) -> int:  # what the catalogue cache counts
        return len(self.entries)


def compiled_entry(message: Message, nplurals: int) -> MoEntry | None:
    """What a `.mo` holds of the message: None for a draft or a message without a translation."""
    if not message.id or (message.fuzzy and _any_text(message)):
        return None
    if isinstance(message.id, tuple | list):
        strings = message.string if isinstance(message.string, tuple | list) else (message.string or "",)
        forms = tuple((strings[i] if i < len(strings) else "") or "" for i in range(nplurals))
        return (message.context, message.id[0], message.id[1], forms) if forms and all(forms) else None
    return (message.context, message.id, None, (str(message.string),)) if message.string else None


def _polib_view(pofile: polib.POFile) -> Compiled:
    entries = list[MoEntry]()
    for entry in pofile.translated_entries():
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            entries.append((entry.msgctxt, entry.msgid, entry.msgid_plural, forms))
        else:
            entries.append((entry.msgctxt, entry.msgid, None, (entry.msgstr,)))
    return Compiled(dict(pofile.metadata), entries)


def new_catalogue(template: Catalog, language: Language, domain: str) -> LanguageCatalog:
    """What `msginit` (or `pybabel init`) would make, for any registered language."""
    catalog = _catalogue(
        language.code,
        domain,
        creation_date=template.creation_date,
        revision_date=template.creation_date,
        last_translator="nobody yet",
        language_team=language.name,
    )
    source = getattr(template, "fields", {})
    catalog.header_text = (
        f"{language.code} translations for lesson-toolkit.\n"
        + "\n".join(getattr(template, "header_text", "").split("\n")[1:])
    ).strip("\n")
    catalog.fields = {
        "Project-Id-Version": source.get("Project-Id-Version", "lesson-toolkit 1"),
        "Report-Msgid-Bugs-To": source.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": "",
        "PO-Revision-Date": "",
        "Last-Translator": "nobody yet",
        "Language-Team": language.name,
        "Language": language.code,
        **({"Generated-By": source["Generated-By"]} if "Generated-By" in source else {}),
    }
    catalog.use_plural_forms(language.plural_forms)
    catalog.update(template, update_header_comment=False)
    return catalog


def empty_copy(catalog: Catalog) -> LanguageCatalog:
    """A catalogue with the same header (fields, comment, Plural-Forms) and no messages."""
    copy = _catalogue(
        catalog.locale_identifier,
        catalog.domain,
        creation_date=catalog.creation_date,
        revision_date=catalog.revision_date,
        last_translator=catalog.last_translator,
        language_team=catalog.language_team,
    )
    copy.fields = dict(getattr(catalog, "fields", {}))
    copy.header_text = getattr(catalog, "header_text", "")
    copy.header_fuzzy = getattr(catalog, "header_fuzzy", False)
    copy.plural_forms_header = getattr(catalog, "plural_forms_header", None)
    return copy


# Babel's `Catalog.update` fuzzy-matches each new message against every translated one with
# difflib, in Python: 85 s for one catalogue of 600 lessons. `merge_template` finds the very same
# matches faster: rapidfuzz's Indel similarity (2 × longest common subsequence / total length,
# in C++) bounds difflib's ratio from above, since difflib's matching blocks are one common
# subsequence; difflib then scores only the candidates whose bound can still win.
FUZZY_CUTOFF = 0.6  # difflib.get_close_matches' and Babel's
_EPSILON = 1e-9  # the two libraries round the same fraction differently
# rapidfuzz turns a similarity cutoff into a distance one with some rounding: 0.6 - 1e-9 drops a
# pair whose similarity is exactly 0.6. The prefilter keeps a wide margin; difflib decides.
_PREFILTER = FUZZY_CUTOFF - 0.01


def _match_key(key: str | tuple[str, str]) -> str:
    """What Babel compares: the msgid without context, lower case, stripped."""
    return (key[0] if isinstance(key, tuple) else key).lower().strip()


def _message_key(message: Message) -> str | tuple[str, str]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return msgid if message.context is None else (msgid, message.context)


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate Babel's `get_close_matches(word, candidates, 1)` picks: the highest
    difflib ratio of at least 0.6, the greatest string among equals; None when there is none."""
    bounds = process.extract(word, candidates, scorer=Indel.normalized_similarity, score_cutoff=_PREFILTER, limit=None)
    best: tuple[float, str] | None = None
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    for candidate, bound, _ in sorted(bounds, key=lambda found: -found[1]):
        if best is not None and bound < best[0] - _EPSILON:
            break  # no candidate left can reach the best ratio
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= FUZZY_CUTOFF and (best is None or (ratio, candidate) > best):
            best = (ratio, candidate)
    return best[1] if best else None


def _fresh_copy(template: Catalog) -> Catalog:
    """The template with its own message objects: Babel's update stores a template's new
    messages in the catalogue as they are, and `merge_template` then edits them."""
    copy = Catalog(domain=template.domain, creation_date=template.creation_date, fuzzy=False)
    for message in template:
        if message.id:
            copy[message.id] = message.clone()
    return copy


def merge_template(catalog: Catalog, template: Catalog) -> None:
    """`Catalog.update`, with the same fuzzy matches found faster (see `closest`), and keeping
    `#|` on entries that are still fuzzy (as msgmerge does).

    Babel sets the previous source when a message first turns fuzzy, but drops it at the next
    update, so a translator would no longer see what changed.
    """
    old = {_message_key(m): m for m in catalog if m.id}
    candidates: dict[str, str | tuple[str, str]] = {}
    for key, message in old.items():
        if message.string:
            candidates[_match_key(key)] = key
    new = [_message_key(m) for m in template if m.id and _message_key(m) not in old]
    apply_template(catalog, template, fuzzy_matches(new, candidates), old.__getitem__)


def fuzzy_matches(
    new: list[str | tuple[str, str]], candidates: dict[str, str | tuple[str, str]]
) -> dict[str | tuple[str, str], str | tuple[str, str]]:
    """Each new key → the old key it drafts from (`candidates`: match key → old key, of every
    old message with a translation, in catalogue order)."""
    names = list(candidates)
    matches: dict[str | tuple[str, str], str | tuple[str, str]] = {}
    if names:
        for key in new:
            found = closest(_match_key(key), names)
            if found is not None:
                matches[key] = candidates[found]
    return matches


def apply_template(
    catalog: Catalog,
    template: Catalog,
    matches: dict[str | tuple[str, str], str | tuple[str, str]],
    old_message: Callable[[str | tuple[str, str]], Message],
) -> None:
    """Babel's update without its fuzzy matching, then the drafts of `matches` (new key → old
    key; `old_message` gives the old message of a key, as it was before the update)."""
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    drafts_from = {old_key: old_message(old_key) for old_key in matches.values()}
    catalog.update(_fresh_copy(template), no_fuzzy_matching=True, update_header_comment=False)
    for key, old_key in matches.items():
        draft = catalog.get(*key) if isinstance(key, tuple) else catalog.get(key)
        if draft is not None:  # always: the update has just put every template message in
            _take_as_draft(catalog, draft, drafts_from[old_key])
        catalog.obsolete.pop(old_key, None)
    for message in catalog:
        if message.fuzzy and not message.previous_id and (message.id, message.context) in previous:
            message.previous_id = previous[(message.id, message.context)]


def _take_as_draft(catalog: Catalog, message: Message, old: Message) -> None:
    """What Babel's update does with a fuzzy match: the old translation, marked fuzzy, with
    the old source as the previous one."""
    message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)
    message.string = old.string
    if old.user_comments:
        message.user_comments = list(dict.fromkeys(old.user_comments))
    if isinstance(message.id, (list, tuple)):
        if not isinstance(message.string, (list, tuple)):
            message.string = tuple([message.string or ""] + [""] * (len(message.id) - 1))
        elif len(message.string) != catalog.num_plurals:
            message.string = tuple(message.string[: len(old.string or "")])
    elif isinstance(message.string, (list, tuple)):
        message.string = message.string[0]
    message.flags |= old.flags | {"fuzzy"}


@dataclass
class UpdateReport:
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)


def update_catalogues(locales_dir: Path, registry: Registry, domains=DOMAINS) -> UpdateReport:
    """Bring every language's catalogues in line with the templates (like `msgmerge --previous`).

    A changed message keeps its old translation as fuzzy, with the previous source as `#|`;
    removed messages become obsolete (`#~`); a language without catalogues gets them.
    One catalogue that cannot be read never holds the others back: every other one is updated,
    then the first error is raised. A catalogue the toolkit wrote has only its changed messages
    merged (see `incremental`), with the same result.
    """
    from lesson_toolkit.authoring.i18n.incremental import Template, update_file  # builds on this module

    report, errors = UpdateReport(), []
    for domain in domains:
        template = Template(pot_path(locales_dir, domain))
        for language in registry.targets(domain):
            path = po_path(locales_dir, language.code, domain)
            try:
                if path.exists():
                    update_file(path, language, template)  # only the changed messages, when it can
                    report.updated.append(path)
                else:
                    write_catalogue(path, new_catalogue(template.catalog, language, domain))
                    report.created.append(path)
            except CatalogueError as exc:
                errors.append(exc)
    if errors:
        raise errors[0]
    return report


def compile_catalogue(po: Path, language: Language) -> Path:
    """Write the `.mo` next to the `.po`, with the registry's Plural-Forms in its header."""
    compiled = kept.take_pofile(po)  # just written: what was written, without parsing it
    if compiled is None:
        try:
            data = po.read_bytes()
        except OSError as exc:
            raise CatalogueError(po, f"cannot be read ({exc.strerror})") from exc
        # as polib reads it, leaving out fuzzy, obsolete and untranslated entries as msgfmt does
        # (so an empty plural form falls back along the chain instead of showing the source)
        pofile, text = _pofile(data, po)
        check_header(dict(pofile.metadata), text, po)
        compiled = _polib_view(pofile)
    metadata = {**compiled.metadata, "Plural-Forms": language.plural_forms}
    mo = po.with_suffix(".mo")
    # a translation that breaks the markup is left out, as msgfmt leaves out drafts: lint names it
    keep = None if language.pseudo else _safe
    atomic_write(mo, mo_bytes(metadata, compiled.entries, table=(mo, keep is None), keep=keep))
    return mo


def _safe(entry: MoEntry) -> bool:
    return entry[2] is not None or not unsafe(entry[1], entry[3][0])


_MO_PAIRS: dict[MoEntry, tuple[bytes, bytes, bytes]] = {}


def _mo_pair(entry: MoEntry) -> tuple[bytes, bytes, bytes]:
    """(what polib sorts by, the key, the value) of an entry in a `.mo`, encoded once."""
    pair = _MO_PAIRS.get(entry)
    if pair is None:
        context, msgid, plural, forms = entry
        name = ((context + "\4" if context else "") + msgid + ("\0" + plural if plural else "")).encode("utf-8")
        sort_key = ((context + "\x04" if context else "") + msgid).encode("utf-8")
        pair = _remember(_MO_PAIRS, entry, (sort_key, name, "\0".join(forms).encode("utf-8")))
    return pair


# the sorted entries of the last `.mo` files written, so that the next one after a save (a few
# entries changed among thousands) sorts only what changed
_MO_TABLES: dict[tuple, tuple[set[MoEntry], list[tuple[bytes, bytes, bytes]]]] = {}
MAX_TABLES = 8
MAX_CHANGED = 256


def _sorted_pairs(
    entries: list[MoEntry], table: tuple | None, keep: Callable[[MoEntry], bool] | None
) -> list[tuple[bytes, bytes, bytes]]:
    """The encoded entries that `keep` keeps, sorted: by the changes since the last build of
    `table` when they are few, else all of them."""
    current = set(entries)
    previous = _MO_TABLES.pop(table, None) if table is not None else None
    pairs: list[tuple[bytes, bytes, bytes]] | None = None
    if previous is not None and len(current) == len(entries):
        before, sorted_before = previous
        removed, added = before - current, current - before
        if len(removed) + len(added) <= MAX_CHANGED:
            pairs = list(sorted_before)
            for entry in removed:
                if keep is None or keep(entry):
                    del pairs[bisect.bisect_left(pairs, _mo_pair(entry))]
            for entry in added:
                if keep is None or keep(entry):
                    bisect.insort(pairs, _mo_pair(entry))
    if pairs is None:
        pairs = sorted(_mo_pair(entry) for entry in entries if keep is None or keep(entry))
    if table is not None and len(current) == len(entries):
        while len(_MO_TABLES) >= MAX_TABLES:
            del _MO_TABLES[next(iter(_MO_TABLES))]
        _MO_TABLES[table] = (current, pairs)
    return pairs


def mo_bytes(
    metadata: dict[str, str],
    entries: list[MoEntry],
    table: tuple | None = None,
    keep: Callable[[MoEntry], bool] | None = None,
) -> bytes:
    """The bytes polib's `to_binary` writes for these translated entries (those `keep` keeps),
    in linear time (polib joins its string tables by repeated `bytes +=`: seconds for thousands
    of messages). `table` names the build, whose sorted entries are kept for the next one."""
    head = polib.POFile(encoding="utf-8")
    head.metadata = metadata
    header: MoEntry = (None, "", None, (head.metadata_as_entry().msgstr,))

    pairs = [_mo_pair(header), *_sorted_pairs(entries, table, keep)]
    names, values = [pair[1] for pair in pairs], [pair[2] for pair in pairs]
    count = len(pairs)
    keystart = 7 * 4 + 16 * count
    name_lengths, value_lengths = list(map(len, names)), list(map(len, values))
    ids, strs = b"\0".join(names) + b"\0", b"\0".join(values) + b"\0"
    valuestart = keystart + len(ids)
    keys, table_values = array.array("i", bytes(8 * count)), array.array("i", bytes(8 * count))
    keys[0::2] = array.array("i", name_lengths)
    keys[1::2] = array.array("i", accumulate((n + 1 for n in name_lengths[:-1]), initial=keystart))
    table_values[0::2] = array.array("i", value_lengths)
    table_values[1::2] = array.array("i", accumulate((n + 1 for n in value_lengths[:-1]), initial=valuestart))
    head_table = struct.pack("Iiiiiii", polib.MOFile.MAGIC, 0, count, 7 * 4, 7 * 4 + count * 8, 0, keystart)
    return head_table + keys.tobytes() + table_values.tobytes() + ids + strs


def check_compiled(mo: Path) -> None:
    """A compiled catalogue that gettext cannot read raises CatalogueError (pages leave it out)."""
    try:
        data = mo.read_bytes()
    except OSError as exc:
        raise CatalogueError(mo, f"cannot be read ({exc.strerror})") from exc
    try:
        gettext.GNUTranslations(io.BytesIO(data))
    except (
        OSError,
        ValueError,
        LookupError,
        IndexError,
        UnicodeDecodeError,
        struct.error,
    ) as exc:  # gettext's OSError: a bad header
        raise CatalogueError(mo, f"corrupt compiled catalogue ({exc}); run: flask --app app i18n compile") from exc


def compile_catalogues(locales_dir: Path, registry: Registry) -> list[Path]:
    """Compile every catalogue; one that cannot be read keeps its old `.mo` and never holds the
    others back: every other one is compiled, then the first error is raised (each is logged)."""
    compiled, errors = [], []
    for domain in DOMAINS:
        for language in registry.targets(domain):
            po = po_path(locales_dir, language.code, domain)
            if po.exists():
                try:
                    compiled.append(compile_catalogue(po, language))
                except CatalogueError as exc:
                    log.error("%s", exc)
                    errors.append(exc)
    if errors:
        raise errors[0]
    return compiled


def has_translation(message: Message) -> bool:
    """Some text in msgstr (every form of a plural message)."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def is_current(message: Message) -> bool:
    """A translation a learner may see: present and not a draft."""
    return bool(message.id) and has_translation(message) and not message.fuzzy


@dataclass
class Counts:
    """How much of a lesson (or catalogue) learners can read: only `translated` is done. A draft
    or a changed source (`fuzzy`) is not, nor a message the catalogue does not hold yet
    (`missing`: the lesson changed and the catalogues were not updated since)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.missing

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add(self, message: Message) -> None:
        if is_current(message):
            self.translated += 1
        elif message.fuzzy and has_translation(message):
            self.fuzzy += 1
        else:
            self.untranslated += 1


def message_files(message: Message) -> set[str]:
    return {location for location, _ in message.locations}


def lesson_counts(catalog: Catalog) -> dict[str, Counts]:
    """Counts per source file (`lessons/<slug>/lesson.md`) of a lessons catalogue."""
    counts: dict[str, Counts] = {}
    for message in catalog:
        if not message.id:
            continue
        for location in message_files(message):
            counts.setdefault(location, Counts()).add(message)
    return counts


def total_counts(catalog: Catalog) -> Counts:
    counts = Counts()
    for message in catalog:
        if message.id:
            counts.add(message)
    return counts
