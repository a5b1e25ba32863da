"""Interface strings (the `messages` domain) of a language, looked up along its fallback chain.

Each language's compiled catalogue is chained to the next one of its fallback chain with
gettext's `add_fallback`, so a Tày page shows Tày where it has it and Vietnamese elsewhere.
The chain is rebuilt only when one of its `.mo` files changes. A missing or unreadable `.mo`
is left out of the chain (logged): one broken catalogue never takes a page down.
"""

from __future__ import annotations

import logging
import struct
import threading
from pathlib import Path

from babel import support

from lesson_toolkit.authoring.i18n.catalogue import po_path
from lesson_toolkit.authoring.i18n.languages import Registry

log = logging.getLogger(__name__)

DOMAIN = "messages"


class InterfaceStrings:
    def __init__(self, locales_dir: Path | str):
        self.locales_dir = Path(locales_dir)
        self._lock = threading.Lock()
        self._chains: dict[str, tuple[tuple, support.NullTranslations]] = {}

    def translations(self, registry: Registry, lang: str) -> support.NullTranslations:
        """The chained catalogues of `lang` (the same object until a file changes)."""
        mos = [
            po_path(self.locales_dir, code, DOMAIN).with_suffix(".mo") for code in registry.lookup_chain(lang, DOMAIN)
        ]
        stamp = tuple(_stamp(mo) for mo in mos)
        cached = self._chains.get(lang)
        if cached and cached[0] == stamp:
            return cached[1]
        chain = support.NullTranslations()
        for mo, mark in reversed(list(zip(mos, stamp, strict=True))):
            if mark[1] is None:
                continue
            catalogue = _read(mo)
            if catalogue is not None:
                catalogue.add_fallback(chain)
                chain = catalogue
        with self._lock:
            self._chains[lang] = (stamp, chain)
        return chain

    def text_language(self, registry: Registry, lang: str) -> str:
        """The language the interface of a `lang` page is mostly in: the first of its chain
        whose catalogue translates anything (a Tày page with no Tày interface text is in
        Vietnamese), else the msgids' own language (English)."""
        for code in registry.lookup_chain(lang, DOMAIN):
            if _translated(po_path(self.locales_dir, code, DOMAIN).with_suffix(".mo")):
                return code
        return registry.source_for(DOMAIN)


def _stamp(path: Path) -> tuple[str, int | None]:
    try:
        return (str(path), path.stat().st_mtime_ns)
    except OSError:
        return (str(path), None)


def _translated(mo: Path) -> bool:
    """Whether a compiled catalogue holds any translation besides its header: the number of
    strings is the third 32-bit word of a `.mo` file (compilers leave untranslated entries out)."""
    try:
        with mo.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    if len(head) < 12:
        return False
    order = "<" if head[:4] == b"\xde\x12\x04\x95" else ">"
    (count,) = struct.unpack(order + "I", head[8:12])
    return count > 1


def _read(mo: Path) -> support.Translations | None:
    try:
        with mo.open("rb") as handle:
            return support.Translations(handle, domain=DOMAIN)
    except (OSError, ValueError, LookupError, IndexError, struct.error) as exc:  # a corrupt file
        log.error("%s: cannot be read (%s); left out of the language chain", mo, exc)
        return None
