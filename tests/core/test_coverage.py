"""The honest note every face prints on a lesson not (all) in the reader's language."""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.core.coverage import NOTHING_NOTE, PART_NOTE, coverage_note
from lesson_toolkit.authoring.core.render import ALL, NONE, PART
from lesson_toolkit.authoring.i18n.languages import load_registry
from tests.conftest import ROOT

REGISTRY = load_registry(ROOT / "locales" / "languages.toml")
VI = {
    NOTHING_NOTE: "Chưa có bài bằng %(language)s. Bài dưới đây bằng %(source)s.",
    PART_NOTE: "Một phần bài này chưa dịch sang %(language)s.",
}


@pytest.mark.parametrize(
    ("lang", "coverage", "note"),
    [
        ("tyz", NONE, "Chưa có bài bằng tiếng Tày. Bài dưới đây bằng tiếng Việt."),
        ("tyz", PART, "Một phần bài này chưa dịch sang tiếng Tày."),
        ("mji", NONE, "Chưa có bài bằng tiếng Dao Kìm Mùn. Bài dưới đây bằng tiếng Việt."),
        ("tyz", ALL, None),
        ("vi", NONE, None),  # the lessons' own language: nothing to say
    ],
)
def test_a_vietnamese_sentence_names_the_languages_in_vietnamese(lang, coverage, note):
    assert coverage_note(coverage, REGISTRY, lang, "vi", VI.__getitem__) == note


def test_an_english_sentence_names_them_in_english():
    note = coverage_note(NONE, REGISTRY, "mji", "en", str)
    assert note == "There is no lesson in Dao (Kim Mun) yet. The lesson below is in Vietnamese."
