"""The translation editor on the web, offline files, the audit log and the dashboard."""

from __future__ import annotations

import html
import io
import re
import threading

import pytest
from markupsafe import escape

from lesson_toolkit.authoring.core.feedback import Feedback
from lesson_toolkit.authoring.i18n.catalogue import po_path
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.authoring.workspace.translation_store import lesson_entries
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.workspace.support import (
    FIRST_STEP,
    NEED,
    PASSWORD,
    SLUG,
    STEPS,
    add_account,
    add_to_catalogues,
    box,
    csrf_token,
    english,
    entry_form,
    logged_in,
)

PAGE = f"/trainer/translate/{SLUG}"


@pytest.fixture
def translator(trainer_app):
    return logged_in(trainer_app, "mai", "translator")


def save(client, lang: str, msgid: str, text: str, page: str | None = None, draft: bool | None = None):
    """Type `text` into one box of the editor and press its Save button (without JavaScript)."""
    page = page or client.get(f"{PAGE}/{lang}").get_data(as_text=True)
    name = box(page, msgid)
    fields = entry_form(page, msgid) | {f"text-{name}": text, "save": name}
    if draft is not None:
        fields.pop(f"draft-{name}", None)
        fields |= {f"draft-{name}": "y"} if draft else {}
    return client.post(f"{PAGE}/{lang}", data=fields)


def audit(app) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
        db.session.expunge_all()
        return entries


def test_the_editor_lists_every_message_with_source_and_status(translator):
    html = translator.get(f"{PAGE}/en").get_data(as_text=True)
    for text in ("Scan to pay", NEED, STEPS, FIRST_STEP, "A phone showing the scan button"):
        assert box(html, text)  # one box for every message, in one form
    assert html.index("Scan to pay") < html.index(NEED) < html.index(STEPS)  # reading order
    assert "picture: images/step-1.png" in html and "Not translated" in html
    assert f'<p class="source" lang="vi">{escape(STEPS)}</p>' in html  # the source is Vietnamese
    assert re.search(r'<textarea [^>]*lang="en"', html)  # the translation is English
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_a_saved_translation_shows_on_the_phone_page_and_is_logged(translator, trainer_app):
    response = save(translator, "en", STEPS, "The  steps\r\nto follow")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"{PAGE}/en?show=all#e-")
    assert "1 translation saved." in translator.get(response.headers["Location"]).get_data(as_text=True)
    assert "The steps to follow" in translator.get(f"/en/lessons/{SLUG}").get_data(as_text=True)
    [change] = audit(trainer_app)
    assert (change.username, change.action, change.lesson, change.lang) == ("mai", "translate", SLUG, "en")
    assert (change.msgid, change.old, change.new, change.detail) == (
        STEPS,
        "",
        "The steps to follow",
        "untranslated → translated",
    )
    # and the dashboard lists the change
    assert "The steps to follow" not in translator.get("/trainer/").get_data(as_text=True)  # the message, not the text
    assert escape(STEPS) in translator.get("/trainer/").get_data(as_text=True)


