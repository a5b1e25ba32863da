"""Lesson topics, in the order the index shows them.

Labels are user-interface strings: marked here for extraction with `N_` and translated where
they are shown.
"""


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
