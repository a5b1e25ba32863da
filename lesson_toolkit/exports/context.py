"""What printing needs from the app, gathered once and passed down: no Flask below this.

The web view and the CLI build a `PrintContext` from `toolkit` and the app's config
(`print_context()`); the handout pipeline (`exports.rendering`, `exports.publish`,
`exports.handout`, `exports.booklet`) takes it as an argument and never looks at
`current_app`, `g` or the request. A test or a script can build one by hand from a `Library`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel import support
from jinja2 import Environment, FileSystemLoader

from lesson_toolkit.authoring.core.addresses import is_loopback
from lesson_toolkit.authoring.core.library import Library
from lesson_toolkit.authoring.i18n.languages import Registry

# The interface strings of a language along its fallback chain (`InterfaceStrings.translations`).
InterfaceTranslations = Callable[[str], support.NullTranslations]


@dataclass(frozen=True)
class PrintContext:
    """The library, registry and interface strings a handout is printed from."""

    library: Library
    registry: Registry
    interface: InterfaceTranslations
    public_base_url: str  # where a handout's QR code points: `<base>/<lang>/lessons/<slug>`
    cache_dir: Path  # the PDFs and their prepared pictures
    templates_dir: Path  # holds `print/…`
    # the language the interface strings of a `lang` handout are in (`vi` for Tày without any)
    interface_language: Callable[[str], str]

    @property
    def qr_is_local(self) -> bool:
        """Whether the QR codes open only on this computer (a loopback address)."""
        return is_loopback(self.public_base_url)

    @property
    def lessons_dir(self) -> Path:
        return Path(self.library.lessons_dir)

    def translations(self, lang: str) -> support.NullTranslations:
        """The interface strings of `lang`: Tày where it has them, then its fallbacks."""
        return self.interface(lang)

    def gettext(self, lang: str) -> Callable[[str], str]:
        return self.translations(lang).gettext

    def templates(self, lang: str) -> Environment:
        """The print templates with `_()` and `ngettext()` translating into `lang`."""
        return print_environment(str(self.templates_dir), self.translations(lang))


def _autoescape(filename: str | None) -> bool:
    """As Flask does for its own templates: HTML and XML, not the CSS."""
    return filename is None or filename.endswith((".html", ".htm", ".xml", ".xhtml", ".svg"))


@functools.lru_cache(maxsize=64)
def print_environment(templates_dir: str, translations: support.NullTranslations) -> Environment:
    """A Jinja environment of the templates folder speaking one language's interface strings.

    One per catalogue chain, so that no render ever changes another's language: the chain is
    the same object until one of its `.mo` files changes (`InterfaceStrings`), so a language's
    templates are compiled once.
    """
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=_autoescape,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    return environment


def print_context(base_url: str | None = None) -> PrintContext:
    """The context of the current app: for the web view and the CLI, inside an app context.
    `base_url`: where the QR codes point (default: the configured `PUBLIC_BASE_URL`)."""
    from flask import current_app

    from lesson_toolkit.extensions import toolkit

    registry = toolkit.registry
    configured = current_app.config.get("HANDOUT_CACHE_DIR")
    return PrintContext(
        library=toolkit.library,
        registry=registry,
        interface=functools.partial(toolkit.state.interface.translations, registry),
        public_base_url=(base_url or current_app.config["PUBLIC_BASE_URL"]).rstrip("/"),
        cache_dir=Path(configured) if configured else Path(current_app.instance_path) / "handouts-cache",
        templates_dir=Path(current_app.root_path) / (current_app.template_folder or "templates"),
        interface_language=functools.partial(toolkit.state.interface.text_language, registry),
    )
