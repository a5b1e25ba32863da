"""Checks that a translation keeps the markup of its source.

Translations are untrusted input: one that drops or changes a link target or a code span, or
adds raw HTML, is reported by lint and never shown (the fallback language is shown instead).
"""

from __future__ import annotations

import re
from collections import Counter

LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
RAW_HTML = re.compile(r"<(?!(?:https?://|mailto:))[A-Za-z!/?][^>]*>")


def _links(text: str) -> Counter[str]:
    return Counter(LINK_TARGET.findall(text) + AUTOLINK.findall(text))


def _code(text: str) -> Counter[str]:
    return Counter(match[2].strip() for match in CODE_SPAN.finditer(text))


def markup_problems(source: str, translation: str) -> list[str]:
    """What the translation changed in the source's markup; empty when it is safe to show."""
    problems: list[str] = []
    source_links, links = _links(source), _links(translation)
    for target in sorted((source_links - links).keys()):
        problems.append(f"link target {target!r} is missing")
    for target in sorted((links - source_links).keys()):
        problems.append(f"link target {target!r} is not in the source")
    source_code, code = _code(source), _code(translation)
    for span in sorted((source_code - code).keys()):
        problems.append(f"code span `{span}` is missing or changed")
    for span in sorted((code - source_code).keys()):
        problems.append(f"code span `{span}` is not in the source")
    source_html = Counter(RAW_HTML.findall(CODE_SPAN.sub("", source)))
    for tag in sorted((Counter(RAW_HTML.findall(CODE_SPAN.sub("", translation))) - source_html).keys()):
        problems.append(f"raw HTML {tag!r} is not allowed")
    return problems
