"""What a handout is printed with: paper, ink, print size, a second language, a last panel."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.i18n.languages import Registry
from lesson_toolkit.exports.cache import content_key

SIZES = ("a4", "a5")
IMPOSITIONS = ("2up",)
MAX_NOTE = 120  # characters of a cultural house's name or a trainer's contact
TRUE, FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


class OptionError(ToolkitError):
    """A handout option that cannot be used; names the option."""

    def __init__(self, option: str, message: str):
        super().__init__(message, field=option)
        self.option = option

    @property
    def detail(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class HandoutOptions:
    size: str = "a4"
    bw: bool = False  # black-and-white printer: grayscale pictures, no fills
    large: bool = False  # large print for elderly readers
    with_lang: str | None = None  # bilingual: each passage followed by this language
    house: str | None = None  # cultural house's name, on the last panel
    contact: str | None = None  # trainer's contact, on the last panel

    def __post_init__(self):
        if self.size not in SIZES:
            raise OptionError("size", f"must be one of {', '.join(SIZES)}, not {self.size!r}")
        for option in ("house", "contact"):
            value = getattr(self, option)
            if value is not None:
                value = unicodedata.normalize("NFC", " ".join(value.split())) or None
                if value and len(value) > MAX_NOTE:
                    raise OptionError(option, f"at most {MAX_NOTE} characters")
                object.__setattr__(self, option, value)

    def check(self, reg: Registry, lang: str) -> HandoutOptions:
        """Check the second language against the registry and the page language."""
        if self.with_lang is not None:
            if self.with_lang not in reg:
                raise OptionError("with", f"unknown language {self.with_lang!r} (registered: {', '.join(reg.codes)})")
            if self.with_lang == lang:
                raise OptionError("with", f"the second language must differ from the page language {lang!r}")
        return self

    @property
    def label(self) -> str:
        """The options as a file-name part: `a5.bw.large.with-vi`."""
        parts = [self.size, "bw" if self.bw else "", "large" if self.large else ""]
        parts.append(f"with-{self.with_lang}" if self.with_lang else "")
        if self.house or self.contact:
            parts.append("house-" + content_key(self.house or "", self.contact or "")[:8])
        return ".".join(p for p in parts if p)

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> HandoutOptions:
        """`?size=a5&bw=1&large=1&with=vi`. A cultural house's name and contact are not taken
        from the web: anyone could print their own 'contact' under the site's name."""
        return cls(
            size=args.get("size", "a4").lower(),
            bw=_flag(args, "bw"),
            large=_flag(args, "large"),
            with_lang=args.get("with") or None,
        )


def _flag(args: Mapping[str, str], name: str) -> bool:
    value = args.get(name, "").lower()
    if value not in TRUE | FALSE:
        raise OptionError(name, f"expected 1 or 0, not {value!r}")
    return value in TRUE
