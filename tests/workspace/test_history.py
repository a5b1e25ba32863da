"""A lesson's history: revisions, line diffs, restoring an old revision, and the history pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lesson_toolkit.authoring.i18n.catalogue import CatalogueError, po_path
from lesson_toolkit.authoring.workspace import history
from lesson_toolkit.authoring.workspace.accounts import Change, find_account, record
from lesson_toolkit.authoring.workspace.history import (
    BASELINE_MESSAGE,
    BEFORE_HISTORY,
    RestoreError,
    add_revision,
    get_revision,
    line_diff,
    revisions,
)
from lesson_toolkit.authoring.workspace.lesson_editor import LessonConflictError, file_version
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.workspace.support import FIRST_STEP, PASSWORD, SLUG, add_account, csrf_token, english, logged_in

LAST_STEP = "Check the amount on the screen."
EDITED_STEP = "Check the amount and the name of the shop on the screen."


@pytest.fixture
def trainer(trainer_app):
    return logged_in(trainer_app, "thu", "trainer")


def lesson_file(app):
    return app.extensions["toolkit"].library.lessons_dir / SLUG / "lesson.md"


def save(app, text: str, message: str = "edit", username: str = "thu") -> int:
    """Save `text` as the lesson as the editor does: the file, then its revision. Returns its id."""
    with app.app_context():
        path = lesson_file(app)
        old = path.read_text("utf-8")
        path.write_text(text, "utf-8")
        revision = add_revision(db.session, find_account(db.session, username), SLUG, old, text, message)
        db.session.commit()
        return revision.id


def edited(app) -> str:
    text = lesson_file(app).read_text("utf-8")
    assert LAST_STEP in text
    return text.replace(LAST_STEP, EDITED_STEP)


def restore_form(client, rev: int, **query) -> tuple[str, dict[str, str]]:
    """The diff page of revision `rev` and the fields of its restore form."""
    page = client.get(f"/trainer/lessons/{SLUG}/history/{rev}", query_string=query).get_data(as_text=True)
    version = re.search(r'id="version" name="version" type="hidden" value="([^"]*)"', page)
    assert version, "no restore form on the page"
    return page, {"version": version[1]}


# the history itself


def test_the_first_save_of_an_older_lesson_keeps_its_text_as_a_baseline(trainer, trainer_app):
    original = lesson_file(trainer_app).read_text("utf-8")
    first = save(trainer_app, edited(trainer_app))
    second = save(trainer_app, original.replace("Scan to pay", "Pay by scanning"), "publish")
    with trainer_app.app_context():
        found = revisions(db.session, SLUG)
        assert [r.id for r in found] == [second, first, first - 1]  # newest first
        baseline = found[-1]
        assert (baseline.text, baseline.message, baseline.username) == (original, BASELINE_MESSAGE, BEFORE_HISTORY)
        assert baseline.account_id is None and baseline.is_baseline
        assert found[1].username == "thu" and EDITED_STEP in found[1].text and found[1].message == "edit"
        assert found[0].message == "publish" and not found[0].is_baseline
        assert get_revision(db.session, SLUG, first).text == found[1].text
        assert get_revision(db.session, "other-lesson", first) is None
        assert get_revision(db.session, SLUG, 999) is None
        assert history.previous_revision(db.session, found[1]).id == baseline.id
        assert history.previous_revision(db.session, baseline) is None


def test_a_new_lesson_has_no_baseline_and_a_repeated_save_adds_nothing(trainer, trainer_app):
    with trainer_app.app_context():
        account = find_account(db.session, "thu")
        new = add_revision(db.session, account, "brand-new", None, "text", "new")
        assert add_revision(db.session, account, "brand-new", "text", "text", "new").id == new.id  # a double click
        published = add_revision(db.session, account, "brand-new", "text", "text", "publish")
        note = add_revision(db.session, account, "brand-new", "text", "text 2", "  fixed the typo in step 2  ")
        db.session.commit()
        assert [r.id for r in revisions(db.session, "brand-new")] == [note.id, published.id, new.id]
        assert note.message == "fixed the typo in step 2"
        assert revisions(db.session, SLUG) == []
        add_revision(db.session, account, "from-nothing", "", "text", "new")  # a file that was missing
        assert [r.message for r in revisions(db.session, "from-nothing")] == ["new"]


def test_line_diff_marks_each_line_in_reading_order():
    old = "title\nstep one\nstep two\nend\n"
    new = "title\nstep 1\nstep two\nnew step\nend\n"
    assert line_diff(old, new) == [
        ("same", "title"),
        ("removed", "step one"),
        ("added", "step 1"),
        ("same", "step two"),
        ("added", "new step"),
        ("same", "end"),
    ]
    assert line_diff("", "a\nb") == [("added", "a"), ("added", "b")]
    assert line_diff("same\n", "same\n") == [("same", "same")]


# restoring, without the web


def test_restore_writes_the_old_text_records_a_revision_and_an_audit_entry(trainer, trainer_app):
    original = lesson_file(trainer_app).read_text("utf-8")
    changed = edited(trainer_app)
    save(trainer_app, changed)
    with trainer_app.app_context():
        baseline = revisions(db.session, SLUG)[-1]
        lib = trainer_app.extensions["toolkit"].library
        account = find_account(db.session, "thu")
        restored = history.restore(
            db.session,
            account,
            lib.lessons_dir,
            SLUG,
            baseline.id,
            file_version(lesson_file(trainer_app)),
            lib.registry,
        )
        db.session.commit()
        assert lesson_file(trainer_app).read_text("utf-8") == original
        assert restored.old_text == changed and restored.lesson.title == "Scan to pay"
        newest = revisions(db.session, SLUG)[0]
        assert newest.id == restored.revision.id and newest.text == original
        assert newest.message == f"restore of revision {baseline.id}" and newest.restored_from == baseline.id
        entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.lesson, entry.detail, entry.username) == ("lesson", SLUG, "restore", "thu")
        assert (entry.old, entry.new) == (changed, original)


def test_restore_is_refused_when_the_file_changed_since_the_page_was_loaded(trainer, trainer_app):
    save(trainer_app, edited(trainer_app))
    path = lesson_file(trainer_app)
    loaded = file_version(path)
    path.write_text(path.read_text("utf-8") + "\nSomeone else's line.\n", "utf-8")
    theirs = path.read_text("utf-8")
    with trainer_app.app_context():
        lib = trainer_app.extensions["toolkit"].library
        baseline = revisions(db.session, SLUG)[-1]
        with pytest.raises(LessonConflictError) as raised:
            history.restore(
                db.session, find_account(db.session, "thu"), lib.lessons_dir, SLUG, baseline.id, loaded, lib.registry
            )
        assert raised.value.current_text == theirs and raised.value.current_version == file_version(path)
        assert path.read_text("utf-8") == theirs
        assert len(revisions(db.session, SLUG)) == 2


def test_a_revision_that_no_longer_reads_as_a_lesson_is_refused(trainer, trainer_app):
    before = lesson_file(trainer_app).read_text("utf-8")
    with trainer_app.app_context():
        account = find_account(db.session, "thu")
        broken = add_revision(db.session, account, SLUG, None, "---\ntitle: [unclosed\n---\n\nText.\n", "edit")
        lib = trainer_app.extensions["toolkit"].library
        version = file_version(lesson_file(trainer_app))
        with pytest.raises(RestoreError, match=f"revision {broken.id} is no longer a valid lesson"):
            history.restore(db.session, account, lib.lessons_dir, SLUG, broken.id, version, lib.registry)
        with pytest.raises(RestoreError, match="has no revision 999"):
            history.restore(db.session, account, lib.lessons_dir, SLUG, 999, version, lib.registry)
        with pytest.raises(RestoreError):
            history.restore(db.session, account, lib.lessons_dir, "../etc", broken.id, version, lib.registry)
    assert lesson_file(trainer_app).read_text("utf-8") == before


# the pages


def test_the_history_page_lists_revisions_and_translation_changes_newest_first(trainer, trainer_app):
    assert "No saved versions yet" in trainer.get(f"/trainer/lessons/{SLUG}/history").get_data(as_text=True)
    first = save(trainer_app, edited(trainer_app))
    with trainer_app.app_context():
        account = find_account(db.session, "thu")
        record(db.session, account, [Change("translate", SLUG, "tyz", None, FIRST_STEP, None, "Khai app", "new")])
        record(db.session, account, [Change("upload", SLUG, "tyz", None, FIRST_STEP, "Khai app", "Khai ứng dụng")])
        record(db.session, account, [Change("translate", "other-lesson", "tyz", None, "Elsewhere", None, "x")])
        record(db.session, account, [Change("lesson", SLUG, old="a", new="b", detail="edit")])
        db.session.commit()
    page = trainer.get(f"/trainer/lessons/{SLUG}/history").get_data(as_text=True)
    assert "<h1>History: trainer-test</h1>" in page
    baseline_row, edit_row = page.index(f'id="v{first - 1}"'), page.index(f'id="v{first}"')
    assert edit_row < baseline_row  # newest first
    assert "(the lesson now)" in page[edit_row:baseline_row]
    assert "Edited" in page[edit_row:baseline_row] and "thu" in page[edit_row:baseline_row]
    assert "(before history)" in page[baseline_row:]
    assert f"/trainer/lessons/{SLUG}/history/{first - 1}?against=current" in page
    translations = page[page.index("<h2>Translation changes</h2>") :]
    assert translations.index("Khai ứng dụng") < translations.index("(empty)")  # the upload is newer
    assert "<del>Khai app</del> → <ins>Khai ứng dụng</ins>" in translations
    assert "Elsewhere" not in translations
    path = lesson_file(trainer_app)
    path.write_text(path.read_text("utf-8") + "\nTyped in a text editor.\n", "utf-8")
    page = trainer.get(f"/trainer/lessons/{SLUG}/history").get_data(as_text=True)
    assert "changed outside the workspace" in page and "(the lesson now)" not in page


def test_the_diff_page_shows_what_a_save_changed_and_what_a_restore_would_change(trainer, trainer_app):
    first = save(trainer_app, edited(trainer_app))
    page = trainer.get(f"/trainer/lessons/{SLUG}/history/{first}").get_data(as_text=True)
    assert f'<del><span class="sign">-</span> 2. {LAST_STEP}</del>' in page
    assert f'<ins><span class="sign">+</span> 2. {EDITED_STEP}</ins>' in page
    assert "1 line(s) added, 1 line(s) taken out." in page
    assert "This version is the lesson now." in page and "Restore this version" not in page
    # the baseline against the file: restoring it takes the edit out again
    page, _ = restore_form(trainer, first - 1, against="current")
    assert f'<del><span class="sign">-</span> 2. {EDITED_STEP}</del>' in page
    assert f'<ins><span class="sign">+</span> 2. {LAST_STEP}</ins>' in page
    assert "Restore this version" in page
    # the first revision has nothing before it: every line is new
    page = trainer.get(f"/trainer/lessons/{SLUG}/history/{first - 1}").get_data(as_text=True)
    assert "0 line(s) taken out" in page and '<span class="same">' not in page


def test_restoring_from_the_page_writes_the_file_refreshes_catalogues_and_goes_to_the_editor(trainer, trainer_app):
    original = lesson_file(trainer_app).read_text("utf-8")
    added = "A paragraph only the old version has."
    save(trainer_app, original.rstrip("\n") + f"\n\n{added}\n")
    first = save(trainer_app, edited(trainer_app).replace(added, ""))
    _, form = restore_form(trainer, first - 1)
    response = trainer.post(f"/trainer/lessons/{SLUG}/history/{first - 1}/restore", data=form)
    assert response.status_code == 302 and response.headers["Location"] == f"/trainer/lessons/{SLUG}/edit"
    assert added in lesson_file(trainer_app).read_text("utf-8")
    editor = trainer.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Version {first - 1} is back." in editor
    with trainer_app.app_context():
        newest = revisions(db.session, SLUG)[0]
        assert newest.message == f"restore of revision {first - 1}" and newest.username == "thu"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.detail == "restore")).lesson == SLUG
    tay = po_path(trainer_app.extensions["toolkit"].library.locales_dir, "tyz", "lessons").read_text("utf-8")
    assert f'msgid "{added}"' in tay  # the translators get the restored text
    page = trainer.get(f"/trainer/lessons/{SLUG}/history").get_data(as_text=True)
    assert f"Restored version {first - 1}" in page


def test_a_catalogue_that_cannot_be_refreshed_does_not_undo_the_restore(trainer, trainer_app, content):
    first = save(trainer_app, edited(trainer_app))
    broken = po_path(content / "locales", "tyz", "lessons")
    broken.write_text('msgid "unclosed\n', "utf-8")  # a Tày catalogue that no longer reads
    english = po_path(content / "locales", "en", "lessons")
    _, form = restore_form(trainer, first - 1)
    response = trainer.post(f"/trainer/lessons/{SLUG}/history/{first - 1}/restore", data=form)
    assert response.status_code == 302
    assert EDITED_STEP not in lesson_file(trainer_app).read_text("utf-8")
    refresher = trainer_app.extensions["catalogue_refresh"]
    assert refresher.wait_idle(60)
    assert isinstance(refresher.last_error, CatalogueError) and "tyz" in str(refresher.last_error)
    # the other languages followed the restore all the same
    assert EDITED_STEP not in english.read_text("utf-8").split("#~", 1)[0]


def test_a_restore_after_someone_else_saved_is_refused_with_their_text(trainer, trainer_app):
    first = save(trainer_app, edited(trainer_app))
    _, form = restore_form(trainer, first - 1)
    path = lesson_file(trainer_app)
    path.write_text(path.read_text("utf-8") + "\nTheir new line.\n", "utf-8")
    theirs = path.read_text("utf-8")
    response = trainer.post(f"/trainer/lessons/{SLUG}/history/{first - 1}/restore", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone saved this lesson after you opened this page" in page and "Their new line." in page
    assert path.read_text("utf-8") == theirs
    with trainer_app.app_context():
        assert len(revisions(db.session, SLUG)) == 2
    # the refused page carries the new version: pressing the button again restores anyway
    again = re.search(r'id="version" name="version" type="hidden" value="([^"]*)"', page)[1]
    assert again == file_version(path)
    response = trainer.post(f"/trainer/lessons/{SLUG}/history/{first - 1}/restore", data={"version": again})
    assert response.status_code == 302 and "Their new line." not in path.read_text("utf-8")


def test_a_broken_revision_is_refused_on_the_page_and_the_lesson_is_kept(trainer, trainer_app):
    before = lesson_file(trainer_app).read_text("utf-8")
    with trainer_app.app_context():
        account = find_account(db.session, "thu")
        rev = add_revision(db.session, account, SLUG, None, "no front matter here\n", "edit").id
        db.session.commit()
    _, form = restore_form(trainer, rev)
    response = trainer.post(f"/trainer/lessons/{SLUG}/history/{rev}/restore", data=form)
    assert response.status_code == 422
    assert "This version cannot be restored" in response.get_data(as_text=True)
    assert lesson_file(trainer_app).read_text("utf-8") == before
    with trainer_app.app_context():
        assert [r.id for r in revisions(db.session, SLUG)] == [rev]


def test_unknown_lessons_and_revisions_are_not_found(trainer, trainer_app):
    first = save(trainer_app, edited(trainer_app))
    with trainer_app.app_context():
        other = add_revision(db.session, find_account(db.session, "thu"), "other-lesson", None, "x", "new").id
        db.session.commit()
    for url in (
        "/trainer/lessons/no-such-lesson/history",
        f"/trainer/lessons/no-such-lesson/history/{first}",
        f"/trainer/lessons/{SLUG}/history/999",
        f"/trainer/lessons/{SLUG}/history/{other}",  # another lesson's revision
        "/trainer/lessons/Bad..Slug/history",
    ):
        assert trainer.get(url).status_code == 404, url
    assert trainer.post(f"/trainer/lessons/{SLUG}/history/999/restore", data={"version": ""}).status_code == 404


def test_translators_may_not_see_or_restore_history(trainer_app):
    add_account(trainer_app, "thu", "trainer")
    first = save(trainer_app, edited(trainer_app))
    translator = logged_in(trainer_app, "dich", "translator")
    assert translator.get(f"/trainer/lessons/{SLUG}/history").status_code == 403
    assert translator.get(f"/trainer/lessons/{SLUG}/history/{first}").status_code == 403
    response = translator.post(f"/trainer/lessons/{SLUG}/history/{first - 1}/restore", data={"version": ""})
    assert response.status_code == 403
    assert EDITED_STEP in lesson_file(trainer_app).read_text("utf-8")


def test_a_restore_needs_the_csrf_token(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path, WTF_CSRF_ENABLED=True))
    add_account(app, "thu", "trainer")
    first = save(app, edited(app))
    client = app.test_client()
    login_page = client.get("/trainer/login").get_data(as_text=True)
    client.post("/trainer/login", data={"username": "thu", "password": PASSWORD, "csrf_token": csrf_token(login_page)})
    page, form = restore_form(client, first - 1)
    url = f"/trainer/lessons/{SLUG}/history/{first - 1}/restore"
    assert client.post(url, data=form).status_code == 400
    assert EDITED_STEP in lesson_file(app).read_text("utf-8")
    assert client.post(url, data=form | {"csrf_token": csrf_token(page)}).status_code == 302
    assert EDITED_STEP not in lesson_file(app).read_text("utf-8")
