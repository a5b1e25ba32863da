"""The static pack opened straight from a folder (file://): lessons read, and search works."""

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def pack(runner, tmp_path):
    out = tmp_path / "pack"
    result = runner.invoke(args=["export", "site", str(out), "--lang", "vi", "--lang", "tyz"])
    assert result.exit_code == 0, result.output
    return out


def test_a_lesson_opens_from_file_with_its_pictures(phone, pack):
    phone.goto((pack / "index.html").as_uri())
    phone.wait_for_url("**/vi/index.html")
    phone.locator("ul.cards a, .cards a").first.click()
    phone.wait_for_load_state("load")
    assert phone.url.startswith("file://") and phone.url.endswith(".html")
    steps = phone.locator("ol.steps > li")
    assert steps.count() >= 5
    images = phone.locator("ol.steps img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    phone.wait_for_function(
        "[...document.querySelectorAll('ol.steps img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    # the language switcher leads to the same lesson in Tày, inside the pack
    phone.locator("nav.langs a[hreflang=tyz]").click()
    phone.wait_for_load_state("load")
    assert phone.url.startswith("file://") and "/tyz/lessons/" in phone.url
    assert phone.locator("html").get_attribute("lang") == "vi"  # no Tày interface text yet


def test_search_works_offline_without_diacritics(phone, pack):
    phone.goto((pack / "vi" / "search.html").as_uri())
    phone.fill("#q", "hoa don tien dien")
    phone.locator("form.search button").click()
    phone.wait_for_selector("[data-static-search] ul.results a")
    first = phone.locator("[data-static-search] ul.results a").first
    assert "điện" in first.inner_text()
    assert re.search(r"\d", phone.locator("[data-static-search] [role=status]").inner_text())
    first.click()
    phone.wait_for_load_state("load")
    assert phone.url.endswith("/vi/lessons/pay-electricity-qr.html")


def test_search_with_no_match_says_so(phone, pack):
    phone.goto((pack / "vi" / "search.html").as_uri() + "?q=zzzqqq")
    status = phone.locator("[data-static-search] [role=status]")
    status.wait_for()
    assert "zzzqqq" in status.inner_text()
    assert phone.locator("ul.topics a").count() >= 3


@pytest.mark.parametrize("query", ["thanh toan", "zalo", "vneid", "lua dao", "ma qr", "so suc khoe"])
def test_offline_search_ranks_like_the_server(phone, pack, client, query):
    html = client.get(f"/vi/search?q={query}").get_data(as_text=True)
    server = re.findall(r'<li><div>\s*<a href="/vi/lessons/([a-z0-9-]+)"', html)
    phone.goto((pack / "vi" / "search.html").as_uri() + f"?q={query}")
    phone.locator("[data-static-search] [role=status]").wait_for()
    links = phone.locator("[data-static-search] ul.results a")
    offline = [
        links.nth(i).get_attribute("href").removeprefix("lessons/").removesuffix(".html") for i in range(links.count())
    ]
    assert offline == server and server
