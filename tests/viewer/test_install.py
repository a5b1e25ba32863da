"""Installing and finding the site: manifest, icons, favicon, robots.txt, sitemap."""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

import pytest
from PIL import Image

from lesson_toolkit.authoring.i18n.languages import load_registry
from tests.viewer.support import Head

BASE = "https://lessons.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def public_codes(content) -> list[str]:
    return [language.code for language in load_registry(content / "locales" / "languages.toml").public]


def manifest(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    return json.loads(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["vi", "en", "tyz"])
def test_the_manifest_is_in_the_page_language_and_starts_there(client, lang):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    brand = re.search(r'<a class="brand"[^>]*>(.*?)</a>', page)[1]
    theme = re.search(r'<meta name="theme-color" content="([^"]+)">', page)[1]
    found = manifest(client, Head(page).link("manifest")[0]["href"])
    assert found["name"] == brand and found["lang"] == lang and found["short_name"]
    assert found["start_url"] == f"/{lang}/" and found["scope"] == "/" and found["id"] == "/"
    assert found["display"] == "standalone" and found["theme_color"] == theme


def test_the_english_manifest_says_its_name_in_english(client):
    assert manifest(client, "/en/manifest.webmanifest")["name"] == "Digital skills lessons"
    assert manifest(client, "/vi/manifest.webmanifest")["name"] != "Digital skills lessons"


def test_the_manifest_at_the_root_leads_to_the_chosen_language(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 302 and response.headers["Location"] == "/vi/manifest.webmanifest"
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/en/manifest.webmanifest"
    assert {"Cookie", "Accept-Language"} <= set(response.headers["Vary"].split(", "))
    client.set_cookie("lang", "tyz")
    assert manifest(client, client.get("/manifest.webmanifest").headers["Location"])["start_url"] == "/tyz/"


def test_the_manifest_icons_are_pngs_of_the_sizes_they_claim(client):
    icons = manifest(client, "/vi/manifest.webmanifest")["icons"]
    assert {icon["sizes"] for icon in icons} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in icons)
    assert any(icon.get("purpose", "any") == "any" and icon["sizes"] == "512x512" for icon in icons)
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.mimetype == icon["type"] == "image/png"
        picture = Image.open(io.BytesIO(response.data))
        assert picture.format == "PNG" and "x".join(map(str, picture.size)) == icon["sizes"]
        assert client.get(icon["src"], headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_there_is_no_icon_of_another_size(client):
    assert client.get("/icons/icon-64.png").status_code == 404


def test_the_favicon_is_an_icon_file_with_small_sizes(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    picture = Image.open(io.BytesIO(response.data))
    assert picture.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= picture.info["sizes"]


def test_robots_txt_keeps_out_of_the_workspace_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Disallow: /trainer/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)


def test_the_sitemap_names_every_language_of_every_page(client, content):
    root = ElementTree.fromstring(client.get("/sitemap.xml").data)
    codes = public_codes(content)
    entries = root.findall(f"{SITEMAP}url")
    lessons = [path for path in (content / "lessons").iterdir() if (path / "lesson.md").is_file()]
    topics = {re.search(r"^topic: (\S+)", (path / "lesson.md").read_text(), re.M)[1] for path in lessons}
    assert len(entries) == len(codes) * (1 + len(topics) + len(lessons))  # index, topic pages, lessons
    for entry in entries:
        loc = entry.find(f"{SITEMAP}loc").text
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")}
        assert set(alternates) == {*codes, "x-default"} and loc in alternates.values()
        assert all(href.startswith(f"{BASE}/") for href in alternates.values())
    index = next(entry for entry in entries if entry.find(f"{SITEMAP}loc").text == f"{BASE}/tyz/")
    assert {link.get("hreflang"): link.get("href") for link in index}["x-default"] == f"{BASE}/"


def test_the_sitemap_without_a_public_address_names_the_address_asked_at(content, tmp_path):
    from tests.conftest import make_app

    client = make_app(content, tmp_path, PUBLIC_BASE_URL="http://127.0.0.1:5000").test_client()
    xml = client.get("/sitemap.xml", base_url="http://192.168.1.10:5000").get_data(as_text=True)
    assert "<loc>http://192.168.1.10:5000/vi/</loc>" in xml and "127.0.0.1" not in xml
