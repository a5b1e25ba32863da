"""Link previews and page addresses: what Zalo or Facebook shows for a shared lesson, the
canonical address and the other languages of every page, the Share box, the page budget."""

from __future__ import annotations

import gzip
import io
import re
import shutil
from urllib.parse import urlsplit

import brotli
import pytest
from PIL import Image

from lesson_toolkit.authoring.core.addresses import is_loopback
from lesson_toolkit.authoring.i18n.languages import load_registry
from tests.conftest import make_app
from tests.viewer.support import Head

BASE = "https://lessons.example.org"  # the tests' PUBLIC_BASE_URL
LESSON = "pay-electricity-qr"
BUDGET = 14 * 1024


def head_of(client, url: str, **kwargs) -> Head:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return Head(response.get_data(as_text=True))


def text_of(html: str, pattern: str) -> str:
    return re.search(pattern, html, re.S)[1].strip()


@pytest.mark.parametrize("lang", ["vi", "en", "tyz"])
def test_a_lesson_carries_its_link_preview_in_the_page_language(client, lang):
    html = client.get(f"/{lang}/lessons/{LESSON}").get_data(as_text=True)
    head = Head(html)
    title = text_of(html, r"<h1[^>]*>(.*?)</h1>")
    summary = text_of(html, r'<p class="summary"[^>]*>(.*?)</p>')
    assert head.meta["og:title"] == title and head.meta["og:description"] == summary
    assert head.meta["description"] == summary
    assert head.meta["og:type"] == "article" and head.meta["og:locale"] == f"{lang}_VN"
    assert head.meta["og:url"] == head.canonical == f"{BASE}/{lang}/lessons/{LESSON}"
    assert head.meta["og:image"].startswith(f"{BASE}/previews/{LESSON}/cover.png/")
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["twitter:card"] == "summary_large_image"


def test_the_english_preview_is_in_english(client):
    english = head_of(client, f"/en/lessons/{LESSON}").meta
    vietnamese = head_of(client, f"/vi/lessons/{LESSON}").meta
    assert english["og:title"] == "Pay your electricity bill by scanning a QR code"
    assert vietnamese["og:title"] == "Trả tiền điện bằng cách quét mã QR"
    assert english["og:site_name"] == "Digital skills lessons" != vietnamese["og:site_name"]


def test_the_index_carries_a_preview_of_the_first_lessons(client):
    head = head_of(client, "/en/")
    assert head.meta["og:title"] == "Digital skills lessons" and head.meta["og:type"] == "website"
    assert head.meta["description"].startswith("Short lessons with pictures for your phone")
    assert head.meta["og:url"] == head.canonical == f"{BASE}/en/"
    assert re.fullmatch(rf"{BASE}/previews/en/[0-9a-f]{{20}}\.jpg", head.meta["og:image"])


@pytest.mark.parametrize("url", ["/vi/", f"/vi/lessons/{LESSON}", f"/tyz/lessons/{LESSON}"])
def test_the_preview_picture_is_served_as_a_wide_jpeg(client, url):
    image_url = head_of(client, url).meta["og:image"]
    with client.get(urlsplit(image_url).path) as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert "immutable" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers  # a picture chooses no language: caches may keep it
        picture = Image.open(io.BytesIO(response.data))
    assert picture.format == "JPEG" and picture.size == (1200, 630)


def test_an_edited_cover_gets_a_new_preview_and_the_old_address_follows(client, content):
    old = urlsplit(head_of(client, f"/vi/lessons/{LESSON}").meta["og:image"]).path
    images = content / "lessons" / LESSON / "images"
    shutil.copy(images / "step-1.png", images / "cover.png")
    # a link shared before the edit leads to the new picture
    moved = client.get(old)
    new = moved.headers["Location"]
    assert moved.status_code == 302 and new != old
    with client.get(new) as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
    # and the page names it once the lesson is saved again
    path = content / "lessons" / LESSON / "lesson.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert urlsplit(head_of(client, f"/vi/lessons/{LESSON}").meta["og:image"]).path == new


def test_a_lesson_without_pictures_shows_the_index_preview(client, write_lesson):
    write_lesson("plain", body="## Các bước\n\n1. Làm.\n")
    lesson = head_of(client, "/vi/lessons/plain").meta
    assert lesson["og:image"] == head_of(client, "/vi/").meta["og:image"]


