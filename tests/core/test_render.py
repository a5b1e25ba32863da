"""Rendering with fallback along the chain, untrusted translations, sanitising, localised pictures."""

import shutil

import pytest

from authoring.core.render import sanitise
from authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from authoring.i18n.languages import load_registry

BODY = """\
## Steps

1. Open the app.

    ![A phone with the app](images/step-1.png)

2. Read [the guide](https://evn.com.vn/guide) and dial `*123#`.

3. Check the amount.
"""


@pytest.fixture
def lesson(content, write_lesson, runner):
    for folder in (content / "lessons").iterdir():
        shutil.rmtree(folder)
    for catalogue in (content / "locales").glob("*/LC_MESSAGES/lessons.po"):
        catalogue.unlink()  # start from empty lesson catalogues
    write_lesson("tiny", body=BODY, pictures=("images/step-1.png",), title="Tiny lesson", summary="About it.")
    assert runner.invoke(args=["i18n", "update"]).exit_code == 0
    return content


def translate(content, lang, entries, fuzzy=()):
    locales = content / "locales"
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, lang, "lessons")
    catalog = read_catalogue(path, registry[lang])
    for key, text in entries.items():
        message = catalog.get(*key) if isinstance(key, tuple) else catalog.get(key)
        message.string = text
        if key in fuzzy:
            message.flags.add("fuzzy")
    write_catalogue(path, catalog)
    compile_catalogues(locales, registry)


def test_a_fully_translated_page_has_no_fallback(lesson, client):
    translate(lesson, "vi", {
        ("Tiny lesson", "lesson title"): "Bài nhỏ", ("About it.", "lesson summary"): "Về bài.",
        "Steps": "Các bước", "Open the app.": "Mở ứng dụng.",
        ("A phone with the app", "picture description"): "Điện thoại có ứng dụng",
        "Read [the guide](https://evn.com.vn/guide) and dial `*123#`.": "Đọc [hướng dẫn](https://evn.com.vn/guide) rồi bấm `*123#`.",
        "Check the amount.": "Kiểm tra số tiền.",
    })  # fmt: skip
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert "<h1>Bài nhỏ</h1>" in html and 'alt="Điện thoại có ứng dụng"' in html
    assert '<a href="https://evn.com.vn/guide"' in html and "<code>*123#</code>" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'class="fallback-note"' not in main and 'lang="en"' not in main


def test_untranslated_text_falls_back_with_its_language_and_one_note(lesson, client):
    translate(lesson, "vi", {"Open the app.": "Mở ứng dụng."})
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert "<p>Mở ứng dụng.</p>" in html
    assert '<p lang="en">Check the amount.</p>' in html
    assert '<h1 lang="en">Tiny lesson</h1>' in html
    assert html.count('class="fallback-note"') == 1
    assert "chưa được dịch sang Tiếng Việt" in html  # the note in the learner's language


def test_tay_drafts_are_not_shown_and_vietnamese_is_used_instead(lesson, client):
    translate(lesson, "vi", {"Open the app.": "Mở ứng dụng."})
    translate(
        lesson, "tyz", {"Open the app.": "Tày draft", "Check the amount.": "Tày reviewed"}, fuzzy={"Open the app."}
    )
    html = client.get("/tyz/lessons/tiny").get_data(as_text=True)
    assert '<html lang="tyz"' in html
    assert "Tày draft" not in html
    assert '<p lang="vi">Mở ứng dụng.</p>' in html
    assert "<p>Tày reviewed</p>" in html
    assert "Bài học kỹ năng số" in html  # UI strings follow the chain too: tyz → vi


def test_a_translation_that_changes_a_link_or_code_span_is_not_used(lesson, client):
    source = "Read [the guide](https://evn.com.vn/guide) and dial `*123#`."
    translate(lesson, "vi", {source: "Đọc [hướng dẫn](https://evil.example/) rồi bấm `*999#`."})
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert "evil.example" not in html and "*999#" not in html
    assert '<p lang="en">Read <a href="https://evn.com.vn/guide"' in html


def test_a_translation_with_raw_html_is_not_used(lesson, client):
    translate(lesson, "vi", {"Check the amount.": 'Kiểm tra <img src=x onerror="alert(1)"> số tiền.'})
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert "onerror" not in html and '<p lang="en">Check the amount.</p>' in html


def test_rendered_html_is_sanitised_whatever_the_lesson_contains(write_lesson, client):
    write_lesson(
        "hostile", body='<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n<b onclick="x()">bold</b>\n'
    )
    html = client.get("/en/lessons/hostile").get_data(as_text=True)
    assert "alert(1)</script>" not in html and "javascript:" not in html and "onclick" not in html


def test_sanitise_keeps_what_lessons_need():
    html = '<p lang="vi" class="x"><img src="a.png" alt="A" width="10" height="5" loading="lazy"></p>'
    assert sanitise(html) == html