def test_two_translators_on_the_same_message_get_a_conflict(translator, trainer_app):
    other = logged_in(trainer_app, "hoa", "translator")
    page_mai = translator.get(f"{PAGE}/en").get_data(as_text=True)
    page_hoa = other.get(f"{PAGE}/en").get_data(as_text=True)
    assert save(other, "en", STEPS, "The steps", page_hoa).status_code == 302
    response = save(translator, "en", STEPS, "Step by step", page_mai)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this message after you opened the page." in html and "(hoa, " in html
    assert "Their version:" in html and "The steps" in html and "Step by step" in html
    assert "Keep theirs" in html and "Save mine" in html
    assert re.search(r'msgstr "The steps"', po_path_text(trainer_app))
    # "Save mine" from the conflict page replaces theirs, knowingly
    assert save(translator, "en", STEPS, "Step by step", html).status_code == 302
    assert 'msgstr "Step by step"' in po_path_text(trainer_app)
    assert [c.new for c in audit(trainer_app)] == ["The steps", "Step by step"]


def po_path_text(app, lang="en") -> str:
    return po_path(app.extensions["toolkit"].library.locales_dir, lang, "lessons").read_text("utf-8")


def test_a_translation_that_breaks_markup_is_refused_with_a_clear_message(translator, trainer_app):
    before = po_path_text(trainer_app)
    response = save(translator, "en", FIRST_STEP, "Open the app and tap Scan QR.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not saved: the translation must keep the links and code of the source." in html
    assert "code span `Scan QR` is missing or changed" in html
    assert "Open the app and tap Scan QR." in html  # the typed text is kept
    assert po_path_text(trainer_app) == before and not audit(trainer_app)


def test_tay_by_an_unreviewed_translator_is_a_draft_and_learners_see_vietnamese(translator, trainer_app):
    save(translator, "en", STEPS, "Steps, in English")  # Tày falls back to the Vietnamese source, not English
    response = save(translator, "tyz", STEPS, "Tày draft text")
    assert "Saved as a draft" in translator.get(response.headers["Location"]).get_data(as_text=True)
    page = trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)  # a learner's phone
    assert "Tày draft text" not in page and "Steps, in English" not in page
    assert f'<h2 lang="vi">{escape(STEPS)}</h2>' in page  # the source text, marked as Vietnamese
    editor = translator.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "Draft: waiting for review" in editor and "Your Tày translations are saved as drafts" in editor
    # the Vietnamese source helps the Tày translator; it is not repeated as a helper line
    assert f'<p class="source" lang="vi">{escape(STEPS)}</p>' in editor
    assert "Tiếng Việt:" not in editor and "Steps, in English" not in editor
    assert 'name="draft-' not in editor  # no way to publish


def test_a_reviewed_native_speaker_publishes_tay(trainer_app):
    reviewer = logged_in(trainer_app, "nong", "translator", reviewed=["tyz"])
    editor = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "You are a reviewer for Tày" in editor and 'name="draft-' in editor
    save(reviewer, "tyz", STEPS, "Tày text, reviewed")
    assert "Tày text, reviewed" in reviewer.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    # ticking "keep as a draft" keeps it from learners
    save(reviewer, "tyz", NEED, "Tày, unsure", draft=True)
    assert "Tày, unsure" not in reviewer.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)


def test_filters_and_the_word_diff_of_a_changed_source(translator, trainer_app):
    path = po_path(trainer_app.extensions["toolkit"].library.locales_dir, "en", "lessons")
    text = path.read_text("utf-8").replace(
        'msgid "Check the amount on the screen."\nmsgstr ""',
        '#, fuzzy\n#| msgid "Check the amount."\nmsgid "Check the amount on the screen."\nmsgstr "Check the sum."',
    )
    path.write_text(text, "utf-8")
    save(translator, "en", STEPS, "The steps")
    fuzzy = translator.get(f"{PAGE}/en?show=fuzzy").get_data(as_text=True)
    assert "The source changed: check the translation" in fuzzy
    assert "<del>amount.</del><ins>amount on the screen.</ins>" in fuzzy
    assert f'value="{escape(STEPS)}"' not in fuzzy and 'name="entry"' in fuzzy
    untranslated = translator.get(f"{PAGE}/en?show=untranslated").get_data(as_text=True)
    assert f'value="{escape(NEED)}"' in untranslated and f'value="{escape(STEPS)}"' not in untranslated
    assert "Drafts and changed (1)" in untranslated and "All (8)" in untranslated


