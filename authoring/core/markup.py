"""Checks that a translation keeps the markup of its source.

Translations are untrusted input: one that drops or changes a link target or a code span, or
adds raw HTML, is reported by lint and never shown (the fallback language is shown instead).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from authoring.errors import N_


class Problem(str):
    """One problem, in English (it is a `str`), that can also say itself in the reader's
    language: `problem.translated(gettext)`, or `{{ problem|translated }}` in a template."""

    template: str
    params: dict[str, str]

    def __new__(cls, template: str, **params: str) -> Problem:
        problem = super().__new__(cls, template % params)
        problem.template, problem.params = template, params
        return problem

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template) % self.params


LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
RAW_HTML = re.compile(r"<(?!(?:https?://|mailto:))[A-Za-z!/?][^>]*>")


def _links(text: str) -> Counter[str]:
    return Counter(LINK_TARGET.findall(text) + AUTOLINK.findall(text))


def _code(text: str) -> Counter[str]:
    return Counter(match[2].strip() for match in CODE_SPAN.finditer(text))


def markup_problems(source: str, translation: str) -> list[Problem]:
    """What the translation changed in the source's markup; empty when it is safe to show."""
    problems: list[Problem] = []
    source_links, links = _links(source), _links(translation)
    for target in sorted((source_links - links).keys()):
        problems.append(Problem(N_("link target %(target)s is missing"), target=repr(target)))
    for target in sorted((links - source_links).keys()):
        problems.append(Problem(N_("link target %(target)s is not in the source"), target=repr(target)))
    source_code, code = _code(source), _code(translation)
    for span in sorted((source_code - code).keys()):
        problems.append(Problem(N_("code span %(span)s is missing or changed"), span=f"`{span}`"))
    for span in sorted((code - source_code).keys()):
        problems.append(Problem(N_("code span %(span)s is not in the source"), span=f"`{span}`"))
    source_html = Counter(RAW_HTML.findall(CODE_SPAN.sub("", source)))
    for tag in sorted((Counter(RAW_HTML.findall(CODE_SPAN.sub("", translation))) - source_html).keys()):
        problems.append(Problem(N_("raw HTML %(tag)s is not allowed"), tag=repr(tag)))
    return problems
