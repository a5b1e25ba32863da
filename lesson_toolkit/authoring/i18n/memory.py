"""Translation memory: earlier published translations of similar Vietnamese sentences.

The memory of a language is its lessons catalogue's published entries (translated, not fuzzy,
keeping the source's links and code), from every lesson. It is indexed once per version of the
file (mtime and size) and asked with rapidfuzz's `process.extract`, bounded by a cutoff and a
limit, so that an editor page of forty messages costs forty C++ scans of short strings.

Borrowed drafts. Babel's catalogue update (as `msgmerge` does) fills a *new* message with the
translation of the most similar old one, marked fuzzy, with that old source as `#|` previous
msgid (`catalogue.merge_template`, `closest`). When the message's own source changed, that is
right: the old translation is the one to re-check. When the match is another message, the text
was borrowed from another sentence, often another lesson, and one careless save would publish
it. The two are told apart by the previous msgid: a message whose `#|` source is still a message
of the catalogue (another sentence that exists now) borrowed its text; one whose previous source
is gone had its own source changed. (A lesson deleted while a similar new one was added looks
like a changed source: the rare case errs toward re-checking, which a reviewer does anyway.)
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from rapidfuzz import fuzz, process

from lesson_toolkit.authoring.core.markup import markup_problems
from lesson_toolkit.authoring.i18n.catalogue import is_current

LIMIT = 3
CUTOFF = 70.0  # per cent (rapidfuzz's Indel ratio): below it, a sentence is another sentence
Key = tuple[str | None, str]


def normalise(text: str) -> str:
    """What is compared: NFC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class Suggestion:
    source: str  # the similar Vietnamese sentence
    translation: str  # its published translation
    score: int  # similarity in per cent, 100 only for the very same sentence
    exact: bool

    @property
    def label(self) -> str:
        return "exact" if self.exact else "fuzzy"


@dataclass(frozen=True)
class Memory:
    keys: tuple[Key, ...]
    sources: tuple[str, ...]
    translations: tuple[str, ...]
    choices: tuple[str, ...]  # the normalised sources, what rapidfuzz scans
    live: dict[str, tuple[Key, ...]]  # msgid → every message (key) the catalogue holds with it

    @classmethod
    def of(cls, catalog: Catalog) -> Memory:
        keys, sources, translations = [], [], []
        live: dict[str, list[Key]] = {}
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            live.setdefault(message.id, []).append((message.context, message.id))
            string = message.string if isinstance(message.string, str) else ""
            if is_current(message):  # (links and code checked only for the few suggested)
                keys.append((message.context, message.id))
                sources.append(message.id)
                translations.append(string)
        choices = tuple(normalise(source) for source in sources)
        held = {msgid: tuple(found) for msgid, found in live.items()}
        return cls(tuple(keys), tuple(sources), tuple(translations), choices, held)

    def suggest(self, msgid: str, context: str | None = None, limit: int = LIMIT) -> list[Suggestion]:
        """Up to `limit` published translations of sentences like `msgid` (the message itself
        left out), the same sentence first, then by similarity; each translation once."""
        found = process.extract(normalise(msgid), self.choices, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=limit + 4)
        suggestions: dict[str, Suggestion] = {}
        for _, score, index in found:
            source, translation = self.sources[index], self.translations[index]
            if self.keys[index] == (context, msgid) or markup_problems(source, translation):
                continue  # the message itself, or a text the site does not show (see compile)
            exact = source == msgid
            shown = 100 if exact else min(int(score), 99)
            if translation not in suggestions:
                suggestions[translation] = Suggestion(source, translation, shown, exact)
        ranked = sorted(suggestions.values(), key=lambda s: (not s.exact, -s.score))
        return ranked[:limit]

    def borrowed(self, msgid: str, fuzzy: bool, string: str, previous: str | None, context: str | None = None) -> bool:
        """Whether a fuzzy text was copied from another message that exists now (see above):
        one with the previous source as its msgid, other than this message (the same text under
        another context, a title and a summary, is another message)."""
        if not (fuzzy and string and previous):
            return False
        return any(key != (context, msgid) for key in self.live.get(previous, ()))


_cache: dict[Path, tuple[tuple[int, int], Memory]] = {}
_lock = threading.Lock()


def memory_for(path: Path, read) -> Memory:
    """The memory of the catalogue at `path`, read with `read(path)` only when the file changed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Memory((), (), (), (), {})
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        held = _cache.get(path)
        if held is not None and held[0] == stamp:
            return held[1]
    memory = Memory.of(read(path))
    with _lock:
        _cache[path] = (stamp, memory)
    return memory