def test_localised_pictures_are_preferred_along_the_chain(lesson, client):
    images = lesson / "lessons" / "tiny" / "images"
    shutil.copy(images / "step-1.png", images / "step-1.vi.png")
    vi = client.get("/vi/lessons/tiny").get_data(as_text=True)
    tyz = client.get("/tyz/lessons/tiny").get_data(as_text=True)
    en = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert "step-1.vi.png" in vi and "step-1.vi.png" in tyz
    assert "step-1.vi.png" not in en and "step-1.png" in en
    shutil.copy(images / "step-1.png", images / "step-1.tyz.png")
    assert "step-1.tyz.png" in client.get("/tyz/lessons/tiny").get_data(as_text=True)


def test_editing_a_catalogue_shows_at_once(lesson, client):
    assert "Mở ứng dụng." not in client.get("/vi/lessons/tiny").get_data(as_text=True)
    translate(lesson, "vi", {"Open the app.": "Mở ứng dụng."})
    assert "Mở ứng dụng." in client.get("/vi/lessons/tiny").get_data(as_text=True)


def test_a_cached_page_costs_no_markdown_parsing(lesson, client, monkeypatch):
    import markdown

    calls = []
    original = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: calls.append(1) or original(self, text))
    client.get("/vi/lessons/tiny")
    first = len(calls)
    assert first >= 1
    for _ in range(3):
        client.get("/vi/lessons/tiny")
    assert len(calls) == first
    translate(lesson, "vi", {"Open the app.": "Mở ứng dụng."})  # a catalogue change renders again, once
    client.get("/vi/lessons/tiny")
    client.get("/vi/lessons/tiny")
    assert len(calls) == first + 1


def test_sanitise_keeps_a_picture_with_only_its_source_attributes():
    html = (
        '<p><picture><source sizes="100vw" srcset="/pictures/a.webp 360w" type="image/webp">'
        '<img alt="A" src="/pictures/a.png"></picture></p>'
    )
    assert sanitise(html) == html
    hostile = (
        '<picture class="x" onclick="x()"><source src="https://evil.example/a.webp" onerror="x()" '
        'id="s" lang="vi" media="(min-width: 1px)"></picture>'
    )
    assert sanitise(hostile) == '<picture><source media="(min-width: 1px)"></picture>'


HOSTILE_PICTURE = '<picture><source src="https://evil.example/a.webp" srcset="https://evil.example/b.webp"></picture>'


def test_a_translation_with_a_picture_or_source_is_not_used(lesson, client):
    translate(lesson, "vi", {
        "Check the amount.": f"Kiểm tra {HOSTILE_PICTURE} số tiền.",
        ("A phone with the app", "picture description"): '<source srcset="https://evil.example/c.webp">',
    })  # fmt: skip
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert "evil.example" not in html
    assert '<p lang="en">Check the amount.</p>' in html and 'alt="A phone with the app"' in html


def test_a_picture_or_source_in_translated_text_is_stripped_or_escaped_even_unchecked(lesson):
    """Past the catalogue's check (a translate function that returns anything), raw `<picture>`
    and `<source>` still cannot reach the page: only the renderer builds them."""
    from authoring.core.lesson import load_lessons
    from authoring.core.render import render_lesson
    from authoring.core.segmenter import Picture

    tiny = load_lessons(lesson / "lessons").lessons["tiny"]
    texts = {
        "Check the amount.": f"Kiểm tra {HOSTILE_PICTURE} <SOURCE srcset=https://evil.example/d.webp> số tiền.",
        "A phone with the app": '"><picture><source srcset="https://evil.example/e.webp"></picture>',
    }

    def hostile(segment):
        return texts.get(segment.msgid, segment.msgid), None

    def picture_url(src):
        return Picture({"src": f"/pictures/{src}.png"}, ({"type": "image/webp", "srcset": f"/pictures/{src}.webp"},))

    html = render_lesson(tiny, "vi", hostile, picture_url=picture_url).html
    assert "evil.example/a" not in html and "evil.example/b" not in html and "evil.example/d" not in html
    assert "<p>Kiểm tra" in html and "số tiền.</p>" in html
    # the alt text stays text: escaped inside the attribute of our own picture
    assert html.count("<picture>") == 1 and html.count("<source ") == 1
    assert 'srcset="/pictures/images/step-1.png.webp"' in html
    assert 'alt="&quot;&gt;&lt;picture&gt;&lt;source srcset=&quot;https://evil.example/e.webp&quot;&gt;' in html


def test_page_steps_is_the_number_of_numbered_steps(lesson, client):
    from authoring.core.library import Library, Output

    library = Library(lesson / "lessons", lesson / "locales")
    page = library.render(library.lessons["tiny"], "vi", Output("test", str.capitalize))
    assert page.steps == 3 == page.html.count("<li id=")
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert 'data-steps="3"' in html
