"""The honest note on a lesson that is not (all) in the language a reader chose.

Every face that shows a lesson in a language says the same thing in the same words: the
learners' page, the printed handout and the trainers' phone preview. The sentence is in the
interface's language `ui` (Vietnamese on a Tày page while Tày has no interface text), so the
languages are named as that sentence names them: "tiếng Tày" in Vietnamese, "Tày" in English.
The faces translate with their own `gettext`; nothing here knows Flask.
"""

from __future__ import annotations

from collections.abc import Callable

from lesson_toolkit.authoring.core.render import NONE, PART
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.languages import INTERFACE_SOURCE, Language, Registry

NOTHING_NOTE = N_("There is no lesson in %(language)s yet. The lesson below is in %(source)s.")
PART_NOTE = N_("Part of this lesson is not translated into %(language)s yet.")


def in_sentence(language: Language, ui: str) -> str:
    """A language's name inside a sentence of the interface language `ui`."""
    return language.name if ui == INTERFACE_SOURCE else (language.name_vi or language.name)


def sentence_names(registry: Registry, lang: str, ui: str) -> dict[str, str]:
    """The page language and the lessons' source language, as a `ui` sentence names them."""
    return {"language": in_sentence(registry[lang], ui), "source": in_sentence(registry[registry.source], ui)}


def coverage_note(coverage: str, registry: Registry, lang: str, ui: str, gettext: Callable[[str], str]) -> str | None:
    """What a `lang` page of a lesson with this coverage (`RenderedLesson.coverage`) says of
    its language; None when all of it is in `lang` (or `lang` is the source language)."""
    msgid = {NONE: NOTHING_NOTE, PART: PART_NOTE}.get(coverage)
    if msgid is None or lang == registry.source:
        return None
    return gettext(msgid) % sentence_names(registry, lang, ui)
