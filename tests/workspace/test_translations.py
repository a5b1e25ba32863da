"""The translation editor on the web, offline files, the audit log and the dashboard."""

from __future__ import annotations

import io
import re
import threading

import pytest
from markupsafe import escape

from authoring.core.feedback import Feedback
from authoring.i18n.catalogue import po_path
from authoring.workspace.models import AuditEntry
from extensions import db
from tests.workspace.support import FIRST_STEP, NEED, SLUG, STEPS, add_to_catalogues, box, entry_form, logged_in

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
    html = translator.get(f"{PAGE}/vi").get_data(as_text=True)
    for text in ("Scan to pay", NEED, STEPS, FIRST_STEP, "A phone showing the scan button"):
        assert box(html, text)  # one box for every message, in one form
    assert html.index("Scan to pay") < html.index(NEED) < html.index(STEPS)  # reading order
    assert "picture: images/step-1.png" in html and "Not translated" in html
    assert 'lang="vi"' in html and '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_a_saved_translation_shows_on_the_phone_page_and_is_logged(translator, trainer_app):
    response = save(translator, "vi", STEPS, "Các  bước\r\nlàm")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"{PAGE}/vi?show=all#e-")
    assert "1 translation saved." in translator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Các bước làm" in translator.get(f"/vi/lessons/{SLUG}").get_data(as_text=True)
    [change] = audit(trainer_app)
    assert (change.username, change.action, change.lesson, change.lang) == ("mai", "translate", SLUG, "vi")
    assert (change.msgid, change.old, change.new, change.detail) == (
        STEPS,
        "",
        "Các bước làm",
        "untranslated → translated",
    )
    # and the dashboard lists the change
    assert "Các bước làm" not in translator.get("/trainer/").get_data(as_text=True)  # the message, not the text
    assert escape(STEPS) in translator.get("/trainer/").get_data(as_text=True)