def test_download_edit_and_upload_a_po_file(translator, trainer_app):
    response = translator.get(f"{PAGE}/en/download.po")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.en.po"'
    data = response.data
    assert data.count(b"\nmsgid ") == 1 + 8 and b"X-Lesson-Toolkit-Base" in data
    # someone translates the steps heading online meanwhile
    save(logged_in(trainer_app, "hoa", "translator"), "en", STEPS, "The steps")
    data = data.replace(f'msgid "{NEED}"\nmsgstr ""'.encode(), f'msgid "{NEED}"\nmsgstr "What you need"'.encode())
    data = data.replace(f'msgid "{STEPS}"\nmsgstr ""'.encode(), f'msgid "{STEPS}"\nmsgstr "Step by step"'.encode())
    response = translator.post(
        f"{PAGE}/en/upload", data={"po_file": (io.BytesIO(data), f"{SLUG}.en.po")}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 translation(s) saved, 6 unchanged, 1 conflict(s), 0 refused, 0 not in this lesson." in html
    assert "What you need" in html and "Save mine" in html and "Step by step" in html
    assert [(c.username, c.action, c.new) for c in audit(trainer_app)] == [
        ("hoa", "translate", "The steps"),
        ("mai", "upload", "What you need"),
    ]


def test_a_malformed_upload_names_its_line_and_changes_nothing(translator, trainer_app):
    before = po_path_text(trainer_app)
    data = translator.get(f"{PAGE}/en/download.po").data + b'msgid "broken\n'
    line = data.count(b"\n")
    response = translator.post(
        f"{PAGE}/en/upload", data={"po_file": (io.BytesIO(data), "broken.po")}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The file was not used; nothing was changed." in html and f"line {line}:" in html
    assert po_path_text(trainer_app) == before and not audit(trainer_app)


def test_the_worksheet_prints_every_source_text_with_room_to_write(translator):
    save(translator, "en", STEPS, "Steps, in English")
    html = translator.get(f"{PAGE}/tyz/worksheet").get_data(as_text=True)
    assert html.count('class="lines"') == 8
    for text in ("Scan to pay", NEED, FIRST_STEP):
        assert str(escape(text)) in html
    assert html.count('<p class="source" lang="vi">') == 8  # the Vietnamese source, for the Tày translator
    assert "Steps, in English" not in html  # Tày falls back to Vietnamese, not English
    assert "@media print" in html


def matrix_row(page: str, title: str) -> str:
    start = page.index(title, page.index('<table class="matrix">'))
    return page[start : page.index("</tr>", start)]


def test_the_dashboard_shows_coverage_feedback_and_links(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    save(admin, "en", STEPS, "The steps")
    save(admin, "tyz", NEED, "Tày")  # admin is not a reviewed Tày speaker: a draft
    with trainer_app.app_context():
        db.session.add_all(
            [Feedback(lesson=SLUG, lang="vi", helpful=h, voter=f"v{n}") for n, h in enumerate((True, True, False))]
        )
        db.session.commit()
    html = admin.get("/trainer/").get_data(as_text=True)
    row = matrix_row(html, "Scan to pay")
    assert "1/8" in row and "−7" in row  # en: one translated, seven missing
    assert "0/8" in row and "~1" in row  # tyz: one draft
    assert "2 helpful, 1 not" in row
    for link in (
        f"/trainer/lessons/{SLUG}/edit",
        f"{PAGE}/en",
        f"{PAGE}/tyz",
        f"{PAGE}/ium",
        f"/vi/lessons/{SLUG}",  # the source's learners: no column of their own, still a link
        f"/vi/lessons/{SLUG}.pdf",
        f"/ium/lessons/{SLUG}",
    ):
        assert f'href="{link}"' in row, link
    assert f'href="{PAGE}/vi"' not in row  # the source is not translated


def test_a_new_lesson_reaches_the_translators_with_the_update_button(trainer_app, write_lesson):
    admin = logged_in(trainer_app, "boss", "admin")
    # written outside the workspace (a text editor, git): a save in the workspace refreshes by itself
    write_lesson("brand-new", title="A brand new lesson", body="## A heading of the brand new lesson\n")
    assert "not sent to translators" in admin.get("/trainer/").get_data(as_text=True)
    response = admin.post("/trainer/catalogues/refresh", follow_redirects=True)
    assert "The translation files now hold the text of every lesson." in response.get_data(as_text=True)
    html = admin.get("/trainer/translate/brand-new/en").get_data(as_text=True)
    assert f'value="{escape("A brand new lesson")}"' in html
    # what was translated before is still there
    assert 'msgstr ""' in po_path_text(trainer_app) and SLUG in po_path_text(trainer_app)


def test_twenty_translators_on_the_web_at_once_lose_nothing(trainer_app, write_lesson, content):
    write_lesson("many-items", body="\n".join(f"- Item number {n} of the list" for n in range(20)) + "\n")
    add_to_catalogues(content, "many-items")
    clients = [logged_in(trainer_app, f"translator-{n}", "translator") for n in range(20)]
    page = clients[0].get("/trainer/translate/many-items/en").get_data(as_text=True)  # all load the same page
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def translate(n: int, client) -> None:
        try:
            msgid = f"Item number {n} of the list"
            form = entry_form(page, msgid) | {f"text-{box(page, msgid)}": f"Entry no. {n}"}
            barrier.wait()
            response = client.post("/trainer/translate/many-items/en", data=form)
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=translate, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and statuses == [302] * 20
    text = po_path_text(trainer_app)
    assert all(f'msgid "Item number {n} of the list"\nmsgstr "Entry no. {n}"' in text for n in range(20))
    log = audit(trainer_app)
    assert sorted(entry.username for entry in log) == sorted(f"translator-{n}" for n in range(20))


# ---- the one form: every box in it, one submit saves every box that was changed ----


def stored(app, msgid: str, lang: str = "en") -> str:
    """The lesson's translation of one message as the catalogue now holds it."""
    registry = app.extensions["toolkit"].library.registry
    entries = lesson_entries(app.extensions["toolkit"].library.locales_dir, registry[lang], SLUG)
    return next(entry.string for entry in entries if entry.msgid == msgid)


def whole_form(page: str) -> dict:
    """Everything a browser sends when the editor's form is submitted as the page shows it."""
    fields: dict = {"entry": re.findall(r'<input type="hidden" name="entry" value="([0-9a-f]{10})"', page)}
    for name, value in re.findall(
        r'<input type="hidden" name="((?:context|msgid|base)-[0-9a-f]{10}|show|csrf_token)" value="([^"]*)"', page
    ):
        fields[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea [^>]*name="(text-[0-9a-f]{10})"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value)
    for name in re.findall(r'name="(draft-[0-9a-f]{10})" value="y" checked', page):
        fields[name] = "y"
    return fields


def typed(page: str, texts: dict[str, str]) -> dict:
    """The whole form with some boxes typed in."""
    return whole_form(page) | {f"text-{box(page, msgid)}": text for msgid, text in texts.items()}


def textarea(page: str, msgid: str) -> str:
    match = re.search(rf'name="text-{box(page, msgid)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match
    return html.unescape(match[1])


def test_one_submit_saves_every_changed_box(translator, trainer_app):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)
    assert page.count("<form") == 2 and 'id="translate-form"' in page  # the editor and "Log out"
    assert len(whole_form(page)["entry"]) == 8
    response = translator.post(f"{PAGE}/en", data=typed(page, {NEED: "What you need", STEPS: "The steps"}))
    assert response.status_code == 302
    assert "2 translations saved." in translator.get(response.headers["Location"]).get_data(as_text=True)
    assert (stored(trainer_app, NEED), stored(trainer_app, STEPS)) == ("What you need", "The steps")
    assert sorted(c.msgid for c in audit(trainer_app)) == sorted([NEED, STEPS])


def test_boxes_left_as_loaded_are_not_saved_even_when_someone_changed_them(translator, trainer_app):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)  # mai opens the page ...
    save(logged_in(trainer_app, "hoa", "translator"), "en", STEPS, "The steps")  # ... hoa saves a box meanwhile
    before = po_path_text(trainer_app)
    response = translator.post(f"{PAGE}/en", data=whole_form(page))  # mai saves without typing anything
    assert response.status_code == 302 and po_path_text(trainer_app) == before
    assert "Nothing to save: no translation was changed." in translator.get(response.headers["Location"]).get_data(
        as_text=True
    )
    # mai types into another box: it is saved, and hoa's box is not touched (no false conflict)
    response = translator.post(f"{PAGE}/en", data=typed(page, {NEED: "What you need"}))
    assert response.status_code == 302
    assert (stored(trainer_app, NEED), stored(trainer_app, STEPS)) == ("What you need", "The steps")
    assert [(c.username, c.msgid) for c in audit(trainer_app)] == [("hoa", STEPS), ("mai", NEED)]


def test_a_conflicting_box_shows_both_texts_and_the_others_are_saved(translator, trainer_app):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)
    save(logged_in(trainer_app, "hoa", "translator"), "en", STEPS, "The steps")
    response = translator.post(
        f"{PAGE}/en", data=typed(page, {STEPS: "Step by step, one by one", NEED: "What you need"})
    )
    html_ = response.get_data(as_text=True)
    assert response.status_code == 409
    assert stored(trainer_app, NEED) == "What you need"  # the other box was saved
    assert stored(trainer_app, STEPS) == "The steps"  # theirs stays until mai chooses
    assert "1 translation saved." in html_ and "Saved." in html_
    item = html_[html_.index(f'<li id="e-{box(html_, STEPS)}"') :]
    item = item[: item.index("</li>")]
    assert "Someone else saved this message after you opened the page." in item and "(hoa, " in item
    assert "Their version:" in item and "The steps" in item and "Your version:" in item
    assert "<del>The</del><ins>Step</ins>" in item  # what differs, word by word
    assert "Keep theirs" in item and "Save mine" in item
    assert textarea(html_, STEPS) == "Step by step, one by one"  # mai's text is still in the box
    assert [c.username for c in audit(trainer_app)] == ["hoa", "mai"]
    # saving again from this page replaces theirs, knowingly
    assert translator.post(f"{PAGE}/en", data=whole_form(html_)).status_code == 302
    assert stored(trainer_app, STEPS) == "Step by step, one by one"


def test_a_box_that_breaks_markup_keeps_its_text_and_the_others_are_saved(translator, trainer_app):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)
    response = translator.post(f"{PAGE}/en", data=typed(page, {FIRST_STEP: "Open the app, tap Scan QR.", NEED: "What"}))
    html_ = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not saved: the translation must keep the links and code of the source." in html_
    assert "code span `Scan QR` is missing or changed" in html_
    assert textarea(html_, FIRST_STEP) == "Open the app, tap Scan QR."
    assert (stored(trainer_app, NEED), stored(trainer_app, FIRST_STEP)) == ("What", "")


