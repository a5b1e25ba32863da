"""The bundled lesson library: every lesson loads, lints clean, renders and prints in every
language, has a described picture for each step and no stray picture files, is complete in
Vietnamese, and is left untranslated in Tày and Dao until a native speaker translates it."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from PIL import Image

from authoring.core.lesson import load_lessons
from authoring.core.library import Library, Output
from authoring.core.lint import variant_base
from authoring.core.segmenter import IMAGE, segment
from authoring.core.topics import TOPICS
from authoring.i18n.catalogue import po_path, read_catalogue
from authoring.i18n.languages import load_registry
from authoring.i18n.stats import catalogue_stats
from authoring.illustrations import LESSON_MODULES, generate, pictures_for
from authoring.illustrations.__main__ import main as draw_pictures

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "locales" / "languages.toml")
SLUGS = sorted(path.parent.name for path in (ROOT / "lessons").glob("*/lesson.md"))
LANGS = [language.code for language in REGISTRY.public]
UNREVIEWED = [language.code for language in REGISTRY.translated if not language.reviewed]
THE_SIX = {"pay-electricity-qr", "install-vneid", "use-zalo", "avoid-scams", "health-book-vneid", "sell-on-zalo"}
MAX_PICTURE_BYTES = 30_000


class StepPictures(HTMLParser):
    """The alt texts of the pictures in each step (each `li` of `ol.steps`), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[list[str]] = []
        self._stack: list[str] = []  # open ol/ul/li tags; "steps" marks the steps list

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("ol", "ul"):
            self._stack.append("steps" if tag == "ol" and "steps" in (attributes.get("class") or "").split() else tag)
        elif tag == "li":
            if self._stack and self._stack[-1] == "steps":
                self.steps.append([])
            self._stack.append("li")
        elif tag == "img" and self.steps and "steps" in self._stack:
            self.steps[-1].append(attributes.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul", "li") and self._stack:
            self._stack.pop()


def step_pictures(html: str) -> list[list[str]]:
    parser = StepPictures()
    parser.feed(html)
    return parser.steps


def lesson_of(content: Path, slug: str):
    return load_lessons(content / "lessons").lessons[slug]


def test_the_library_holds_the_six_lessons():
    assert set(SLUGS) >= THE_SIX
    assert set(SLUGS) <= set(LESSON_MODULES), "every bundled lesson has its pictures drawn by authoring.illustrations"


def test_every_lesson_loads(content):
    lesson_set = load_lessons(content / "lessons")
    assert lesson_set.errors == []
    assert sorted(lesson_set.lessons) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_has_the_agreed_shape(content, slug):
    lesson = lesson_of(content, slug)
    assert lesson.topic in TOPICS and lesson.level in (1, 2, 3) and lesson.minutes > 0
    assert lesson.summary.endswith(".") and len(lesson.summary) < 140
    headings = re.findall(r"^## (.+)$", lesson.body, flags=re.M)
    assert headings == ["Bạn cần có", "Các bước", "Hỏi ai khi cần giúp"]
    steps = re.findall(r"^\d+\. ", lesson.body, flags=re.M)
    assert 5 <= len(steps) <= 10
    assert re.search(r'^!!! warning "[^"]+"$', lesson.body, flags=re.M), "money or identity is at stake"
    help_text = " ".join(lesson.body.split("## Hỏi ai khi cần giúp", 1)[1].split())
    assert "Tổ công nghệ số cộng đồng" in help_text and "công an xã" in help_text
    assert lesson.published


def test_the_library_lints_clean(runner):
    result = runner.invoke(args=["lessons", "lint"])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_page_renders_in_every_language(client, content, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rendered = Library(content / "lessons", content / "locales").render(
        lesson_of(content, slug), lang, Output("test", str.capitalize)
    )
    assert str(escape(rendered.title.text)) in html
    # Vietnamese is complete; Tày and Dao fall back to Vietnamese, never to a blank
    expected_fallbacks = {"vi"} if lang in UNREVIEWED else set()
    assert rendered.fallbacks == expected_fallbacks
    if expected_fallbacks:
        assert 'lang="vi"' in html
    steps = step_pictures(html)
    assert len(steps) >= 5
    for number, alts in enumerate(steps, start=1):
        assert alts and all(alt.strip() for alt in alts), f"step {number} of {slug} in {lang} lacks a described picture"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_prints_as_a_pdf(client, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}.pdf")
    try:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
    finally:
        response.close()  # a cached handout is sent as an open file


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_of_the_source_has_a_described_picture(content, slug):
    lesson = lesson_of(content, slug)
    html = Library(content / "lessons", content / "locales").render(lesson, "en", Output("test", str.capitalize)).html
    steps = step_pictures(html)
    assert len(steps) == len(re.findall(r"^\d+\. ", lesson.body, flags=re.M))
    assert all(alts and all(alt.strip() for alt in alts) for alts in steps)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_picture_file_is_used_and_every_used_picture_exists(content, slug):
    lesson = lesson_of(content, slug)
    referenced = {match["src"] for match in IMAGE.finditer(lesson.body)} | ({lesson.cover} if lesson.cover else set())
    files = {f"images/{path.name}" for path in lesson.images_dir.iterdir() if not path.name.startswith(".")}
    assert {variant_base(name, set(REGISTRY.codes)) for name in files} == referenced


@pytest.mark.parametrize("slug", SLUGS)
def test_pictures_are_small_palette_pngs_of_the_generator(content, slug):
    images = lesson_of(content, slug).images_dir
    assert {path.name for path in images.glob("*.png")} == set(pictures_for(slug))
    for path in sorted(images.glob("*.png")):
        with Image.open(path) as picture:
            assert picture.format == "PNG" and picture.mode == "P" and picture.size == (720, 540), path.name
        assert path.stat().st_size < MAX_PICTURE_BYTES, path.name


def test_the_generator_draws_the_same_bytes_every_time(tmp_path):
    assert draw_pictures(["--lessons-dir", str(tmp_path), "avoid-scams"]) == 0
    first = {path.name: path.read_bytes() for path in (tmp_path / "avoid-scams" / "images").iterdir()}
    assert set(first) == set(pictures_for("avoid-scams"))
    assert all(not result.changed for result in generate("avoid-scams", tmp_path, check=True))
    assert draw_pictures(["--lessons-dir", str(tmp_path), "--check", "avoid-scams"]) == 0


def test_the_generator_refuses_an_unknown_lesson(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        draw_pictures(["--lessons-dir", str(tmp_path), "no-such-lesson"])
    assert exit_info.value.code == 2


def test_vietnamese_is_the_source_language():
    assert REGISTRY.source == "vi"
    assert not po_path(ROOT / "locales", "vi", "lessons").exists(), "the source language has no lessons catalogue"
    assert {language.code for language in REGISTRY.translated} == {"en", "tyz", "ium", "mji"}
    assert all(REGISTRY[code].fallback == ("vi",) for code in ("en", "tyz", "ium", "mji"))


@pytest.mark.parametrize("lang", [language.code for language in REGISTRY.translated])
def test_every_catalogue_holds_the_vietnamese_source_texts(content, lang):
    lessons = load_lessons(content / "lessons").lessons
    source = {seg.key for slug in SLUGS for seg in segment(lessons[slug])}
    catalog = read_catalogue(po_path(content / "locales", lang, "lessons"), REGISTRY[lang])
    keys = {(message.context, message.id) for message in catalog if message.id}
    assert source <= keys
    assert any("Tổ công nghệ số cộng đồng" in msgid for _, msgid in source)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_english_catalogue_is_complete(content, slug):
    rows = {(row["lesson"], row["lang"]): row for row in catalogue_stats(content / "locales", REGISTRY)}
    en = rows[(slug, "en")]
    assert en["total"] > 0
    assert (en["translated"], en["fuzzy"], en["untranslated"], en["percent"]) == (en["total"], 0, 0, 100.0)


@pytest.mark.parametrize("lang", UNREVIEWED)
def test_tay_and_dao_catalogues_hold_no_current_translation(content, lang):
    catalog = read_catalogue(po_path(content / "locales", lang, "lessons"), REGISTRY[lang])
    current = [message.id for message in catalog if message.id and message.string and not message.fuzzy]
    assert current == [], "a Tày or Dao translation must come from a native speaker"
    for row in catalogue_stats(content / "locales", REGISTRY):
        if row["lang"] == lang and row["lesson"] in SLUGS:
            assert row["translated"] == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("lang", [language.code for language in REGISTRY.translated])
def test_lesson_catalogues_pass_msgfmt(content, lang):
    path = po_path(content / "locales", lang, "lessons")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
