"""Translations keep the source's markup and facts; every check is bounded."""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.core.markup import (
    budget_problems,
    code_spans,
    fact_problems,
    markup_problems,
    refused,
    visible_text,
)

SOURCE = (
    "Gọi tổng đài ngân hàng 1900 545 413 hoặc xem [hướng dẫn](https://vneid.gov.vn/huong-dan) "
    "trên dichvucong.gov.vn, hỏi hotro@evn.com.vn; mã `*123#`, phí 15.000 đồng."
)
FAITHFUL = (
    "Call the bank hotline 1900.545.413 or read [the guide](https://vneid.gov.vn/huong-dan) "
    "on dichvucong.gov.vn, ask hotro@evn.com.vn; code `*123#`, fee 15,000 dong."
)

# (what the attacker did, translation, the words the findings must hold)
HOSTILE = [
    ("another hotline", FAITHFUL.replace("1900.545.413", "0987 654 321"), ["'1900545413'", "'0987654321'"]),
    ("hotline groups swapped", FAITHFUL.replace("1900.545.413", "1900 413 545"), ["'1900545413'"]),
    ("one digit changed", FAITHFUL.replace("15,000", "15,900"), ["'15000'", "'15900'"]),
    ("an amount added", FAITHFUL + " Send 500,000 first.", ["'500000'"]),
    ("a download address added", FAITHFUL + " Get it at vneid-app.top/vneid.apk", ["'vneid-app.top/vneid.apk'"]),
    ("a full URL added", FAITHFUL + " https://evil.example/x", ["'https://evil.example/x'"]),
    ("a domain swapped", FAITHFUL.replace("on dichvucong.gov.vn", "on dichvucong-gov.vn"), ["'dichvucong.gov.vn'"]),
    (
        "link text shows another domain",
        FAITHFUL.replace("[the guide]", "[vneid.gov.vn]").replace("on dichvucong.gov.vn", "on the portal"),
        ["'dichvucong.gov.vn'", "'vneid.gov.vn'"],
    ),
    (
        "link target changed",
        FAITHFUL.replace("https://vneid.gov.vn/huong-dan", "https://vneid.gov.vn.evil/x"),
        ["link target"],
    ),
    (
        "e-mail changed",
        FAITHFUL.replace("hotro@evn.com.vn", "hotro@evn-vn.com"),
        ["'hotro@evn.com.vn'", "'hotro@evn-vn.com'"],
    ),
    ("code span changed", FAITHFUL.replace("`*123#`", "`*999#`"), ["`*123#`", "`*999#`"]),
    ("code span dropped", FAITHFUL.replace("`*123#`", "*123#"), ["`*123#`"]),
    ("raw HTML added", FAITHFUL + ' <a href="https://evil.example">here</a>', ["raw HTML"]),
]


def test_a_faithful_translation_has_no_problem():
    assert markup_problems(SOURCE, FAITHFUL) == []


@pytest.mark.parametrize(("attack", "translation", "words"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_every_hostile_variant_is_found(attack, translation, words):
    problems = markup_problems(SOURCE, translation)
    assert problems, attack
    text = " | ".join(problems)
    for word in words:
        assert word in text, (attack, text)


def test_changed_facts_are_drafts_and_broken_markup_is_refused():
    facts = markup_problems(SOURCE, FAITHFUL.replace("1900.545.413", "0987 654 321"))
    assert facts and all(p.kind == "facts" for p in facts) and refused(facts) == []
    markup = markup_problems(SOURCE, FAITHFUL.replace("`*123#`", "*123#"))
    assert refused(markup)


def test_a_lone_digit_may_become_a_word():
    # "bảo mật 2 lớp" is "two-step verification": a single digit is often written out
    assert fact_problems("Bật bảo mật 2 lớp.", "Turn on two-step verification.") == []
    assert fact_problems("Gọi 113.", "Call one-one-three.")  # but a number is not


def test_the_same_number_written_with_other_separators_is_the_same():
    assert fact_problems("Số 0912 345 678", "Number 0912.345.678") == []
    assert fact_problems("1.000.000 đồng", "1,000,000 dong") == []


def test_link_targets_are_not_visible_text():
    assert visible_text("xem [trang](https://a.vn/x) nhé") == "xem [trang] nhé"
    assert visible_text("](" * 3) == "](" * 3


def test_code_spans_follow_commonmark_runs():
    assert [c for _, _, c in code_spans("a `b` and ``c ` d`` e")] == ["b", "c ` d"]
    assert code_spans("`" * 1000) == []
    assert [c for _, _, c in code_spans("`a`` `b`")] == ["a``"]


def test_a_translation_far_longer_than_its_source_is_refused():
    problems = budget_problems("Bước 1", "x" * 5000)
    assert problems and problems[0].kind == "budget"
    assert refused(markup_problems("Bước 1", "x" * 5000))


@pytest.mark.parametrize("char", ["[", "<", "`"])
def test_a_translation_with_many_more_openers_is_refused_before_any_other_check(char):
    problems = markup_problems("Các bước", "Steps " + char * 100)
    assert [p.kind for p in problems] == ["budget"]
    assert repr(char) in problems[0]


def test_hostile_texts_are_checked_in_bounded_work():
    # a source a trainer wrote may be long; these would take minutes with backtracking patterns
    source = "Đọc kỹ. " * 6000
    for hostile in ("`" * 40000, "<a" * 20000, "](" * 20000, "[x" * 20000, "a." * 20000, "1 " * 20000):
        problems = markup_problems(source, hostile)
        assert isinstance(problems, list)