def test_a_preview_of_something_else_is_not_found(client):
    assert client.get(f"/previews/{LESSON}/nothing.png/{'0' * 20}.jpg").status_code == 404
    assert client.get(f"/previews/no-such-lesson/cover.png/{'0' * 20}.jpg").status_code == 404
    assert client.get(f"/previews/xx/{'0' * 20}.jpg").status_code == 404


@pytest.mark.parametrize("configured", ["http://127.0.0.1:5000", "", "http://localhost:5000/"])
def test_without_a_public_address_the_page_names_the_address_it_was_asked_at(content, tmp_path, configured):
    """A cultural house's laptop on the village Wi-Fi: a phone asks for 192.168.1.10, and the
    preview must lead there, not to the laptop's own loopback address."""
    client = make_app(content, tmp_path, PUBLIC_BASE_URL=configured).test_client()
    lan = head_of(client, f"/vi/lessons/{LESSON}", base_url="http://192.168.1.10:5000")
    assert lan.canonical == f"http://192.168.1.10:5000/vi/lessons/{LESSON}"
    assert lan.meta["og:image"].startswith("http://192.168.1.10:5000/previews/")
    # the same page asked at another address is not the cached copy of the first
    other = head_of(client, f"/vi/lessons/{LESSON}", base_url="http://nvh-na-lang.local")
    assert other.meta["og:url"] == f"http://nvh-na-lang.local/vi/lessons/{LESSON}"


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://127.8.0.1", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:5000", True),
        ("https://lessons.example.org", False),
        ("http://192.168.1.10:5000", False),
        ("", False),
    ],
)
def test_loopback_addresses(url, loopback):
    assert is_loopback(url) is loopback


@pytest.mark.parametrize("url", ["/vi/", f"/vi/lessons/{LESSON}", "/vi/search?q=zalo", "/tyz/offline"])
def test_every_page_names_its_canonical_address_and_its_other_languages(client, content, url):
    head = head_of(client, url)
    codes = {language.code for language in load_registry(content / "locales" / "languages.toml").public}
    assert head.canonical == BASE + url
    assert set(head.alternates) == codes | {"x-default"}
    assert all(href.startswith(BASE + "/") for href in head.alternates.values())
    lang = url.split("/")[1]
    for code in codes:
        assert head.alternates[code] == BASE + url.replace(f"/{lang}/", f"/{code}/", 1)
    expected_default = f"{BASE}/" if url == "/vi/" else BASE + url.replace(f"/{lang}/", "/vi/", 1)
    assert head.alternates["x-default"] == expected_default
    assert head.link("manifest")[0]["href"] == f"/{lang}/manifest.webmanifest"


def test_a_not_found_page_names_no_canonical_address(client):
    response = client.get("/vi/lessons/no-such-lesson")
    head = Head(response.get_data(as_text=True))
    assert response.status_code == 404 and head.canonical is None and head.alternates == {}
    assert head.link("manifest")  # still installable from there


def test_the_share_box_shows_the_address_without_javascript(client):
    html = client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    box = text_of(html, r'(<details class="share".*?</details>)')
    assert "<summary>Share with others</summary>" in box and " hidden" not in box.split(">")[0]
    assert f'readonly value="{BASE}/en/lessons/{LESSON}"' in box
    assert 'role="status"' in box
    assert re.search(r'<script src="/assets/[0-9a-f]+/share\.js" defer></script>', html)
    # nothing inline, for a Content-Security-Policy without 'unsafe-inline'
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and not re.search(r"\son[a-z]+=", html)


def test_the_share_script_is_served(client):
    html = client.get("/vi/").get_data(as_text=True)
    script = client.get(re.search(r'src="(/assets/[0-9a-f]+/share\.js)"', html)[1])
    assert script.status_code == 200 and "navigator.share" in script.get_data(as_text=True)


def test_lesson_pages_and_the_index_stay_within_the_budget(client, content):
    """HTML with its critical CSS at most 14 KB compressed, as the server sends it."""
    codes = [language.code for language in load_registry(content / "locales" / "languages.toml").public]
    slugs = sorted(path.name for path in (content / "lessons").iterdir() if (path / "lesson.md").is_file())
    for code in codes:
        for url in [f"/{code}/", *(f"/{code}/lessons/{slug}" for slug in slugs)]:
            for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
                response = client.get(url, headers={"Accept-Encoding": encoding})
                assert response.headers["Content-Encoding"] == encoding
                assert len(response.data) <= BUDGET, (url, encoding, len(response.data))
                assert b"og:image" in decode(response.data)
