"""Topic pages and pagination: a library of hundreds of lessons read topic by topic, each page
within the 14 KB budget."""

from __future__ import annotations

import random
import re
import shutil

import brotli
import pytest

from lesson_toolkit.authoring.core.topics import TOPICS
from lesson_toolkit.viewer.paging import PAGE_SIZE, pager_for
from lesson_toolkit.viewer.views import ON_INDEX
from tests.viewer.support import Head

BUDGET = 14 * 1024
VOCABULARY = (
    "điện thoại ứng dụng ngân hàng tiền điện nước học phí mã QR căn cước định danh Zalo nhắn tin "
    "gọi video lừa đảo bảo hiểm y tế sổ sức khỏe bán hàng trực tuyến dịch vụ công thanh toán "
    "mật khẩu tài khoản chuyển khoản hóa đơn xã thôn bản người cao tuổi con cháu"
)
WORDS = VOCABULARY.split()


def slugs_on(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-slug="([^"]+)"', html)


def many(write_lesson, count: int, topic: str, prefix: str = "gen") -> list[str]:
    slugs = [f"{prefix}-{n:03d}" for n in range(count)]
    for n, slug in enumerate(slugs):
        write_lesson(slug, topic=topic, title=f"Bài {prefix} {n:03d}", body="## Các bước\n\n1. Mở ứng dụng.\n")
    return slugs


def test_pages_of_a_list():
    assert pager_for(0, 1).pages == 1 and pager_for(0, 2) is None
    last = pager_for(49, 3, size=24)
    assert (last.previous, last.next, list(last.items(range(49)))) == (2, None, [48])
    assert pager_for(48, 2, size=24).next is None and pager_for(48, 3, size=24) is None
    assert pager_for(49, 0) is None


def test_a_topic_page_lists_exactly_its_lessons(client, content):
    html = client.get("/en/topics/health").get_data(as_text=True)
    expected = sorted(
        path.parent.name for path in (content / "lessons").glob("*/lesson.md") if "topic: health" in path.read_text()
    )
    assert sorted(slugs_on(html)) == expected and expected
    assert "<h1>Health</h1>" in html
    assert Head(html).canonical == "https://lessons.example.org/en/topics/health"
    assert 'rel="next"' not in html and 'class="pager"' not in html  # one page: no page links


def test_a_topic_page_says_honestly_which_lessons_are_not_in_the_language(client, write_lesson):
    write_lesson("only-vietnamese", topic="selling", title="Chỉ có tiếng Việt")
    html = client.get("/tyz/topics/selling").get_data(as_text=True)
    card = html[html.index('data-slug="only-vietnamese"') :]
    assert 'class="has has-none"' in card[: card.index("</li>")]


@pytest.mark.parametrize(
    "url",
    [
        "/vi/topics/nothing-here",
        "/vi/topics/Payments",
        "/vi/topics/other",  # no lesson outside the topics
        "/vi/topics/payments?page=2",
        "/vi/topics/payments?page=0",
        "/vi/topics/payments?page=-1",
        "/vi/topics/payments?page=x",
        "/xx/topics/payments",
    ],
)
def test_unknown_topics_and_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_long_topic_is_paginated(client, write_lesson):
    slugs = many(write_lesson, PAGE_SIZE + 5, "safety")
    first = client.get("/vi/topics/safety").get_data(as_text=True)
    second_response = client.get("/vi/topics/safety?page=2")
    assert second_response.status_code == 200
    second = second_response.get_data(as_text=True)
    assert client.get("/vi/topics/safety?page=3").status_code == 404
    assert client.get("/vi/topics/safety?page=1").get_data(as_text=True) == first
    on_first, on_second = slugs_on(first), slugs_on(second)
    assert len(on_first) == PAGE_SIZE and not set(on_first) & set(on_second)
    assert set(slugs) <= set(on_first + on_second)  # with the two bundled safety lessons
    assert len(on_first + on_second) == len(slugs) + 2

    head, head2 = Head(first), Head(second)
    assert [link["href"] for link in head.link("next")] == ["/vi/topics/safety?page=2"] and not head.link("prev")
    assert [link["href"] for link in head2.link("prev")] == ["/vi/topics/safety"] and not head2.link("next")
    assert head.canonical.endswith("/vi/topics/safety")
    assert head2.canonical == "https://lessons.example.org/vi/topics/safety?page=2"
    assert head2.alternates["en"] == "https://lessons.example.org/en/topics/safety?page=2"
    assert 'href="/vi/topics/safety?page=2" rel="next"' in first
    assert 'href="/vi/topics/safety" rel="prev"' in second


