"""An update that merges only the messages whose lessons changed (issue 18).

A province's lessons catalogue holds some 17,000 messages, and a full update (parse the file and
the template, Babel's `Catalog.update` cloning every message, write them all) takes seconds per
language, when one lesson changed. Here the template and the catalogue are cut into their entries
(a blank line ends each, in what the toolkit writes) and each entry is read only as far as needed
to compare it: its key, its source part as written (extracted comments, references, msgctxt,
msgid) and its flags. A message whose source part reads the same in the template and in the
catalogue, and that a merge would leave as it is, keeps its entry's text. Every other entry of
the template and of the catalogue, and every obsolete one, is parsed and merged by the very same
code as a full update (`apply_template`), with the fuzzy matches found among every translated
message of the catalogue, as a full update finds them. The file written is then the one a full
update writes, byte for byte (see tests/i18n/test_incremental.py).

This holds only for a catalogue the toolkit wrote (`canonical`): any other file, or anything
unexpected in one (a duplicate message, a plural entry, a line this reader does not know), makes
`merge_file` answer None, and the caller merges the file whole, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polib
from babel.messages.catalog import Catalog, Message

from lesson_toolkit.authoring.i18n.catalogue import (
    Compiled,
    LanguageCatalog,
    MoEntry,
    apply_template,
    compiled_entry,
    entry_text,
    fuzzy_matches,
    header_chunk,
    header_fields,
    merge_template,
    nplurals_of,
    obsolete_texts,
    parse_po,
    read_catalogue,
    write_catalogue,
)
from lesson_toolkit.authoring.i18n.catalogue_cache import canonical, file_stamp, kept
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.storage import atomic_write

Key = str | tuple[str, str]  # Babel's: the msgid, or (msgid, msgctxt)


class UnexpectedEntryError(Exception):
    """An entry this reader does not take apart: the file is merged whole."""


@dataclass(frozen=True)
class Block:
    """One entry of a PO file, read only as far as an update needs."""

    text: str  # as written, with its final newline
    key: Key
    source: tuple  # extracted comments, references and msgctxt/msgid lines, as written
    flags: frozenset[str]
    kept_by_merge: bool  # a merge with an unchanged source leaves it as it is
    plain: bool  # no translator comments, no previous source (as a template's entries)
    translated: bool  # a fuzzy-match candidate (Babel: `message.string` is not empty)
    compiled: MoEntry | None  # what the `.mo` holds of it


def _unescape(part: str) -> str:
    """A string as polib reads it: its quoted lines, unescaped and joined."""
    if "\n" in part.rstrip("\n"):
        text = "".join(line.strip()[1:-1] for line in part.split("\n") if line.strip())
    else:
        text = part.strip()[1:-1]
    return polib.unescape(text) if "\\" in text else text


def _keyword_line(head: str) -> int:
    """Where the entry's msgctxt (or msgid) line starts: not in a `#|` previous source."""
    for keyword in ("msgctxt ", "msgid "):
        if head.startswith(keyword):
            return 0
        at = head.find("\n" + keyword)
        if at >= 0:
            return at + 1
    raise UnexpectedEntryError(head)


def read_block(text: str) -> Block | None:
    """The entry's parts; None for an obsolete entry (those are always parsed and merged)."""
    if text.startswith("#~") or "\n#~" in text:
        return None
    head, found, msgstr = text.partition("\nmsgstr ")
    if not found or "\nmsgstr" in msgstr:
        raise UnexpectedEntryError(text)  # no msgstr, or a plural entry's msgstr[n]
    at = _keyword_line(head)
    comments, keywords = head[: max(at - 1, 0)], head[at:]
    auto: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    user: list[str] = []
    previous = False
    for line in comments.split("\n") if comments else ():
        if line.startswith("#."):
            auto.append(line)
        elif line.startswith("#:"):
            references.extend(line[3:].split())
        elif line.startswith("#,"):
            flags.extend(flag.strip() for flag in line[3:].split(","))
        elif line.startswith("#|"):
            previous = True
        elif line.startswith("# ") or line == "#":
            user.append(line[2:])
        else:
            raise UnexpectedEntryError(line)
    context = None
    if keywords.startswith("msgctxt "):
        context_part, found, msgid_part = keywords.partition("\nmsgid ")
        if not found:
            raise UnexpectedEntryError(text)
        context = _unescape(context_part[8:])
    else:
        msgid_part = keywords[6:]
    if "\nmsgid" in msgid_part or "msgid_plural" in msgid_part:
        raise UnexpectedEntryError(text)
    msgid, string = _unescape(msgid_part), _unescape(msgstr)
    flag_set = frozenset(flags)
    fuzzy = "fuzzy" in flag_set
    return Block(
        text=text,
        key=msgid if context is None else (msgid, context),
        source=(tuple(auto), " ".join(references), keywords),
        flags=flag_set,
        # Babel's merge keeps only distinct translator comments, and `#|` only on a draft
        kept_by_merge=len(set(user)) == len(user) and (fuzzy or not previous),
        plain=not user and not previous,
        translated=bool(string),
        compiled=None if fuzzy or not string or not msgid else (context, msgid, None, (string,)),
    )


def split_entries(text: str) -> list[str]:
    """The file's entries (the header first), each with its final newline."""
    parts = text.split("\n\n")
    return [part + "\n" for part in parts[:-1]] + [parts[-1]]


@dataclass
class Indexed:
    header: str
    active: dict[Key, Block]  # in file order
    obsolete: list[str]  # the obsolete entries' texts

    @cached_property
    def by_text(self) -> dict[str, Block]:
        return {block.text: block for block in self.active.values()}


