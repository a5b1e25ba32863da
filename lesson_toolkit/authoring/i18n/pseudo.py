"""The pseudo-locale: every message marked and stretched, markup left intact.

Rendering every page through it shows at a glance any text that did not come through a
catalogue: such text still has plain ASCII letters, pseudo text has none.
"""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog

LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ȧƀċḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
)
# Pieces that must reach the translation unchanged: link targets, code spans, HTML tags and
# entities, and format placeholders (%(name)s, %s, {name}).
PROTECTED = re.compile(r"\]\([^)]*\)|`+[^`]*`+|<[^>]*>|&#?\w+;|%\(\w+\)[a-z]|%[a-z%]|\{\w*\}")


def pseudo_text(text: str) -> str:
    parts, last = [], 0
    for match in PROTECTED.finditer(text):
        parts.append(text[last : match.start()].translate(LETTERS))
        parts.append(match[0])
        last = match.end()
    parts.append(text[last:].translate(LETTERS))
    body = "".join(parts)
    padding = "·" * max(1, len(text) // 3)  # translations run about a third longer than English
    return f"⟦{body} {padding}⟧"


def pseudo_catalogue(catalog: Catalog) -> Catalog:
    """Fill every message of `catalog` (made from the template) with its pseudo-translation."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(pseudo_text(part) for part in message.id)
        else:
            message.string = pseudo_text(message.id)
        message.flags.discard("fuzzy")
    return catalog