def test_the_index_shows_each_topic_with_its_count_and_first_lessons(client, write_lesson):
    many(write_lesson, 7, "health")
    html = client.get("/en/").get_data(as_text=True)
    for code in TOPICS:
        assert f'<a href="/en/topics/{code}">' in html
    health = html[html.index('id="topic-health"') :]
    health = health[: health.index("</section>")]
    assert "9 lessons" in health  # the two bundled ones
    assert len(slugs_on(health)) == ON_INDEX
    assert '<a href="/en/topics/health">See all 9 lessons</a>' in health
    money = html[html.index('id="topic-money"') :]
    money = money[: money.index("</section>")]
    assert "2 lessons" in money and "See all" not in money  # all shown already


def test_lessons_outside_the_topics_have_their_own_page(client, write_lesson):
    write_lesson("odd-one", topic="farming")
    assert 'href="/vi/topics/other"' in client.get("/vi/").get_data(as_text=True)
    assert slugs_on(client.get("/vi/topics/other").get_data(as_text=True)) == ["odd-one"]


def test_the_sitemap_lists_topic_pages(client):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>https://lessons.example.org/tyz/topics/payments</loc>" in xml
    assert "/topics/other" not in xml


def test_search_results_are_paginated(client, write_lesson):
    many(write_lesson, PAGE_SIZE + 3, "money", prefix="zqx")
    first = client.get("/vi/search?q=zqx").get_data(as_text=True)
    assert f"{PAGE_SIZE + 3} " in first  # the count is of all results
    assert len(re.findall(r'href="/vi/lessons/zqx-', first)) == PAGE_SIZE
    assert 'href="/vi/search?q=zqx&amp;page=2" rel="next"' in first
    second = client.get("/vi/search?q=zqx&page=2")
    assert second.status_code == 200
    assert len(re.findall(r'href="/vi/lessons/zqx-', second.get_data(as_text=True))) == 3
    assert client.get("/vi/search?q=zqx&page=3").status_code == 404
    assert 'rel="next"' not in client.get("/vi/search?q=nothing-matches-this").get_data(as_text=True)


def library_of(content, count: int) -> None:
    """`count` minimal lessons with varied titles, spread over the topics (the bundled ones kept)."""
    rng = random.Random(18)
    topics = list(TOPICS)
    for n in range(count):
        folder = content / "lessons" / f"lesson-{n:04d}"
        folder.mkdir()
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        summary = " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + "."
        meta = f"title: {title} {n}\nsummary: {summary}\ntopic: {topics[n % len(topics)]}\nlevel: {1 + n % 3}\n"
        (folder / "lesson.md").write_text(
            f"---\n{meta}minutes: {5 + n % 20}\nstatus: published\n---\n\n## Các bước\n\n1. Mở ứng dụng.\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("lang", ["vi", "tyz"])
def test_every_page_keeps_the_budget_with_600_lessons(client, content, lang):
    library_of(content, 600)
    shutil.rmtree(content / "lessons" / "use-zalo")  # messaging: 600 / 7 generated, none bundled
    sizes = {f"/{lang}/": len(brotli.compress(client.get(f"/{lang}/").data, quality=11))}
    listed = set()
    for code in TOPICS:
        url = f"/{lang}/topics/{code}"
        while url:  # every page of the topic, through its "next" links
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            sizes[url] = len(brotli.compress(response.data, quality=11))
            listed |= set(slugs_on(html))
            following = Head(html).link("next")
            url = following[0]["href"] if following else None
    assert len(listed) == 600 + 11 and len(sizes) >= 1 + 4 * len(TOPICS)  # each topic 4 pages or more
    assert max(sizes.values()) <= BUDGET, sorted(sizes.items(), key=lambda item: -item[1])[:3]
