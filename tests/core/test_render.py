"""Rendering with fallback along the chain, untrusted translations, sanitising, localised pictures."""

import shutil

import pytest

from lesson_toolkit.authoring.core.render import sanitise
from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry

BODY = """\
## Các bước

1. Mở ứng dụng.

    ![Điện thoại có ứng dụng](images/step-1.png)

2. Đọc [hướng dẫn](https://evn.com.vn/guide) rồi bấm `*123#`.

3. Kiểm tra số tiền.
"""
# The lesson is written in the source language, Vietnamese; the tests translate it into English.
GUIDE = "Đọc [hướng dẫn](https://evn.com.vn/guide) rồi bấm `*123#`."


@pytest.fixture
def lesson(content, write_lesson, runner):
    for folder in (content / "lessons").iterdir():
        shutil.rmtree(folder)
    for catalogue in (content / "locales").glob("*/LC_MESSAGES/lessons.po"):
        catalogue.unlink()  # start from empty lesson catalogues
    write_lesson("tiny", body=BODY, pictures=("images/step-1.png",), title="Bài nhỏ", summary="Về bài.")
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
    translate(lesson, "en", {
        ("Bài nhỏ", "lesson title"): "Tiny lesson", ("Về bài.", "lesson summary"): "About it.",
        "Các bước": "Steps", "Mở ứng dụng.": "Open the app.",
        ("Điện thoại có ứng dụng", "picture description"): "A phone with the app",
        GUIDE: "Read [the guide](https://evn.com.vn/guide) and dial `*123#`.",
        "Kiểm tra số tiền.": "Check the amount.",
    })  # fmt: skip
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert '<h1 lang="en">Tiny lesson</h1>' in html and 'alt="A phone with the app"' in html
    assert '<a href="https://evn.com.vn/guide"' in html and "<code>*123#</code>" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'class="fallback-note"' not in main and 'lang="vi"' not in main


def test_untranslated_text_falls_back_with_its_language_and_one_note(lesson, client):
    translate(lesson, "en", {"Mở ứng dụng.": "Open the app."})
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "<p>Open the app.</p>" in html
    assert '<p lang="vi">Kiểm tra số tiền.</p>' in html
    assert '<h1 lang="vi">Bài nhỏ</h1>' in html
    assert html.count('class="fallback-note"') == 1
    assert "not translated into English yet" in html  # the note in the learner's language


def test_an_english_page_keeps_an_english_interface_though_its_lessons_fall_back_to_vietnamese(lesson, client):
    """`en` falls back to `vi` for lessons, but the interface's msgids are English: an English
    page never shows a Vietnamese interface string."""
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert '<p lang="vi">Mở ứng dụng.</p>' in html  # the lesson text falls back to the source
    assert "There is no lesson in Vietnamese yet" not in html
    assert "There is no lesson in English yet. The lesson below is in Vietnamese." in html
    assert "Digital skills lessons" in html
    assert "chưa được dịch" not in html and "Bài học kỹ năng số" not in html


def test_tay_drafts_are_not_shown_and_the_vietnamese_source_is_used_instead(lesson, client):
    translate(lesson, "en", {"Mở ứng dụng.": "Open the app."})
    translate(lesson, "tyz", {"Mở ứng dụng.": "Tày draft", "Kiểm tra số tiền.": "Tày reviewed"}, fuzzy={"Mở ứng dụng."})
    html = client.get("/tyz/lessons/tiny").get_data(as_text=True)
    assert '<html lang="vi"' in html and '<div class="lesson-body" lang="tyz">' in html  # Vietnamese interface
    assert "Tày draft" not in html and "Open the app." not in html  # English is no fallback of Tày
    assert '<p lang="vi">Mở ứng dụng.</p>' in html
    assert "<p>Tày reviewed</p>" in html
    assert "Bài học kỹ năng số" in html  # UI strings follow the chain too: tyz → vi


def test_a_translation_that_changes_a_link_or_code_span_is_not_used(lesson, client):
    translate(lesson, "en", {GUIDE: "Read [the guide](https://evil.example/) and dial `*999#`."})
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert "evil.example" not in html and "*999#" not in html
    assert '<p lang="vi">Đọc <a href="https://evn.com.vn/guide"' in html


def test_a_translation_with_raw_html_is_not_used(lesson, client):
    translate(lesson, "en", {"Kiểm tra số tiền.": 'Check <img src=x onerror="alert(1)"> the amount.'})
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert "onerror" not in html and '<p lang="vi">Kiểm tra số tiền.</p>' in html


def test_rendered_html_is_sanitised_whatever_the_lesson_contains(write_lesson, client):
    write_lesson(
        "hostile", body='<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n<b onclick="x()">bold</b>\n'
    )
    html = client.get("/vi/lessons/hostile").get_data(as_text=True)
    assert "alert(1)</script>" not in html and "javascript:" not in html and "onclick" not in html