def test_a_reviewer_submitting_the_form_does_not_publish_suggestions_left_alone(trainer_app):
    translator = logged_in(trainer_app, "mai", "translator")
    save(translator, "tyz", STEPS, "[tyz test] draft")  # mai may not approve Tày: a suggestion
    reviewer = logged_in(trainer_app, "nong", "translator", reviewed=["tyz"])
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert textarea(page, STEPS) == "" and "[tyz test] draft" in page  # shown beside the box, not in it
    reviewer.post(f"{PAGE}/tyz", data=typed(page, {NEED: "[tyz test] reviewed"}))
    assert stored(trainer_app, STEPS, "tyz") == "" and stored(trainer_app, NEED, "tyz") == "[tyz test] reviewed"
    assert "[tyz test] draft" not in reviewer.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    # the Approve button beside the suggestion publishes it
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    number = re.search(r'name="decide" value="approve-(\d+)"', page)[1]
    reviewer.post(f"{PAGE}/tyz", data=whole_form(page) | {"decide": f"approve-{number}"})
    assert "[tyz test] draft" in reviewer.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)


# ---- one box saved in place (translate.js): the JSON endpoint ----


def post_box(client, lang: str, msgid: str, text: str, page: str | None = None, headers=None):
    page = page or client.get(f"{PAGE}/{lang}").get_data(as_text=True)
    fields = entry_form(page, msgid) | {f"text-{box(page, msgid)}": text}
    fields.pop("csrf_token", None)  # translate.js sends the token as a header
    return client.post(f"{PAGE}/{lang}/entry", data=fields, headers=headers or {})


