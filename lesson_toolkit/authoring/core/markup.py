"""Checks that a translation keeps the markup and the facts of its source.

Translations are untrusted input: one that drops or changes a link target or a code span, or
adds raw HTML, is reported by lint and never shown (the fallback language is shown instead).
Neither is one that changes the *facts* a learner acts on: phone numbers and other digit runs
(amounts, codes), web addresses and domains (in plain text and in link text), e-mail addresses.

Every check is linear in the length of the text: texts are scanned with `str.find` and
`str.split`, and the few regular expressions run only on single words or after the counts of
`[`, `<` and backticks are bounded (`budget_problems`), since Python-Markdown's inline parser and
a backtracking pattern grow quadratically with unclosed brackets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from lesson_toolkit.authoring.errors import N_


class Problem(str):
    """One problem, in English (it is a `str`), that can also say itself in the reader's
    language: `problem.translated(gettext)`, or `{{ problem|translated }}` in a template.

    `kind` is "markup" (the translation breaks the page: refused), "facts" (it says something
    else than the source: kept as a draft) or "budget" (too costly to render: refused)."""

    template: str
    params: dict[str, str]
    kind: str

    def __new__(cls, template: str, kind: str = "markup", **params: str) -> Problem:
        problem = super().__new__(cls, template % params)
        problem.template, problem.params, problem.kind = template, params, kind
        return problem

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template) % self.params


# A translation may be this much longer than its source, and hold this many more of each
# character that opens inline markup; a source (a block of a lesson) at most MAX_OPENERS of each.
LENGTH_FACTOR, LENGTH_SLACK = 4, 200
OPENERS = ("[", "<", "`", "*", "_")
OPENER_SLACK = 8
MAX_OPENERS = 400

LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
RAW_HTML_START = re.compile(r"<(?!(?:https?://|mailto:))[A-Za-z!/?]")
DIGITS = re.compile(r"[0-9]+(?:(?:[ .\-]|,(?=[0-9]))[0-9]+)*")
LABEL = re.compile(r"[a-z0-9-]+")
TOP_LEVEL = re.compile(r"[a-z]{2,}")
TRIM = "()[]{}<>\"'.,;:!?*_~`“”‘’«»"


def budget_problems(source: str, translation: str) -> list[Problem]:
    """A translation too long for its source, or with many more unclosed-markup characters, is
    refused before any other check or any rendering (each costs time in the square of them)."""
    problems: list[Problem] = []
    limit = LENGTH_FACTOR * len(source) + LENGTH_SLACK
    if len(translation) > limit:
        problems.append(
            Problem(
                N_("the translation is much longer than the source (%(length)s characters, at most %(limit)s)"),
                "budget",
                length=str(len(translation)),
                limit=str(limit),
            )
        )
    for char in OPENERS:
        count, allowed = translation.count(char), source.count(char) + OPENER_SLACK
        if count > allowed:
            problems.append(
                Problem(
                    N_("the translation has %(count)s %(char)s characters, the source %(source)s"),
                    "budget",
                    count=str(count),
                    char=repr(char),
                    source=str(source.count(char)),
                )
            )
    return problems


def source_budget_problem(text: str) -> str | None:
    """Which markup character a block of a lesson holds too many of (None: within budget)."""
    for char in OPENERS:
        if text.count(char) > MAX_OPENERS:
            return char
    return None


def code_spans(text: str) -> list[tuple[int, int, str]]:
    """The code spans of `text` as (start, end, content), in linear time: a run of backticks
    opens a span that the next run of the same length closes (as CommonMark has it)."""
    runs: list[tuple[int, int]] = []  # (start, length)
    position = text.find("`")
    while position != -1:
        end = position
        while end < len(text) and text[end] == "`":
            end += 1
        runs.append((position, end - position))
        position = text.find("`", end)
    next_of_length: dict[int, list[int]] = {}
    for index in range(len(runs) - 1, -1, -1):
        next_of_length.setdefault(runs[index][1], []).append(index)  # reversed: pop() gives the next
    spans: list[tuple[int, int, str]] = []
    index = 0
    while index < len(runs):
        start, length = runs[index]
        later = next_of_length[length]
        while later and later[-1] <= index:
            later.pop()
        if not later:
            index += 1
            continue
        closing = later.pop()
        close_start = runs[closing][0]
        content = text[start + length : close_start]
        if content.strip():
            spans.append((start, close_start + length, content.strip()))
            index = closing + 1
        else:
            index += 1
    return spans


def without_code(text: str) -> str:
    parts, last = [], 0
    for start, end, _ in code_spans(text):
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _links(text: str) -> Counter[str]:
    return Counter(LINK_TARGET.findall(text) + AUTOLINK.findall(text))


def _code(text: str) -> Counter[str]:
    return Counter(content for _, _, content in code_spans(text))


def _raw_html(text: str) -> Counter[str]:
    """Tags of raw HTML (`<b>`, `<!-- -->`), not autolinks: each `<` up to the next `>`."""
    tags: Counter[str] = Counter()
    position = text.find("<")
    while position != -1:
        end = text.find(">", position)
        if end == -1:
            break  # no `>` after this one, so none after any later `<` either
        if RAW_HTML_START.match(text, position):
            tags[text[position : end + 1]] += 1
            position = text.find("<", end)
        else:
            position = text.find("<", position + 1)
    return tags


def visible_text(text: str) -> str:
    """The text as a learner reads it: without link targets (`](…)`), which `_links` compares."""
    parts, last = [], 0
    position = text.find("](")
    while position != -1:
        end = text.find(")", position)
        if end == -1:
            break
        parts.append(text[last : position + 1])
        last = end + 1
        position = text.find("](", last)
    parts.append(text[last:])
    return "".join(parts)


def _domain(host: str) -> str | None:
    host = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
    labels = host.split(".")
    if len(labels) < 2 or not TOP_LEVEL.fullmatch(labels[-1]):
        return None
    return host if all(LABEL.fullmatch(label) for label in labels) else None


def _words(text: str) -> Iterator[str]:
    for word in text.replace("<", " ").replace(">", " ").split():
        word = word.strip(TRIM)
        if word:
            yield word


def facts(text: str) -> dict[str, Counter[str]]:
    """What a learner may act on: digit runs (separators dropped, so `0912 345 678` and
    `0912.345.678` are one number), web addresses and domains, e-mail addresses."""
    found: dict[str, Counter[str]] = {"number": Counter(), "address": Counter(), "email": Counter()}
    shown = visible_text(text)
    for match in DIGITS.finditer(shown):
        number = re.sub(r"[^0-9]", "", match[0])
        if len(number) > 1:  # "2 lớp" may well be "two-step": a lone digit is often a word
            found["number"][number] += 1
    for word in _words(shown):
        if word.lower().startswith("mailto:"):
            word = word[7:]
        user, at, host = word.rpartition("@")
        if at and user and _domain(host):
            found["email"][word.lower()] += 1
        elif "://" in word or _domain(word.split("/", 1)[0]):
            found["address"][word.lower()] += 1
    return found


FACT_MESSAGES = {
    "number": (N_("number %(value)s is missing or changed"), N_("number %(value)s is not in the source")),
    "address": (
        N_("web address %(value)s is missing or changed"),
        N_("web address %(value)s is not in the source"),
    ),
    "email": (
        N_("e-mail address %(value)s is missing or changed"),
        N_("e-mail address %(value)s is not in the source"),
    ),
}


def fact_problems(source: str, translation: str) -> list[Problem]:
    """What the translation says differently from the source: a phone number, an amount, a web
    address or an e-mail address that is missing, changed or added."""
    problems: list[Problem] = []
    source_facts, translated_facts = facts(source), facts(translation)
    for kind, (missing, added) in FACT_MESSAGES.items():
        for value in sorted((source_facts[kind] - translated_facts[kind]).keys()):
            problems.append(Problem(missing, "facts", value=repr(value)))
        for value in sorted((translated_facts[kind] - source_facts[kind]).keys()):
            problems.append(Problem(added, "facts", value=repr(value)))
    return problems


def markup_problems(source: str, translation: str) -> list[Problem]:
    """What the translation changed in the source's markup and facts; empty when it is safe to
    show. A translation over budget gets only its budget problems (nothing else is scanned)."""
    problems = budget_problems(source, translation)
    if problems:
        return problems
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
    source_html = _raw_html(without_code(source))
    for tag in sorted((_raw_html(without_code(translation)) - source_html).keys()):
        problems.append(Problem(N_("raw HTML %(tag)s is not allowed"), tag=repr(tag)))
    return problems + fact_problems(source, translation)


def refused(problems: list[Problem]) -> list[Problem]:
    """The problems that keep a translation from being saved at all (markup and budget); the
    others (facts) let it be saved as a draft that learners do not see."""
    return [problem for problem in problems if problem.kind != "facts"]
