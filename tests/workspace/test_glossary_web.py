"""The glossary pages (roles, CSRF, audit) and the editor's aids: highlighted terms, the
translation memory's suggestions (never pre-filled), and borrowed drafts no longer pre-filled."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogue, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.glossary import read_glossary
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.authoring.workspace.translation_store import refresh_catalogues
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.workspace.support import box, csrf_token, english, entry_form, logged_in

OLD = "Mở ứng dụng ngân hàng và quét mã QR trên hóa đơn."
NEW = "Mở ứng dụng ngân hàng rồi quét mã QR trên hóa đơn tiền nước."
OLD_EN = "Open your bank app and scan the QR code on the bill."


def add_two_lessons(app, write_lesson):
    """Lesson `tien-dien` with one sentence translated into English and published, then lesson
    `tien-nuoc` with a similar sentence, through the real extraction and catalogue update."""
    library = app.extensions["toolkit"].library
    write_lesson("tien-dien", body=f"\n## Trả tiền điện\n\n{OLD}\n", title="Tiền điện", summary="Trả tiền điện.")
    refresh_catalogues(library.lessons_dir, library.locales_dir, library.registry)
    path = po_path(library.locales_dir, "en", "lessons")
    catalog = read_catalogue(path, library.registry["en"])
    message = catalog.get(OLD)  # published: not fuzzy (the update may have borrowed a draft for it)
    message.string, message.previous_id = OLD_EN, []
    message.flags.discard("fuzzy")
    write_catalogue(path, catalog)
    compile_catalogue(path, library.registry["en"])
    write_lesson("tien-nuoc", body=f"\n## Trả tiền nước\n\n{NEW}\n", title="Tiền nước", summary="Trả tiền nước.")
    refresh_catalogues(library.lessons_dir, library.locales_dir, library.registry)
    return library


@pytest.fixture
def two_lessons(trainer_app, write_lesson):
    return add_two_lessons(trainer_app, write_lesson)


def audit(app) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.query(AuditEntry).filter_by(action="glossary").order_by(AuditEntry.id).all()
        db.session.expunge_all()
        return entries


def forms(page: str) -> list[dict[str, str]]:
    """The hidden fields of each term's form on the glossary page."""
    return [
        dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        for form in re.findall(r"<form method=\"post\" action=\"/trainer/glossary/[a-z]+\">(.*?)</form>", page, re.S)
    ]


def term_form(page: str, term: str) -> dict[str, str]:
    [found] = [f for f in forms(page) if f.get("original") == str(escape(term))]
    return found


# ---- the glossary pages ---------------------------------------------------------------------


def test_translators_read_the_glossary_but_cannot_change_it(trainer_app):
    client = logged_in(trainer_app, "mai", "translator", languages=["tyz"])
    listing = client.get("/trainer/glossary").get_data(as_text=True)
    assert 'href="/trainer/glossary/tyz"' in listing and 'href="/trainer/glossary/vi"' not in listing
    page = client.get("/trainer/glossary/tyz").get_data(as_text=True)
    assert "mã QR" in page and "no agreed translation yet" in page and 'name="action"' not in page
    assert "Reviewers of Tày and administrators change this glossary" in page
    response = client.post("/trainer/glossary/tyz", data={"action": "add", "term": "điện thoại", "translation": "X"})
    assert response.status_code == 403
    assert (
        client.get("/trainer/glossary/vi").status_code == 404 and client.get("/trainer/glossary/xx").status_code == 404
    )
    assert audit(trainer_app) == []


def test_a_reviewer_changes_their_languages_glossary_only_and_every_change_is_audited(trainer_app):
    client = logged_in(trainer_app, "lan", "translator", languages=["tyz", "ium"], reviewed=["tyz"])
    locales = trainer_app.extensions["toolkit"].library.locales_dir
    page = client.get("/trainer/glossary/tyz").get_data(as_text=True)
    fields = term_form(page, "mã QR")
    response = client.post(
        "/trainer/glossary/tyz",
        data=fields | {"action": "save", "term": "mã QR", "translation": "FAKE-tyz-qr", "note": "Ghi chú."},
    )
    assert response.status_code == 302
    assert read_glossary(locales, "tyz").get("mã qr").translation == "FAKE-tyz-qr"
    client.post(
        "/trainer/glossary/tyz", data={"action": "add", "term": "  điện   thoại ", "translation": "", "note": ""}
    )
    page = client.get("/trainer/glossary/tyz").get_data(as_text=True)
    client.post("/trainer/glossary/tyz", data=term_form(page, "mã OTP") | {"action": "delete"})
    glossary = read_glossary(locales, "tyz")
    assert glossary.get("điện thoại") is not None and glossary.get("mã OTP") is None
    assert client.post("/trainer/glossary/ium", data={"action": "add", "term": "x"}).status_code == 403
    assert [(e.username, e.lang, e.msgid, e.detail, e.new) for e in audit(trainer_app)] == [
        ("lan", "tyz", "mã QR", "glossary: changed", "FAKE-tyz-qr · Ghi chú."),
        ("lan", "tyz", "điện thoại", "glossary: added", " · "),
        ("lan", "tyz", "mã OTP", "glossary: removed", None),
    ]