def test_two_translators_on_the_same_message_get_a_conflict(translator, trainer_app):
    other = logged_in(trainer_app, "hoa", "translator")
    page_mai = translator.get(f"{PAGE}/vi").get_data(as_text=True)
    page_hoa = other.get(f"{PAGE}/vi").get_data(as_text=True)
    assert save(other, "vi", STEPS, "Các bước", page_hoa).status_code == 302
    response = save(translator, "vi", STEPS, "Từng bước", page_mai)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this message after you opened the page." in html and "(hoa, " in html
    assert "Their version:" in html and "Các bước" in html and "Từng bước" in html
    assert "Keep theirs" in html and "Save mine" in html
    assert re.search(r'msgstr "Các bước"', po_path_text(trainer_app))
    # "Save mine" from the conflict page replaces theirs, knowingly
    assert save(translator, "vi", STEPS, "Từng bước", html).status_code == 302
    assert 'msgstr "Từng bước"' in po_path_text(trainer_app)
    assert [c.new for c in audit(trainer_app)] == ["Các bước", "Từng bước"]


def po_path_text(app, lang="vi") -> str:
    return po_path(app.extensions["toolkit"].library.locales_dir, lang, "lessons").read_text("utf-8")


def test_a_translation_that_breaks_markup_is_refused_with_a_clear_message(translator, trainer_app):
    before = po_path_text(trainer_app)
    response = save(translator, "vi", FIRST_STEP, "Mở ứng dụng và chạm Quét QR.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not saved: the translation must keep the links and code of the source." in html
    assert "code span `Scan QR` is missing or changed" in html
    assert "Mở ứng dụng và chạm Quét QR." in html  # the typed text is kept
    assert po_path_text(trainer_app) == before and not audit(trainer_app)


def test_tay_by_an_unreviewed_translator_is_a_draft_and_learners_see_vietnamese(translator, trainer_app):
    save(translator, "vi", STEPS, "Các bước")
    response = save(translator, "tyz", STEPS, "Tày draft text")
    assert "Saved as a draft" in translator.get(response.headers["Location"]).get_data(as_text=True)
    page = trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)  # a learner's phone
    assert "Tày draft text" not in page and "Các bước" in page
    editor = translator.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "Draft: waiting for review" in editor and "Your Tày translations are saved as drafts" in editor
    assert "Tiếng Việt:" in editor  # the Vietnamese translation helps the Tày translator
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
    path = po_path(trainer_app.extensions["toolkit"].library.locales_dir, "vi", "lessons")
    text = path.read_text("utf-8").replace(
        'msgid "Check the amount on the screen."\nmsgstr ""',
        '#, fuzzy\n#| msgid "Check the amount."\nmsgid "Check the amount on the screen."\nmsgstr "Kiểm tra số tiền."',
    )
    path.write_text(text, "utf-8")
    save(translator, "vi", STEPS, "Các bước")
    fuzzy = translator.get(f"{PAGE}/vi?show=fuzzy").get_data(as_text=True)
    assert "The source changed: check the translation" in fuzzy
    assert "<del>amount.</del><ins>amount on the screen.</ins>" in fuzzy
    assert f'value="{escape(STEPS)}"' not in fuzzy and 'name="entry"' in fuzzy
    untranslated = translator.get(f"{PAGE}/vi?show=untranslated").get_data(as_text=True)
    assert f'value="{escape(NEED)}"' in untranslated and f'value="{escape(STEPS)}"' not in untranslated
    assert "Drafts and changed (1)" in untranslated and "All (8)" in untranslated


def test_download_edit_and_upload_a_po_file(translator, trainer_app):
    response = translator.get(f"{PAGE}/vi/download.po")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.vi.po"'
    data = response.data
    assert data.count(b"\nmsgid ") == 1 + 8 and b"X-Lesson-Toolkit-Base" in data
    # someone translates the steps heading online meanwhile
    save(logged_in(trainer_app, "hoa", "translator"), "vi", STEPS, "Các bước")
    data = data.replace(f'msgid "{NEED}"\nmsgstr ""'.encode(), f'msgid "{NEED}"\nmsgstr "Cần có"'.encode())
    data = data.replace(f'msgid "{STEPS}"\nmsgstr ""'.encode(), f'msgid "{STEPS}"\nmsgstr "Từng bước"'.encode())
    response = translator.post(
        f"{PAGE}/vi/upload", data={"po_file": (io.BytesIO(data), f"{SLUG}.vi.po")}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 translation(s) saved, 6 unchanged, 1 conflict(s), 0 refused, 0 not in this lesson." in html
    assert "Cần có" in html and "Save mine" in html and "Từng bước" in html
    assert [(c.username, c.action, c.new) for c in audit(trainer_app)] == [
        ("hoa", "translate", "Các bước"),
        ("mai", "upload", "Cần có"),
    ]


def test_a_malformed_upload_names_its_line_and_changes_nothing(translator, trainer_app):
    before = po_path_text(trainer_app)
    data = translator.get(f"{PAGE}/vi/download.po").data + b'msgid "broken\n'
    line = data.count(b"\n")
    response = translator.post(
        f"{PAGE}/vi/upload", data={"po_file": (io.BytesIO(data), "broken.po")}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The file was not used; nothing was changed." in html and f"line {line}:" in html
    assert po_path_text(trainer_app) == before and not audit(trainer_app)


def test_the_worksheet_prints_every_source_text_with_room_to_write(translator):
    save(translator, "vi", STEPS, "Các bước")
    html = translator.get(f"{PAGE}/tyz/worksheet").get_data(as_text=True)
    assert html.count('class="lines"') == 8
    for text in ("Scan to pay", NEED, FIRST_STEP):
        assert str(escape(text)) in html
    assert "Các bước" in html  # the Vietnamese helper
    assert "@media print" in html


def test_the_dashboard_shows_coverage_feedback_and_links(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    save(admin, "vi", STEPS, "Các bước")
    save(admin, "tyz", NEED, "Tày")  # admin is not a reviewed Tày speaker: a draft
    with trainer_app.app_context():
        db.session.add_all(
            [Feedback(lesson=SLUG, lang="vi", helpful=h, voter=f"v{n}") for n, h in enumerate((True, True, False))]
        )
        db.session.commit()
    html = admin.get("/trainer/").get_data(as_text=True)
    row = html[html.index("Scan to pay") : html.index("</tr>", html.index("Scan to pay"))]
    assert "1/8" in row and "−7" in row  # vi: one translated, seven missing
    assert "0/8" in row and "~1" in row  # tyz: one draft
    assert "2 helpful, 1 not" in row
    for link in (
        f"/trainer/lessons/{SLUG}/edit",
        f"{PAGE}/vi",
        f"{PAGE}/tyz",
        f"{PAGE}/ium",
        f"/vi/lessons/{SLUG}.pdf",
        f"/ium/lessons/{SLUG}",
    ):
        assert f'href="{link}"' in row, link


def test_a_new_lesson_reaches_the_translators_with_the_update_button(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    admin.post("/trainer/lessons/new", data={"slug": "brand-new", "title": "A brand new lesson"})
    assert "not sent to translators" in admin.get("/trainer/").get_data(as_text=True)
    response = admin.post("/trainer/catalogues/refresh", follow_redirects=True)
    assert "The translation files now hold the text of every lesson." in response.get_data(as_text=True)
    html = admin.get("/trainer/translate/brand-new/vi").get_data(as_text=True)
    assert f'value="{escape("A brand new lesson")}"' in html
    # what was translated before is still there
    assert 'msgstr ""' in po_path_text(trainer_app) and SLUG in po_path_text(trainer_app)


def test_twenty_translators_on_the_web_at_once_lose_nothing(trainer_app, write_lesson, content):
    write_lesson("many-items", body="\n".join(f"- Item number {n} of the list" for n in range(20)) + "\n")
    add_to_catalogues(content, "many-items")
    clients = [logged_in(trainer_app, f"translator-{n}", "translator") for n in range(20)]
    page = clients[0].get("/trainer/translate/many-items/vi").get_data(as_text=True)  # all load the same page
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def translate(n: int, client) -> None:
        try:
            msgid = f"Item number {n} of the list"
            form = entry_form(page, msgid) | {f"text-{box(page, msgid)}": f"Mục số {n}"}
            barrier.wait()
            response = client.post("/trainer/translate/many-items/vi", data=form)
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
    assert all(f'msgid "Item number {n} of the list"\nmsgstr "Mục số {n}"' in text for n in range(20))
    log = audit(trainer_app)
    assert sorted(entry.username for entry in log) == sorted(f"translator-{n}" for n in range(20))
