"""The language registry (`locales/languages.toml`).

Babel has no CLDR data for Tày (`tyz`) or Dao (`ium`, `mji`), so nothing here calls `Locale.parse` on a
registered code: each language names the CLDR locale used for dates and numbers instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lesson_toolkit.authoring.errors import ToolkitError

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")

# The two catalogue domains. Lessons are written in the registry's source language (Vietnamese);
# the interface's msgids are English, as gettext convention has it.
LESSONS_DOMAIN = "lessons"
INTERFACE_DOMAIN = "messages"
INTERFACE_SOURCE = "en"


class RegistryError(ToolkitError):
    """The registry file is unreadable or inconsistent; the message names the file and field."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native: str
    fallback: tuple[str, ...]
    cldr: str
    plural_forms: str
    name_vi: str = ""  # the name in Vietnamese sentences: "Dịch sang tiếng Tày"
    label: str = ""  # the name in the learners' language bar ("Iu Mienh (Dao)"); default: native
    order: int = 0  # place in the language bar and every language list (smallest first)
    direction: str = "ltr"
    reviewed: bool = False
    pseudo: bool = False

    def name_in(self, ui: str) -> str:
        """The language's name in a sentence of the interface language `ui`: English in English,
        its own name in itself, else Vietnamese (Tày and Dao interfaces fall back to Vietnamese)."""
        if ui == self.code:
            return self.native
        if ui == INTERFACE_SOURCE or not self.name_vi:
            return self.name
        return self.name_vi

    @property
    def bar_label(self) -> str:
        return self.label or self.native

    @property
    def chain(self) -> tuple[str, ...]:
        """This language followed by its fallbacks: the order in which text is looked up."""
        return (self.code, *self.fallback)


@dataclass(frozen=True)
class Registry:
    source: str
    default: str
    languages: dict[str, Language]

    def __contains__(self, code: object) -> bool:
        return code in self.languages

    def __getitem__(self, code: str) -> Language:
        return self.languages[code]

    def __iter__(self):
        return iter(self.languages.values())

    @property
    def codes(self) -> list[str]:
        return list(self.languages)

    def source_for(self, domain: str) -> str:
        """The language a domain's msgids are in."""
        return INTERFACE_SOURCE if domain == INTERFACE_DOMAIN else self.source

    def targets(self, domain: str) -> list[Language]:
        """The languages that have real catalogues in a domain: all but its source and the
        pseudo-locale."""
        source = self.source_for(domain)
        return [lang for lang in self if lang.code != source and not lang.pseudo]

    def lookup_chain(self, code: str, domain: str) -> tuple[str, ...]:
        """The catalogues a text is looked up in, in order: the language's chain up to the
        domain's source language, whose text is the msgid itself."""
        source = self.source_for(domain)
        chain: list[str] = []
        for each in self[code].chain:
            if each == source:
                break
            chain.append(each)
        return tuple(chain)

    @property
    def translated(self) -> list[Language]:
        """The languages lessons are translated into: all but the source and the pseudo-locale."""
        return self.targets(LESSONS_DOMAIN)

    @property
    def public(self) -> list[Language]:
        """The languages a learner can choose, in the registry's order (local languages first)."""
        return sorted((lang for lang in self if not lang.pseudo), key=lambda lang: lang.order)


# The pseudo-locale (`flask i18n pseudo`): registered only once its catalogues are generated.
PSEUDO = Language(
    code="qps",
    name="Pseudo-locale",
    native="Ƥšéûđô",
    name_vi="Ƥšéûđô",  # its name inside its own (pseudo) sentences, marked like them
    fallback=(),
    cldr="en",
    plural_forms="nplurals=2; plural=(n != 1);",
    pseudo=True,
    order=1_000,
)


def _order(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RegistryError(f"{where}: field 'order' must be a whole number, not {value!r}")
    return value


def load_registry(path: Path) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: {exc}") from exc
    languages: dict[str, Language] = {}
    for position, (code, entry) in enumerate(data.get("languages", {}).items()):
        where = f"{path}: [languages.{code}]"
        if not LANGUAGE_CODE.match(code):
            raise RegistryError(f"{where}: not a language code")
        try:
            languages[code] = Language(
                code=code,
                name=entry["name"],
                native=entry["native"],
                fallback=tuple(entry.get("fallback", ())),
                cldr=entry["cldr"],
                plural_forms=entry["plural_forms"],
                name_vi=entry.get("name_vi", ""),
                direction=entry.get("direction", "ltr"),
                reviewed=bool(entry.get("reviewed", False)),
                label=entry.get("label", ""),
                order=_order(entry.get("order", position), where),
            )
        except KeyError as exc:
            raise RegistryError(f"{where}: missing field {exc.args[0]!r}") from exc
    if (path.parent / PSEUDO.code / "LC_MESSAGES").is_dir():
        languages[PSEUDO.code] = PSEUDO
    source, default = data.get("source", "vi"), data.get("default", "vi")
    for code, lang in languages.items():
        for other in lang.fallback:
            if other not in languages:
                raise RegistryError(f"{path}: [languages.{code}] fallback {other!r} is not registered")
    for field, code in (("source", source), ("default", default)):
        if code not in languages:
            raise RegistryError(f"{path}: {field} {code!r} is not registered")
    return Registry(source=source, default=default, languages=languages)