def test_sanitise_keeps_what_lessons_need():
    html = '<p lang="vi" class="x"><img src="a.png" alt="A" width="10" height="5" loading="lazy"></p>'
    assert sanitise(html) == html


def test_localised_pictures_are_preferred_along_the_chain(lesson, client):
    images = lesson / "lessons" / "tiny" / "images"
    shutil.copy(images / "step-1.png", images / "step-1.en.png")
    vi = client.get("/vi/lessons/tiny").get_data(as_text=True)
    tyz = client.get("/tyz/lessons/tiny").get_data(as_text=True)
    en = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert "step-1.en.png" in en
    assert "step-1.en.png" not in vi and "step-1.en.png" not in tyz and "step-1.png" in tyz
    shutil.copy(images / "step-1.png", images / "step-1.vi.png")  # tyz and en both fall back to vi
    assert "step-1.vi.png" in client.get("/tyz/lessons/tiny").get_data(as_text=True)
    assert "step-1.en.png" in client.get("/en/lessons/tiny").get_data(as_text=True)
    shutil.copy(images / "step-1.png", images / "step-1.tyz.png")
    assert "step-1.tyz.png" in client.get("/tyz/lessons/tiny").get_data(as_text=True)


def test_editing_a_catalogue_shows_at_once(lesson, client):
    assert "Open the app." not in client.get("/en/lessons/tiny").get_data(as_text=True)
    translate(lesson, "en", {"Mở ứng dụng.": "Open the app."})
    assert "Open the app." in client.get("/en/lessons/tiny").get_data(as_text=True)


def test_a_cached_page_costs_no_markdown_parsing(lesson, client, monkeypatch):
    import markdown

    calls = []
    original = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: calls.append(1) or original(self, text))
    client.get("/en/lessons/tiny")
    first = len(calls)
    assert first >= 1
    for _ in range(3):
        client.get("/en/lessons/tiny")
    assert len(calls) == first
    translate(lesson, "en", {"Mở ứng dụng.": "Open the app."})  # a catalogue change renders again, once
    client.get("/en/lessons/tiny")
    client.get("/en/lessons/tiny")
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
    translate(lesson, "en", {
        "Kiểm tra số tiền.": f"Check {HOSTILE_PICTURE} the amount.",
        ("Điện thoại có ứng dụng", "picture description"): '<source srcset="https://evil.example/c.webp">',
    })  # fmt: skip
    html = client.get("/en/lessons/tiny").get_data(as_text=True)
    assert "evil.example" not in html
    assert '<p lang="vi">Kiểm tra số tiền.</p>' in html and 'alt="Điện thoại có ứng dụng"' in html


def test_a_picture_or_source_in_translated_text_is_stripped_or_escaped_even_unchecked(lesson):
    """Past the catalogue's check (a translate function that returns anything), raw `<picture>`
    and `<source>` still cannot reach the page: only the renderer builds them."""
    from lesson_toolkit.authoring.core.lesson import load_lessons
    from lesson_toolkit.authoring.core.render import render_lesson
    from lesson_toolkit.authoring.core.segmenter import Picture

    tiny = load_lessons(lesson / "lessons").lessons["tiny"]
    texts = {
        "Kiểm tra số tiền.": f"Check {HOSTILE_PICTURE} <SOURCE srcset=https://evil.example/d.webp> the amount.",
        "Điện thoại có ứng dụng": '"><picture><source srcset="https://evil.example/e.webp"></picture>',
    }

    def hostile(segment):
        return texts.get(segment.msgid, segment.msgid), None

    def picture_url(src):
        return Picture({"src": f"/pictures/{src}.png"}, ({"type": "image/webp", "srcset": f"/pictures/{src}.webp"},))

    html = render_lesson(tiny, "en", hostile, picture_url=picture_url).html
    assert "evil.example/a" not in html and "evil.example/b" not in html and "evil.example/d" not in html
    assert "<p>Check" in html and "the amount.</p>" in html
    # the alt text stays text: escaped inside the attribute of our own picture
    assert html.count("<picture>") == 1 and html.count("<source ") == 1
    assert 'srcset="/pictures/images/step-1.png.webp"' in html
    assert 'alt="&quot;&gt;&lt;picture&gt;&lt;source srcset=&quot;https://evil.example/e.webp&quot;&gt;' in html


def test_page_steps_is_the_number_of_numbered_steps(lesson, client):
    from lesson_toolkit.authoring.core.library import Library, Output

    library = Library(lesson / "lessons", lesson / "locales")
    page = library.render(library.lessons["tiny"], "vi", Output("test", str.capitalize))
    assert page.steps == 3 == page.html.count("<li id=")
    html = client.get("/vi/lessons/tiny").get_data(as_text=True)
    assert 'data-steps="3"' in html
