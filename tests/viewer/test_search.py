"""Search: diacritic-insensitive, over title, summary and body in the page language, ranked."""

from __future__ import annotations

import unicodedata

import pytest

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.render import RenderedLesson, Text
from lesson_toolkit.viewer import SEARCH_PAGES
from lesson_toolkit.viewer.search import Document, fold, search


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thanh toán tiền điện", "thanh toan tien dien"),
        ("ĐIỆN", "dien"),
        ("đ", "d"),
        (unicodedata.normalize("NFD", "Thanh toán tiền điện"), "thanh toan tien dien"),
        ("Ba\u0331n pa\u030fc", "ban pac"),  # Tày: macron below, double grave
        ("Iu Mienh", "iu mienh"),
    ],
)
def test_fold_strips_every_mark(text, folded):
    assert fold(text) == folded


def page(slug: str, title: str, summary: str = "", body: str = "") -> RenderedLesson:
    lesson = Lesson(slug=slug, path=None, title=title, summary=summary, topic="payments", level=1, minutes=5,
                    body="", body_line=1)  # fmt: skip
    return RenderedLesson(lesson, "vi", Text(title), Text(summary), body, frozenset())


def slugs(query: str, pages: list[RenderedLesson]) -> list[str]:
    return [hit.page.lesson.slug for hit in search(query, [Document.of(p) for p in pages])]


def test_typing_without_diacritics_finds_the_lesson():
    pages = [page("bill", "Thanh toán tiền điện"), page("zalo", "Dùng Zalo")]
    assert slugs("thanh toan dien", pages) == ["bill"]
    assert slugs("đien", pages) == ["bill"]
    assert slugs("DIEN", pages) == ["bill"]


def test_tay_combining_marks_are_ignored_on_both_sides():
    tay = page("tay", "Ba\u0331n pa\u030fc")
    assert slugs("ban pac", [tay]) == ["tay"]
    assert slugs("ba\u0331n", [tay]) == ["tay"]


def test_title_matches_rank_first_then_summary_then_body():
    pages = [
        page("body", "Một bài", body="<p>Quét mã QR trên hoá đơn</p>"),
        page("summary", "Bài khác", summary="Cách quét mã QR"),
        page("title", "Quét mã QR"),
    ]
    assert slugs("quet ma qr", pages) == ["title", "summary", "body"]


def test_every_word_must_match_somewhere():
    pages = [page("a", "Thanh toán tiền điện", body="<p>Ngân hàng</p>"), page("b", "Thanh toán tiền nước")]
    assert slugs("thanh toan ngan hang", pages) == ["a"]
    assert slugs("thanh toan xe", pages) == []
    assert slugs("   ", pages) == []


def test_picture_descriptions_and_markup_are_text_not_tags():
    pages = [page("pic", "Bài", body='<p><img alt="Hoá đơn điện có mã QR" src="/x.png"> <strong>Xác nhận</strong></p>')]
    assert slugs("hoa don", pages) == ["pic"]
    assert slugs("xac nhan", pages) == ["pic"]
    assert slugs("img src", pages) == []


def test_the_search_page_finds_a_lesson_typed_without_diacritics(client, write_lesson):
    write_lesson("pay-bill", title="Thanh toán tiền điện", summary="Trả tiền điện bằng điện thoại.")
    write_lesson("other-one", title="Gọi điện bằng Zalo", summary="Gọi video.")
    response = client.get("/vi/search", query_string={"q": "thanh toan dien"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="vi"' in html
    assert 'href="/vi/lessons/pay-bill"' in html and 'href="/vi/lessons/other-one"' not in html
    assert 'value="thanh toan dien"' in html


def test_search_covers_the_fallback_text_of_the_page_language(client, write_lesson):
    # an untranslated lesson shows its Vietnamese source on a Tày or English page: searching that
    # page finds its Vietnamese words, without diacritics too
    write_lesson("untranslated", title="Kiểm tra mã khách hàng", body="## Các bước\n\n1. So sánh số tiền.\n")
    for lang in ("tyz", "en"):
        html = client.get(f"/{lang}/search?q=so+sanh+so+tien").get_data(as_text=True)
        assert f'<a href="/{lang}/lessons/untranslated" lang="vi">Kiểm tra mã khách hàng</a>' in html, lang


def test_no_results_suggests_topics(client, write_lesson):
    write_lesson("something", topic="payments")
    html = client.get("/en/search?q=xylophone").get_data(as_text=True)
    assert "xylophone" in html and 'href="/en/topics/payments"' in html


def test_an_empty_search_shows_the_form_and_topics(client, write_lesson):
    write_lesson("something", topic="safety")
    html = client.get("/en/search").get_data(as_text=True)
    assert 'role="search"' in html and 'href="/en/topics/safety"' in html


def test_a_cached_result_page_follows_an_edited_lesson(client, write_lesson):
    """Result pages are kept (a query asked again is not searched again) until the content
    changes: a lesson edited to match appears on the next request."""
    write_lesson("pay-bill", title="Thanh toán tiền điện")
    write_lesson("other-one", title="Gọi điện bằng Zalo")
    first = client.get("/vi/search?q=zalo")
    assert first.status_code == 200 and first.get_data(as_text=True) == client.get("/vi/search?q=zalo").get_data(
        as_text=True
    )
    assert 'href="/vi/lessons/pay-bill"' not in first.get_data(as_text=True)
    write_lesson("pay-bill", title="Thanh toán tiền điện qua Zalo")
    again = client.get("/vi/search?q=zalo").get_data(as_text=True)
    assert 'href="/vi/lessons/pay-bill"' in again and 'href="/vi/lessons/other-one"' in again


def test_result_pages_are_kept_apart_from_the_lesson_pages_and_bounded(app, client, write_lesson):
    write_lesson("pay-bill", title="Thanh toán tiền điện")
    client.get("/vi/lessons/pay-bill")
    state = app.extensions["viewer"]
    lessons_before = len(state.pages)
    for n in range(20):
        assert client.get(f"/vi/search?q=word{n}").status_code == 200
    assert len(state.pages) == lessons_before  # many queries never push a lesson page out
    assert 0 < len(state.results) <= 20 and state.results.max_pages == SEARCH_PAGES < state.pages.max_pages
    assert client.get("/vi/search?q=tien&page=9").status_code == 404  # past the last page
