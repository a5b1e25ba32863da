"""A translator, on a 360×640 phone, logs in, translates a message into English, and learners
see it at once on the lesson's phone page and in its printed handout."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from lesson_toolkit.authoring.workspace.translation_store import lesson_entries, save_entry
from tests.browser.conftest import PHONE, LiveServer
from tests.conftest import make_app
from tests.workspace.support import FIRST_STEP, NEED, PASSWORD, SLUG, STEPS, add_account, write_test_lesson

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson(content, write_lesson) -> str:
    return write_test_lesson(content, write_lesson)


TRANSLATION = "Open the app, then tap `Scan QR`."


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def test_a_translator_translates_on_a_phone_and_learners_see_it(content, tmp_path, lesson, phone):
    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "mai", "translator", languages=["en"])
    with LiveServer(app) as server:
        phone.goto(f"{server.url}/trainer/")
        assert "/trainer/login" in phone.url
        phone.fill("#username", "mai")
        phone.fill("#password", PASSWORD)
        phone.get_by_role("button", name="Log in").click()
        phone.wait_for_url(f"{server.url}/trainer/")

        phone.locator(f"a[href='/trainer/translate/{SLUG}/en']").click()
        phone.wait_for_url(f"**/trainer/translate/{SLUG}/en")
        entry = phone.locator("li.entry").filter(has=phone.locator(f'input[name^="msgid-"][value="{FIRST_STEP}"]'))
        assert entry.count() == 1
        textarea = entry.locator("textarea")
        textarea.scroll_into_view_if_needed()
        assert textarea.is_visible() and textarea.bounding_box()["width"] <= 360
        textarea.fill(TRANSLATION)
        entry.get_by_role("button", name="Save", exact=True).click()  # saved in place by translate.js
        expect(entry.locator(".note-slot")).to_have_text("Saved.")
        phone.reload()
        saved = phone.locator("li.entry").filter(has=phone.locator(f'input[name^="msgid-"][value="{FIRST_STEP}"]'))
        assert saved.locator("textarea").input_value() == TRANSLATION
        assert "Translated" in saved.locator(".status").inner_text()
        # the editor fits the phone: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        phone.goto(f"{server.url}/en/lessons/{SLUG}")
        assert "Open the app, then tap" in phone.locator("ol.steps > li").first.inner_text()

        handout = phone.request.get(f"{server.url}/en/lessons/{SLUG}.pdf")
        assert handout.ok and handout.headers["content-type"] == "application/pdf"
        assert "Open the app, then tap Scan QR" in pdf_text(handout.body())


DESKTOP = {"width": 1280, "height": 800}


def box(page, msgid: str):
    return page.locator("li.entry").filter(has=page.locator(f'input[name^="msgid-"][value="{msgid}"]'))


def open_editor(page, server, lang: str = "en") -> None:
    page.goto(f"{server.url}/trainer/login")
    page.fill("#username", "mai")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/trainer/")
    page.goto(f"{server.url}/trainer/translate/{SLUG}/{lang}")


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def screen(request, chromium):
    context = chromium.new_context(viewport=request.param)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editor_server(content, tmp_path, lesson):
    app = make_app(content, tmp_path)  # CSRF protection on: translate.js sends the page's token
    add_account(app, "mai", "translator")
    with LiveServer(app) as server:
        yield server


def test_each_box_saves_in_place_and_survives_a_reload(editor_server, screen):
    open_editor(screen, editor_server)
    screen.evaluate("window.stillTheSamePage = true")
    for msgid, text in ((NEED, "What you need"), (STEPS, "The steps")):
        entry = box(screen, msgid)
        entry.locator("textarea").fill(text)
        entry.get_by_role("button", name="Save", exact=True).click()
        expect(entry.locator(".note-slot")).to_have_text("Saved.")
        expect(entry.locator(".state")).to_have_text("Translated")
    assert screen.evaluate("window.stillTheSamePage")  # saved in place: no page load
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]
    # the box's token was updated: saving it again is no conflict
    box(screen, STEPS).locator("textarea").fill("Step by step")
    box(screen, STEPS).get_by_role("button", name="Save", exact=True).click()
    expect(box(screen, STEPS).locator(".note-slot")).to_have_text("Saved.")
    screen.reload()
    assert box(screen, NEED).locator("textarea").input_value() == "What you need"
    assert box(screen, STEPS).locator("textarea").input_value() == "Step by step"
    assert "Translated" in box(screen, NEED).locator(".status").inner_text()


def test_leaving_with_text_not_saved_asks_first(editor_server, screen):
    open_editor(screen, editor_server)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    screen.on("dialog", answer)
    textarea = box(screen, NEED).locator("textarea")
    textarea.click()
    textarea.press_sequentially("What you need")  # typed, not saved
    editor_url = screen.url
    screen.get_by_role("link", name="Dashboard").first.click()
    expect(textarea).to_have_value("What you need")
    assert dialogs == ["beforeunload"] and screen.url == editor_url
    # once saved, leaving asks nothing
    box(screen, NEED).get_by_role("button", name="Save", exact=True).click()
    expect(box(screen, NEED).locator(".note-slot")).to_have_text("Saved.")
    screen.get_by_role("link", name="Dashboard").first.click()
    screen.wait_for_url(f"{editor_server.url}/trainer/")
    assert dialogs == ["beforeunload"]


def test_the_worksheet_keeps_its_writing_lines_on_paper(editor_server, screen):
    open_editor(screen, editor_server, "tyz")
    screen.goto(f"{editor_server.url}/trainer/translate/{SLUG}/tyz/worksheet")
    expect(screen.get_by_role("button", name="Print")).to_be_visible()
    screen.emulate_media(media="print")
    expect(screen.get_by_role("button", name="Print")).to_be_hidden()
    line = screen.locator(".lines span").first
    style = line.evaluate("e => { const s = getComputedStyle(e); return [s.borderBottomStyle, s.borderBottomWidth] }")
    assert style == ["solid", "1px"]
    assert screen.locator(".lines span").count() == 3 * screen.locator("ol > li").count()


def test_a_conflict_saved_in_place_shows_both_texts_and_save_mine_replaces_theirs(editor_server, screen):
    open_editor(screen, editor_server)
    # someone else saves the same box after this page was loaded
    app = editor_server.app
    with app.app_context():
        library = app.extensions["toolkit"].library
        en = library.registry["en"]
        loaded = next(e for e in lesson_entries(library.locales_dir, en, SLUG) if e.msgid == STEPS)
        save_entry(library.locales_dir, en, SLUG, loaded.key, "The steps", loaded.token, may_approve=True)
    entry = box(screen, STEPS)
    entry.locator("textarea").fill("Step by step")
    entry.get_by_role("button", name="Save", exact=True).click()
    conflict = entry.locator(".conflict")
    expect(conflict).to_contain_text("Someone else saved this message after you opened the page.")
    assert conflict.locator(".theirs").inner_text() == "The steps"
    assert conflict.locator(".yours").inner_text() == "Step by step"
    assert entry.locator("textarea").input_value() == "Step by step"  # mine is still in the box
    entry.get_by_role("button", name="Save mine").click()
    expect(entry.locator(".note-slot")).to_have_text("Saved.")
    screen.reload()
    assert box(screen, STEPS).locator("textarea").input_value() == "Step by step"