def test_bad_input_and_a_stale_page_are_refused_with_the_field_and_change_nothing(trainer_app):
    client = logged_in(trainer_app, "root", "admin")
    locales = trainer_app.extensions["toolkit"].library.locales_dir
    before = (locales / "en" / "glossary.csv").read_bytes()
    response = client.post("/trainer/glossary/en", data={"action": "add", "term": "MÃ  qr", "translation": "QR"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "field &#39;term&#39;: the term &#39;MÃ qr&#39; is already in the glossary" in page
    assert 'value="MÃ qr"' in page or 'value="MÃ  qr"' in page  # what was typed stays in the form
    stale = term_form(client.get("/trainer/glossary/en").get_data(as_text=True), "lừa đảo")
    client.post(
        "/trainer/glossary/en",
        data=term_form(client.get("/trainer/glossary/en").get_data(as_text=True), "lừa đảo")
        | {"action": "save", "term": "lừa đảo", "translation": "scam", "note": ""},
    )
    response = client.post("/trainer/glossary/en", data=stale | {"action": "delete"})
    assert response.status_code == 422 and "someone changed or removed this term" in response.get_data(as_text=True)
    assert read_glossary(locales, "en").get("lừa đảo").translation == "scam"
    assert before != (locales / "en" / "glossary.csv").read_bytes()
    assert [e.detail for e in audit(trainer_app)] == ["glossary: changed"]


def test_changing_the_glossary_needs_the_csrf_token(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    from tests.workspace.support import PASSWORD, add_account

    add_account(app, "root", "admin")
    login = client.get("/trainer/login").get_data(as_text=True)
    client.post("/trainer/login", data={"username": "root", "password": PASSWORD, "csrf_token": csrf_token(login)})
    data = {"action": "add", "term": "điện thoại", "translation": "phone", "note": ""}
    assert client.post("/trainer/glossary/en", data=data).status_code == 400
    page = client.get("/trainer/glossary/en").get_data(as_text=True)
    assert client.post("/trainer/glossary/en", data=data | {"csrf_token": csrf_token(page)}).status_code == 302
    assert read_glossary(content / "locales", "en").get("điện thoại").translation == "phone"


def test_a_broken_glossary_file_is_named_on_its_page_and_in_the_editor(trainer_app, two_lessons):
    (two_lessons.locales_dir / "en" / "glossary.csv").write_text("term,translation,note\nmã QR,,\nmã qr,,\n", "utf-8")
    client = logged_in(trainer_app, "mai", "translator")
    response = client.get("/trainer/glossary/en")
    assert response.status_code == 500 and "glossary.csv:3" in response.get_data(as_text=True)
    editor = client.get("/trainer/translate/tien-nuoc/en")
    assert editor.status_code == 200 and "The glossary cannot be read" in editor.get_data(as_text=True)


# ---- the editor -----------------------------------------------------------------------------


def entry_html(page: str, msgid: str) -> str:
    name = box(page, msgid)
    start = page.index(f'<li id="e-{name}"')
    return page[start : page.index("</textarea>", start)]


def test_the_editor_marks_glossary_terms_and_lists_their_translation(trainer_app, two_lessons):
    client = logged_in(trainer_app, "mai", "translator")
    page = client.get("/trainer/translate/tien-nuoc/en").get_data(as_text=True)
    item = entry_html(page, NEW)
    assert (
        'Mở <mark class="term">ứng dụng ngân hàng</mark> rồi quét <mark class="term">mã QR</mark>'
        ' trên <mark class="term">hóa đơn</mark> tiền nước.'
    ) in item
    assert "Glossary terms in this sentence:" in item
    assert '<span lang="vi">mã QR</span> → <strong lang="en">QR code</strong>' in item
    heading = entry_html(page, "Trả tiền nước")
    assert "<mark" not in heading and "Glossary terms" not in heading


def test_memory_suggestions_are_offered_never_prefilled_and_borrowed_drafts_stop(trainer_app, two_lessons):
    catalog = read_catalogue(po_path(two_lessons.locales_dir, "en", "lessons"))
    borrowed = catalog.get(NEW)
    # what Babel's catalogue update does: the other lesson's translation, as a fuzzy draft
    assert borrowed.fuzzy and borrowed.string == OLD_EN and borrowed.previous_id == [OLD]
    client = logged_in(trainer_app, "mai", "translator")
    page = client.get("/trainer/translate/tien-nuoc/en").get_data(as_text=True)
    item = entry_html(page, NEW)
    assert item.endswith(">")  # the box is empty: the borrowed text is not its value
    # and a new text is not a draft by default
    assert re.search(rf'name="draft-{box(page, NEW)}" value="y"> ', page[page.index(item) :])
    assert "copied the translation of a similar sentence here" in item
    assert '<span class="state">Not translated</span>' in item  # not "the source changed"
    assert "<del>" not in item  # nor a diff against another sentence
    assert "Published translations of similar sentences:" in item
    scores = [int(score) for score in re.findall(r'<span class="score">(\d+)% similar</span>', item)]
    assert 1 <= len(scores) <= 3 and all(70 <= score < 100 for score in scores) and scores == sorted(scores)[::-1]
    assert f'<p class="suggestion" lang="en">{OLD_EN}</p>' in item
    assert f'data-copy-to="t-e-{box(page, NEW)}" data-text="{OLD_EN}" hidden>Copy into the box' in item
    # saving every box, this one left empty, keeps the catalogue as it was
    name = box(page, NEW)
    fields = entry_form(page, NEW) | {f"text-{name}": "", "save": "all"}
    assert client.post("/trainer/translate/tien-nuoc/en", data=fields).status_code == 302
    assert read_catalogue(po_path(two_lessons.locales_dir, "en", "lessons")).get(NEW).string == OLD_EN
    # the translator copies the suggestion, adapts it and saves it: published
    fields = entry_form(page, NEW) | {f"text-{name}": "Open your bank app and scan the QR code on the water bill."}
    assert client.post("/trainer/translate/tien-nuoc/en", data=fields | {"save": name}).status_code == 302
    saved = read_catalogue(po_path(two_lessons.locales_dir, "en", "lessons")).get(NEW)
    assert not saved.fuzzy and saved.string.endswith("water bill.")


def test_a_changed_source_stays_prefilled_to_recheck(trainer_app, two_lessons, write_lesson):
    changed = OLD.replace("hóa đơn.", "hóa đơn điện.")
    write_lesson("tien-dien", body=f"\n## Trả tiền điện\n\n{changed}\n", title="Tiền điện", summary="Trả tiền điện.")
    refresh_catalogues(two_lessons.lessons_dir, two_lessons.locales_dir, two_lessons.registry)
    client = logged_in(trainer_app, "mai", "translator")
    page = client.get("/trainer/translate/tien-dien/en").get_data(as_text=True)
    item = entry_html(page, changed)
    assert "The source changed: check the translation" in item
    assert item.endswith(OLD_EN) and "copied the translation of a similar sentence" not in item


def test_the_same_sentence_elsewhere_comes_first(trainer_app, two_lessons, write_lesson):
    # the sentence as another lesson's summary: another message (its context differs), same text
    write_lesson("tien-ga", body="\n## Trả tiền ga\n\nBấm nút gửi.\n", title="Tiền ga", summary=OLD)
    refresh_catalogues(two_lessons.lessons_dir, two_lessons.locales_dir, two_lessons.registry)
    client = logged_in(trainer_app, "mai", "translator")
    page = client.get("/trainer/translate/tien-ga/en").get_data(as_text=True)
    name = box(page, OLD)
    start = page.index(f'<li id="e-{name}"')
    item = page[start : page.index("</textarea>", start)]
    scores = re.findall(r'<span class="score">([^<]+)</span>', item)
    assert scores[0] == "Same sentence" and 1 <= len(scores) <= 3
    assert all(score.endswith("% similar") for score in scores[1:])
    percents = [int(score.split("%")[0]) for score in scores[1:]]
    assert percents == sorted(percents, reverse=True)
    assert item.endswith(">")  # never pre-filled, though the update had copied the text in
    assert f'<p class="suggestion" lang="en">{OLD_EN}</p>' in item