def test_a_box_saved_in_place_answers_with_its_new_state(translator, trainer_app):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)
    response = post_box(translator, "en", STEPS, "The  steps", page)
    assert response.status_code == 200 and response.is_json
    answer = response.get_json()
    assert answer["ok"] and answer["text"] == "The steps" and answer["state"] == "translated"
    assert answer["label"] == "Translated" and "Saved." in answer["html"]
    assert answer["base"] != entry_form(page, STEPS)[f"base-{box(page, STEPS)}"]
    assert stored(trainer_app, STEPS) == "The steps"
    assert [c.new for c in audit(trainer_app)] == ["The steps"]
    # the page's old token is now stale: saving over it again is a conflict, with both texts
    response = post_box(translator, "en", STEPS, "Step by step", page)
    assert response.status_code == 409
    answer = response.get_json()
    assert not answer["ok"] and answer["theirs"] == "The steps" and "Their version:" in answer["html"]
    assert "Step by step" in answer["html"] and "(mai, " in answer["html"]
    # markup broken: 422, nothing saved
    response = post_box(translator, "en", FIRST_STEP, "Tap Scan QR.", page)
    assert response.status_code == 422 and "code span `Scan QR`" in response.get_json()["html"]
    assert stored(trainer_app, FIRST_STEP) == ""


