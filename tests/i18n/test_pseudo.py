"""The pseudo-locale: every page rendered through it shows no text that bypassed a catalogue."""

import re
from html.parser import HTMLParser

import pytest

from tests.conftest import make_app

SKIP = {"script", "style", "code", "pre"}
VOID = {"meta", "link", "img", "br", "hr", "input", "source", "area", "base", "col", "embed", "wbr"}


class Visible(HTMLParser):
    """Text a person sees or hears (text nodes, alt, title, aria-label, placeholder), except code
    and anything marked translate="no" (language names, which stay in their own language)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts = [], []

    def skipping(self):
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in SKIP or attrs.get("translate") == "no"
        if not (skip or self.skipping()):
            for name in ("alt", "title", "aria-label", "placeholder"):
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
                self.texts.append(attrs["value"])  # a button's label
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self.skipping():
            self.texts.append(data.strip())


def unmarked(html):
    parser = Visible()
    parser.feed(html)
    return [text for text in parser.texts if re.search(r"[A-Za-z]", text)]


@pytest.fixture
def pseudo_client(content, tmp_path, runner):
    assert runner.invoke(args=["i18n", "extract"]).exit_code == 0  # from the sources as they are now
    result = runner.invoke(args=["i18n", "pseudo"])
    assert result.exit_code == 0, result.output
    return make_app(content, tmp_path).test_client()


def pages(client, app_lessons):
    urls = ["/qps/", "/qps/lessons/no-such-lesson"]
    urls += [f"/qps/lessons/{slug}" for slug in app_lessons]
    for rule in client.application.url_map.iter_rules():
        if rule.arguments == {"lang"} and "GET" in rule.methods and rule.endpoint.startswith("viewer."):
            urls.append(rule.rule.replace("<lang>", "qps"))
    return sorted(set(urls))


def test_every_page_and_lesson_comes_through_the_catalogues(pseudo_client, content):
    slugs = [p.name for p in (content / "lessons").iterdir() if (p / "lesson.md").exists()]
    assert slugs
    checked = 0
    for url in pages(pseudo_client, slugs):
        response = pseudo_client.get(url)
        if response.mimetype != "text/html" or response.status_code not in (200, 404):
            continue
        html = response.get_data(as_text=True)
        assert '<html lang="qps"' in html, url
        assert unmarked(html) == [], url
        checked += 1
    assert checked >= 2 + len(slugs)


def test_the_pseudo_locale_is_not_offered_to_learners(pseudo_client):
    html = pseudo_client.get("/vi/").get_data(as_text=True)
    assert "/qps/" not in html
    assert pseudo_client.get("/", headers={"Accept-Language": "qps"}).headers["Location"] == "/vi/"


def test_the_checker_finds_hard_coded_text():
    assert unmarked('<p>⟦Ŧȧƥ ·⟧</p><p>Tap</p><a translate="no">Tiếng Việt</a><img alt="A phone">') == ["Tap", "A phone"]
