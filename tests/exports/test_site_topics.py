"""Topic pages in the static pack: each topic's pages as files, linked relatively."""

from __future__ import annotations

from lesson_toolkit.exports.site import file_for
from lesson_toolkit.viewer.paging import PAGE_SIZE
from tests.exports.test_site import crawl, export, static_server  # noqa: F401, F811 (a fixture)


def test_a_topics_further_pages_are_files_beside_it():
    assert file_for("/vi/topics/safety") == "vi/topics/safety.html"
    assert file_for("/vi/topics/safety?page=2") == "vi/topics/safety/page-2.html"


def test_the_pack_has_every_topic_page_and_their_links_resolve(runner, write_lesson, tmp_path, static_server):  # noqa: F811
    slugs = [f"many-{n:02d}" for n in range(PAGE_SIZE + 2)]
    for slug in slugs:
        write_lesson(slug, topic="safety", body="## Các bước\n\n1. Mở ứng dụng.\n")
    out = tmp_path / "pack"
    export(runner, out, "--lang", "vi", "--lang", "en")
    topics = out / "vi" / "topics"
    assert (topics / "payments.html").is_file() and (topics / "safety.html").is_file()
    second = (topics / "safety" / "page-2.html").read_text(encoding="utf-8")
    assert not (topics / "safety" / "page-3.html").exists()
    assert 'href="../safety.html" rel="prev"' in second
    assert 'href="../../lessons/' in second and 'href="/' not in second.replace('href="//', "")
    first = (topics / "safety.html").read_text(encoding="utf-8")
    assert 'href="safety/page-2.html" rel="next"' in first
    index = (out / "vi" / "index.html").read_text(encoding="utf-8")
    assert 'href="topics/safety.html"' in index
    # the English page 2 is there too, and its language link leads to the Vietnamese page 2
    assert 'href="../../../vi/topics/safety/page-2.html"' in (out / "en/topics/safety/page-2.html").read_text()

    base = static_server(out)
    seen, broken = crawl(f"{base}vi/index.html")
    assert broken == []
    assert f"{base}vi/topics/safety/page-2.html" in seen
    for slug in slugs:
        assert f"{base}vi/lessons/{slug}.html" in seen  # every lesson reachable from the index