def index_entries(text: str, known: Mapping[str, Block] | None = None) -> Indexed:
    """The file's entries, read (`known`: blocks already read, by their text; a block is read
    from its text alone, so an entry written as the template writes it, e.g. one not translated
    yet, is the template's block and is not read again)."""
    entries = split_entries(text)
    active: dict[Key, Block] = {}
    obsolete: list[str] = []
    known = known or {}
    for entry in entries[1:]:
        if not entry.strip():
            continue  # the blank line Babel writes after the last entry of a template
        block = known.get(entry) or read_block(entry)
        if block is None:
            obsolete.append(entry)
        elif block.key in active or not block.key:
            raise UnexpectedEntryError(entry)  # the same message twice: a full parse merges them
        else:
            active[block.key] = block
    return Indexed(entries[0], active, obsolete)


def _kept(new: Block, old: Block | None) -> bool:
    """Whether a full update leaves the old entry exactly as it is."""
    return (
        old is not None
        and old.kept_by_merge
        and new.source == old.source
        and new.flags - {"python-format"} <= old.flags
        and "fuzzy" not in new.flags
        and new.plain
    )


def _parse(header: str, entries: list[str], path: Path, language: Language | None) -> LanguageCatalog:
    return parse_po("\n".join([header, *entries]).encode("utf-8"), path, language)


@dataclass
class Merged:
    data: bytes
    compiled: Compiled


def merge_file(path: Path, data: bytes, template: Indexed, pot: Path, language: Language) -> Merged | None:
    """The catalogue `data` (the bytes of `path`, which the toolkit wrote) merged with the
    template, as `merge_template` would merge it; None when the file is not one this merge may
    take apart (then merge it whole)."""
    try:
        text = data.decode("utf-8")
        old = index_entries(text, template.by_text)
    except (UnicodeDecodeError, UnexpectedEntryError):
        return None
    kept = {key for key, block in template.active.items() if _kept(block, old.active.get(key))}
    # everything else goes through the full update's code, in a catalogue of its own
    catalog = _parse(
        old.header,
        [b.text for k, b in old.active.items() if k not in kept] + old.obsolete,
        path,
        language,
    )
    small_template = _parse(template.header, [b.text for k, b in template.active.items() if k not in kept], pot, None)
    candidates = {}
    for key, block in old.active.items():
        if block.translated:
            candidates[(key[0] if isinstance(key, tuple) else key).lower().strip()] = key
    matches = fuzzy_matches([key for key in template.active if key not in old.active], candidates)
    olds = {_key(m): m for m in catalog if m.id}

    def old_message(key: Key) -> Message:
        if key in olds:
            return olds[key]
        return next(m for m in _parse(old.header, [old.active[key].text], path, language) if m.id)

    apply_template(catalog, small_template, matches, old_message)
    return _assemble(catalog, template, old, kept)


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, list | tuple) else message.id
    return msgid if message.context is None else (msgid, message.context)


def _assemble(catalog: Catalog, template: Indexed, old: Indexed, kept: set[Key]) -> Merged:
    nplurals = nplurals_of(catalog)
    chunks, entries = [header_chunk(catalog)], list[MoEntry]()
    for key in template.active:
        if key in kept:
            block = old.active[key]
            chunks.append(block.text)
            if block.compiled is not None:
                entries.append(block.compiled)
            continue
        message = catalog.get(*key) if isinstance(key, tuple) else catalog.get(key)
        assert message is not None  # the update put every template message in
        chunks.append(entry_text(message, nplurals))
        compiled = compiled_entry(message, nplurals)
        if compiled is not None:
            entries.append(compiled)
    chunks += obsolete_texts(catalog)
    return Merged("\n".join(chunks).encode("utf-8"), Compiled(header_fields(catalog), entries))


class Template:
    """A domain's template, read as each catalogue's update needs it: cut into entries for a
    merge of the changed messages, parsed whole for a full one."""

    def __init__(self, pot: Path) -> None:
        self.pot = pot
        self._catalog: Catalog | None = None
        self._indexed: Indexed | None | bool = False  # False: not read yet; None: cannot be cut

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = read_catalogue(self.pot)
        return self._catalog

    @property
    def indexed(self) -> Indexed | None:
        if self._indexed is False:
            try:
                if self.pot.is_symlink():
                    raise UnexpectedEntryError(self.pot)  # read_catalogue names the problem
                self._indexed = index_entries(self.pot.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError, UnexpectedEntryError):
                self._indexed = None
        return self._indexed  # type: ignore[return-value]


def update_file(path: Path, language: Language, template: Template) -> None:
    """Merge the template into the catalogue at `path`: only the changed messages when the
    toolkit wrote the file, else the whole file (a malformed one raises CatalogueError, naming
    the file and line, and is left as it is)."""
    stamp = file_stamp(path)  # before reading: a change meanwhile makes it stale
    try:
        data = None if path.is_symlink() else path.read_bytes()
    except OSError:
        data = None  # read_catalogue names the problem
    indexed = template.indexed if data is not None and canonical.holds(path, data) else None
    merged = merge_file(path, data, indexed, template.pot, language) if indexed is not None and data else None
    if merged is None:
        catalog = read_catalogue(path, language)
        merge_template(catalog, template.catalog)
        write_catalogue(path, catalog)
        return
    if merged.data == data:  # nothing changed: the file, and a catalogue kept for it, stay
        kept.compiled(path, merged.compiled, stamp)
        return
    atomic_write(path, merged.data)
    canonical.written(path, merged.data)
    kept.written(path, language.code, None, merged.compiled)