def test_a_draft_saved_in_place_says_so(translator):
    answer = post_box(translator, "tyz", STEPS, "[tyz test] text").get_json()
    assert answer["ok"] and answer["draft"] and answer["state"] == "untranslated"  # the catalogue is untouched
    assert answer["text"] == "[tyz test] text" and answer["label"] == "Draft: waiting for review"
    assert "Saved as a draft: a reviewer who speaks Tày will check it." in answer["html"]


def test_saving_in_place_checks_the_role_and_the_language(trainer_app, translator):
    page = translator.get(f"{PAGE}/en").get_data(as_text=True)
    trainer = logged_in(trainer_app, "lan", "trainer")
    assert post_box(trainer, "en", STEPS, "The steps", page).status_code == 403
    only_tay = logged_in(trainer_app, "nong", "translator", languages=["tyz"])
    assert post_box(only_tay, "en", STEPS, "The steps", page).status_code == 403
    assert trainer_app.test_client().post(f"{PAGE}/en/entry", data=entry_form(page, STEPS)).status_code == 302
    assert translator.post(f"{PAGE}/en/entry", data={"entry": "not-a-hash"}).status_code == 400
    assert not audit(trainer_app) and stored(trainer_app, STEPS) == ""


def test_saving_in_place_needs_the_pages_csrf_token(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path, WTF_CSRF_ENABLED=True))
    client = logged_in_with_csrf(app, "mai", "translator")
    page = client.get(f"{PAGE}/en").get_data(as_text=True)
    token = csrf_token(page)
    assert post_box(client, "en", STEPS, "The steps", page).status_code == 400
    assert post_box(client, "en", STEPS, "The steps", page, {"X-CSRFToken": "forged"}).status_code == 400
    assert stored(app, STEPS) == ""
    response = post_box(client, "en", STEPS, "The steps", page, {"X-CSRFToken": token})
    assert response.status_code == 200 and stored(app, STEPS) == "The steps"
    # and the whole form is checked too
    fields = typed(page, {NEED: "What you need"})
    assert client.post(f"{PAGE}/en", data=fields | {"csrf_token": "forged"}).status_code == 400
    assert client.post(f"{PAGE}/en", data=fields).status_code == 302


def logged_in_with_csrf(app, username: str, role: str):
    add_account(app, username, role)
    client = app.test_client()
    page = client.get("/trainer/login").get_data(as_text=True)
    data = {"username": username, "password": PASSWORD, "csrf_token": csrf_token(page)}
    assert client.post("/trainer/login", data=data).status_code == 302
    return client


# ---- the translator's home: what waits in each of their languages; honest percentages ----


def waiting(page: str, lang: str) -> tuple[int, int]:
    start = page.index(f'data-lang="{lang}"')
    item = page[start : page.index('<span class="count">', start) + 200]
    todo = re.search(r"(\d+) messages? to translate", item)
    recheck = re.search(r"(\d+) messages? to re-check", item)
    return int(todo[1]) if todo else 0, int(recheck[1]) if recheck else 0


def test_a_translator_sees_what_waits_in_each_of_their_languages(trainer_app):
    mai = logged_in(trainer_app, "mai", "translator", languages=["en", "tyz"])
    home = mai.get("/trainer/").get_data(as_text=True)
    assert "Waiting for you" in home
    assert 'data-lang="en"' in home and 'data-lang="tyz"' in home and 'data-lang="ium"' not in home
    en, tyz = waiting(home, "en"), waiting(home, "tyz")
    lesson_line = f'href="{PAGE}/tyz?show=untranslated">8 to translate</a>'
    assert lesson_line in home  # every message of the new lesson, with a link to them
    save(mai, "tyz", NEED, "Tày draft")  # mai is no reviewed Tày speaker: a draft, still to re-check
    save(mai, "en", STEPS, "The steps")
    home = mai.get("/trainer/").get_data(as_text=True)
    assert waiting(home, "tyz") == (tyz[0] - 1, tyz[1] + 1)
    assert re.search(r"\d+ messages to translate, 1 message to re-check", home)
    assert waiting(home, "en") == (en[0] - 1, en[1])
    assert f'href="{PAGE}/tyz?show=untranslated">7 to translate</a> · ' in home
    assert f'href="{PAGE}/tyz?show=fuzzy">1 to re-check</a>' in home
    # a trainer who translates nothing sees no such list
    assert "Waiting for you" not in logged_in(trainer_app, "lan", "trainer").get("/trainer/").get_data(as_text=True)


