"""Telling learners honestly which language they are reading.

A Tày page of a lesson that nobody translated shows the Vietnamese text: the page says so, in
the words of its interface (Vietnamese while Tày has no interface text), and the index says for
each lesson whether it is there in the page language as text, in part, as voice only, or not
at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from lesson_toolkit.authoring.core.coverage import coverage_note, sentence_names
from lesson_toolkit.authoring.core.library import Card
from lesson_toolkit.authoring.core.render import ALL, NONE, PART, RenderedLesson
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer.voice import PageVoices

# What the index says of a lesson in the page language (`Availability.kind`)
TEXT, SOME_TEXT, VOICE, NOTHING = "text", "part", "voice", "none"


def kind_of(page: RenderedLesson | Card, voices: PageVoices) -> str | None:
    """How a lesson exists in its page language; None on a page in the lessons' own language."""
    if page.lang == toolkit.registry.source:
        return None
    heard = any(player.lang == page.lang for player in voices.players.values())
    coverage = page.coverage
    if coverage == ALL:
        return TEXT
    if coverage == PART:
        return SOME_TEXT
    return VOICE if heard else NOTHING


def heard_here(voices: PageVoices, lang: str) -> bool:
    return any(player.lang == lang for player in voices.players.values())


def nothing_in(kinds: Iterable[str | None]) -> bool:
    """Whether none of the lessons exists in the page language, neither as text nor as voice."""
    found = list(kinds)
    return bool(found) and all(kind == NOTHING for kind in found)


def _names() -> dict[str, str]:
    return sentence_names(toolkit.registry, toolkit.lang, toolkit.interface_language())


def _note(coverage: str) -> str:
    return coverage_note(coverage, toolkit.registry, toolkit.lang, toolkit.interface_language(), _) or ""


def nothing_note() -> str:
    """For a lesson (or an index) with nothing in the page language (the core's words, which
    print and the trainers' preview say too)."""
    return _note(NONE)


def part_note() -> str:
    return _note(PART)


def availability(kind: str, heard: bool = False) -> str:
    """One line on a lesson's card: is it in the page language?"""
    names = _names()
    if kind == VOICE:
        return _("You can listen to it in %(language)s; the text is in %(source)s.", **names)
    if kind == NOTHING:
        return _("Not in %(language)s yet; the text is in %(source)s.", **names)
    text = _("Text in %(language)s", **names) if kind == TEXT else _("Partly in %(language)s", **names)
    if heard:
        return text + " · " + _("You can listen to it in %(language)s", **names)
    return text


TEMPLATE_GLOBALS = {"nothing_note": nothing_note, "part_note": part_note, "availability": availability}
