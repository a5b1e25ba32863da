"""The static pack: every page, picture and link works from a plain static web server."""

import hashlib
import json
import re
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit

import pytest

from lesson_toolkit.authoring.i18n.languages import load_registry
from tests.conftest import make_app
from tests.servers import free_port
from tests.viewer.support import Head


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "srcset" and value:
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


def export(runner, out, *options):
    result = runner.invoke(args=["export", "site", str(out), *options])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def static_server(tmp_path):
    """`python -m http.server` over a folder: the plainest static web server there is."""
    servers = []

    def serve(folder: Path) -> str:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                    "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        servers.append(process)
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                return url
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the static server did not start")

    yield serve
    for process in servers:
        process.terminate()
        process.wait(timeout=10)


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Every URL reachable on the same server from `start`, and the ones that failed."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    seen, broken, queue = {start}, [], [start]
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except HTTPError as error:
            broken.append(f"{url}: {error.code}")
            continue
        if kind != "text/html":
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urljoin(url, link).split("#")[0]
            if target.startswith(origin) and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen, broken


def test_the_pack_has_every_language_and_lesson_and_no_broken_link(runner, content, tmp_path, static_server):
    out = tmp_path / "pack"
    export(runner, out)
    registry = load_registry(content / "locales" / "languages.toml")
    slugs = sorted(p.parent.name for p in (content / "lessons").glob("*/lesson.md"))
    base = static_server(out)
    for language in registry.public:
        seen, broken = crawl(f"{base}{language.code}/index.html")
        assert broken == []
        for slug in slugs:
            assert f"{base}{language.code}/lessons/{slug}.html" in seen
        pictures = [url for url in seen if "/pictures/" in url]
        assert len(pictures) >= len(slugs)  # every lesson's pictures are there
    root = (out / "index.html").read_text(encoding="utf-8")
    assert "url=vi/index.html" in root and 'href="tyz/index.html"' in root
    lesson = (out / "vi" / "lessons" / f"{slugs[0]}.html").read_text(encoding="utf-8")
    assert "/trainer/" not in lesson and 'name="csrf_token"' not in lesson and "/text-size" not in lesson
    assert not re.search(r'(?:href|src)="/(?!/)', lesson), "a link still points at the server's root"
    assert ".pdf" not in lesson  # no handout link without --with-pdfs


def test_the_same_content_gives_the_same_pack_and_zip(runner, tmp_path):
    export(runner, tmp_path / "one", "--zip")
    export(runner, tmp_path / "two", "--zip")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_a_second_export_after_editing_one_lesson_rewrites_only_what_changed(runner, content, tmp_path):
    out = tmp_path / "pack"
    export(runner, out)
    assert "0 written" in export(runner, out)  # nothing changed: nothing written
    lesson = content / "lessons" / "use-zalo" / "lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 25"), encoding="utf-8")
    before = snapshot(out)
    export(runner, out)
    changed = sorted(name for name, digest in snapshot(out).items() if before.get(name) != digest)
    assert "en/lessons/use-zalo.html" in changed
    assert all("avoid-scams" not in name and "pay-electricity-qr" not in name for name in changed), changed
    assert not any(name.startswith("pictures/") for name in changed)


def test_only_the_chosen_languages_and_handouts_on_request(runner, tmp_path):
    out = tmp_path / "pack"
    export(runner, out, "--lang", "tyz", "--lang", "vi", "--with-pdfs")
    assert (out / "tyz" / "index.html").exists() and not (out / "en").exists()
    pdf = out / "tyz" / "lessons" / "avoid-scams.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    html = (out / "tyz" / "lessons" / "avoid-scams.html").read_text(encoding="utf-8")
    assert 'href="avoid-scams.pdf"' in html
    assert "https://lessons.example.org/language/en?next=/en/lessons/avoid-scams" in html  # not in the pack


def test_unknown_language_is_a_cli_error(runner, tmp_path):
    result = runner.invoke(args=["export", "site", str(tmp_path / "x"), "--lang", "xx"])
    assert result.exit_code != 0 and "unknown language xx" in result.output


def test_the_pack_names_the_public_site_and_links_its_own_languages(runner, tmp_path):
    out = tmp_path / "pack"
    export(runner, out, "--lang", "vi", "--lang", "tyz")
    head = Head((out / "vi" / "lessons" / "avoid-scams.html").read_text(encoding="utf-8"))
    assert head.canonical == "https://lessons.example.org/vi/lessons/avoid-scams"
    assert head.meta["og:url"] == head.canonical
    assert head.meta["og:image"].startswith("https://lessons.example.org/previews/avoid-scams/")
    # the other languages: inside the pack when they are in it, else on the public site
    assert head.alternates["tyz"] == "../../tyz/lessons/avoid-scams.html"
    assert head.alternates["x-default"] == "avoid-scams.html"
    assert head.alternates["en"] == "https://lessons.example.org/en/lessons/avoid-scams"
    assert head.link("manifest")[0]["href"] == "../manifest.webmanifest"
    manifest = json.loads((out / "vi" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["start_url"] == "/vi/index.html" and manifest["lang"] == "vi"
    for icon in manifest["icons"]:
        assert (out / icon["src"].lstrip("/")).is_file()
    assert (out / "favicon.ico").is_file() and (out / "tyz" / "manifest.webmanifest").is_file()


def test_a_pack_without_a_public_address_names_no_address_of_its_own(content, tmp_path):
    """Exported on a laptop whose address is the loopback: no canonical, og:url or picture
    pointing at 127.0.0.1; the Share box waits for share.js to fill in where the pack is served."""
    from lesson_toolkit.exports.site import export_site

    app = make_app(content, tmp_path, PUBLIC_BASE_URL="http://127.0.0.1:5000")
    out = tmp_path / "pack"
    export_site(app, out, ["vi"])
    html = (out / "vi" / "lessons" / "avoid-scams.html").read_text(encoding="utf-8")
    head = Head(html)
    assert head.canonical is None and "og:url" not in head.meta and "og:image" not in head.meta
    assert head.meta["og:title"] and head.meta["twitter:card"] == "summary"
    assert head.alternates["x-default"] == "avoid-scams.html"
    assert re.search(r'<details class="share" hidden', html) and 'readonly value=""' in html
    assert "127.0.0.1" not in html.split("<nav")[0]
