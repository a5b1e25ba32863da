"""Lesson topics, in the order the index shows them.

Labels are user-interface strings: marked here for extraction with `N_` and translated where
they are shown.
"""

from collections.abc import Iterable


def N_(text: str) -> str:  # noqa: N802 (the gettext convention for "mark, don't translate")
    return text


TOPICS: dict[str, str] = {
    "payments": N_("Paying bills by phone"),
    "money": N_("Money and banking"),
    "identity": N_("Electronic identity and public services"),
    "messaging": N_("Messages and calls"),
    "safety": N_("Staying safe from scams"),
    "health": N_("Health"),
    "selling": N_("Selling online"),
}

# where a lesson of none of TOPICS is listed (the index calls it "Other lessons")
OTHER = "other"


def topic_of(topic: str) -> str:
    """The code a lesson's `topic` is listed under: itself, or OTHER."""
    return topic if topic in TOPICS else OTHER


def topic_codes(topics: Iterable[str]) -> list[str]:
    """The codes the lessons' `topics` are listed under, in the index's order."""
    found = {topic_of(topic) for topic in topics}
    return [code for code in [*TOPICS, OTHER] if code in found]