def words(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_dashboard_counts_drafts_and_missing_messages_as_not_done(trainer_app, content):
    admin = logged_in(trainer_app, "boss", "admin")
    save(admin, "en", STEPS, "The steps")
    save(admin, "en", NEED, "What you need", draft=True)  # a draft: not done
    save(admin, "tyz", NEED, "Tày")  # admin is no reviewed Tày speaker: a draft
    row = matrix_row(admin.get("/trainer/").get_data(as_text=True), "Scan to pay")
    assert "1/8 (12%)" in words(row) and "~1" in row and "−6" in row  # en
    assert "0/8 (0%)" in words(row)  # tyz: its draft does not count
    # the lesson gets a new step; the catalogues are not updated yet: it is missing, not ignored
    path = content / "lessons" / SLUG / "lesson.md"
    path.write_text(path.read_text("utf-8") + "\n3. Keep the receipt.\n", "utf-8")
    row = matrix_row(admin.get("/trainer/").get_data(as_text=True), "Scan to pay")
    assert "1/9 (11%)" in words(row) and "−7" in row
    assert "1 new message not sent to translators yet" in row


def test_the_worksheet_prints_its_writing_lines_as_borders_with_a_print_button(translator):
    page = translator.get(f"{PAGE}/tyz/worksheet").get_data(as_text=True)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "background" not in style.split(".lines", 1)[1].split("}", 1)[0]  # no lines drawn as a background
    assert "gradient" not in style
    assert re.search(r"\.lines span\{[^}]*border-bottom:1px solid #000", style)
    print_rules = style[style.index("@media print{") :]
    assert re.search(r"\.lines span\{border-bottom:1px solid #000\}", print_rules)  # kept on paper
    assert re.search(r"\.noprint,\.print\{display:none\}", print_rules)  # the button is not printed
    assert '<button type="button" class="print">Print</button>' in page  # no inline handler (CSP)
    assert '<script src="/static/trainer/print.js" defer></script>' in page
    assert page.count('<div class="lines" aria-hidden="true"><span></span><span></span><span></span></div>') == 8
    assert "Your translation:" in page and "Translator:" in page


def test_a_suggestion_over_a_reviewed_tay_translation_waits_beside_it_for_the_reviewer(trainer_app, translator):
    reviewer = logged_in(trainer_app, "nong", "translator", reviewed=["tyz"])
    save(reviewer, "tyz", STEPS, "[tyz test] reviewed")
    response = save(translator, "tyz", STEPS, "[tyz test] reviewed, changed by an unreviewed translator")
    assert response.status_code == 302
    learner = trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert "[tyz test] reviewed" in learner and "changed by an unreviewed" not in learner
    # the translator sees their own suggestion back in the box (without JavaScript too)
    assert textarea(translator.get(f"{PAGE}/tyz").get_data(as_text=True), STEPS).endswith("unreviewed translator")
    editor = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert 'class="suggestions"' in editor and textarea(editor, STEPS) == "[tyz test] reviewed"
    assert "<del>reviewed</del><ins>reviewed, changed by an unreviewed translator</ins>" in editor  # word by word
    text = "[tyz test] reviewed, changed by an unreviewed translator"
    assert f'<p class="suggested-text" lang="tyz">{text}</p>' in editor
    # the reviewer approves it by its button
    number = re.search(r'name="decide" value="approve-(\d+)"', editor)[1]
    reviewer.post(f"{PAGE}/tyz", data=whole_form(editor) | {"decide": f"approve-{number}"})
    assert "changed by an unreviewed" in trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert 'class="suggestions"' not in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)


def test_a_changed_number_is_saved_as_a_draft_with_the_finding_beside_it(trainer_app, translator):
    response = save(translator, "en", STEPS, "Steps: call 0987 654 321 first")
    assert response.status_code == 302
    editor = translator.get(f"{PAGE}/en").get_data(as_text=True)
    assert "Not shown to learners: number &#39;0987654321&#39; is not in the source" in editor
    assert "0987 654 321" not in trainer_app.test_client().get(f"/en/lessons/{SLUG}").get_data(as_text=True)
