"""Babel catalogues: reading, writing, updating, compiling and measuring them.

Babel knows no CLDR data for Tày or Dao: for such a catalogue it drops the `Plural-Forms` header
on write and on compile. `LanguageCatalog` keeps the header the registry gives, so every PO and
MO file carries one. Every catalogue is written with one setting (no wrapping, file-only
locations), so saving from Poedit or Weblate configured the same way causes no churn.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

from authoring.errors import ToolkitError
from authoring.i18n.languages import Language, Registry
from authoring.storage import atomic_write

log = logging.getLogger(__name__)

DOMAINS = ("messages", "lessons")
PO_WIDTH = 0  # no wrapping: one message, one line, whatever tool saved it last


class CatalogueError(ToolkitError):
    """A catalogue that cannot be read; names the file and line."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        super().__init__(message, path=path, line=line)


class LanguageCatalog(Catalog):
    """A Babel catalogue that writes the registry's Plural-Forms even for unknown locales."""

    plural_forms_header: str | None = None

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        if self.plural_forms_header and not any(name == "Plural-Forms" for name, _ in headers):
            at = next(i for i, (name, _) in enumerate(headers) if name == "Language-Team") + 1
            headers.insert(at, ("Plural-Forms", self.plural_forms_header))
        return headers

    mime_headers = property(_get_mime_headers, Catalog._set_mime_headers)

    def use_plural_forms(self, header: str) -> None:
        """Plural forms from the registry: written into the header, and used for msgstr[n]."""
        self.plural_forms_header = header
        self._set_mime_headers([("Plural-Forms", header)])


def po_path(locales_dir: Path, lang: str, domain: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def pot_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / f"{domain}.pot"


class _CatalogueParser(PoFileParser):
    """Babel's PO parser, plus two things the toolkit needs.

    It remembers the line it is on (some malformed lines raise a bare ValueError), and it reads
    the previous source (`#| msgid "…"`) back into `Message.previous_id`: Babel writes it but
    reads it as a translator comment, which would churn every file and hide what changed.
    """

    lineno = 0

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[str] = []

    def _process_message_line(self, lineno, line, obsolete=False) -> None:
        self.lineno = lineno
        super()._process_message_line(lineno, line, obsolete)

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        keyword, _, value = line[2:].strip().partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            self.previous.append(unescape(value.strip()))
        elif keyword.startswith('"') and self.previous:  # a continuation line
            self.previous[-1] += unescape(line[2:].strip())

    def _add_message(self) -> None:
        previous, obsolete = self.previous, self.obsolete
        ids = [m.denormalize() for m in self.messages]
        msgid = tuple(ids) if len(ids) > 1 else ids[0]
        context = self.context.denormalize() if self.context else None
        super()._add_message()
        if previous:
            if obsolete:
                message = self.catalog.obsolete.get((ids[0], context) if context else ids[0])
            else:
                message = self.catalog.get(msgid, context=context)
            if message is not None:
                message.previous_id = previous


def parse_po(data: bytes, path: Path, language: Language | None = None) -> LanguageCatalog:
    """Parse PO bytes; a malformed file raises CatalogueError with its line number."""
    catalog = LanguageCatalog(locale=language.code if language else None, domain=path.stem)
    if language:
        catalog.use_plural_forms(language.plural_forms)
    parser = _CatalogueParser(catalog, ignore_obsolete=False, abort_invalid=True)
    try:
        parser.parse(io.BytesIO(data))
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise CatalogueError(path, message, line=exc.lineno + 1) from exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError(path, "not UTF-8 text", line=line) from exc
    except (ValueError, IndexError) as exc:
        raise CatalogueError(path, f"cannot read this line ({exc})", line=parser.lineno + 1) from exc
    if language:
        catalog.use_plural_forms(language.plural_forms)  # the registry wins over a stale header
    return catalog


def read_catalogue(path: Path, language: Language | None = None) -> LanguageCatalog:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(path, f"cannot be read ({exc.strerror})") from exc
    return parse_po(data, path, language)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_previous=True, include_lineno=False)
    return buffer.getvalue()


def write_catalogue(path: Path, catalog: Catalog) -> None:
    atomic_write(path, po_bytes(catalog))


def new_catalogue(template: Catalog, language: Language, domain: str) -> LanguageCatalog:
    """What `pybabel init` would make, for any registered language (it refuses tyz and ium)."""
    catalog = LanguageCatalog(
        locale=language.code,
        domain=domain,
        project=template.project,
        version=template.version,
        msgid_bugs_address=template.msgid_bugs_address,
        creation_date=template.creation_date,
        revision_date=template.creation_date,
        last_translator="nobody yet",
        language_team=language.name,
        fuzzy=False,
    )
    catalog.use_plural_forms(language.plural_forms)
    catalog.update(template)
    return catalog


def merge_template(catalog: Catalog, template: Catalog) -> None:
    """`Catalog.update`, keeping `#|` on entries that are still fuzzy (as msgmerge does).

    Babel sets the previous source when a message first turns fuzzy, but drops it at the next
    update, so a translator would no longer see what changed.
    """
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_header_comment=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id and (message.id, message.context) in previous:
            message.previous_id = previous[(message.id, message.context)]


@dataclass
class UpdateReport:
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)


def update_catalogues(locales_dir: Path, registry: Registry, domains=DOMAINS) -> UpdateReport:
    """Bring every language's catalogues in line with the templates (like `msgmerge`).

    A changed message keeps its old translation as fuzzy, with the previous source as `#|`;
    removed messages become obsolete (`#~`); a language without catalogues gets them.
    """
    report = UpdateReport()
    for domain in domains:
        template = read_catalogue(pot_path(locales_dir, domain))
        for language in registry.translated:
            path = po_path(locales_dir, language.code, domain)
            if path.exists():
                catalog = read_catalogue(path, language)
                merge_template(catalog, template)
                report.updated.append(path)
            else:
                catalog = new_catalogue(template, language, domain)
                report.created.append(path)
            write_catalogue(path, catalog)
    return report


def compile_catalogue(po: Path, language: Language) -> Path:
    """Write the `.mo` next to the `.po`; fuzzy entries are left out, as msgfmt does."""
    catalog = read_catalogue(po, language)
    for message in list(catalog):
        # Babel would fill an empty plural form with the English source, hiding the fallback
        if message.id and not has_translation(message):
            catalog.delete(message.id, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo = po.with_suffix(".mo")
    atomic_write(mo, buffer.getvalue())
    return mo


def compile_catalogues(locales_dir: Path, registry: Registry) -> list[Path]:
    compiled = []
    for language in registry.translated:
        for domain in DOMAINS:
            po = po_path(locales_dir, language.code, domain)
            if po.exists():
                compiled.append(compile_catalogue(po, language))
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
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

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
