"""The lesson life cycle in the workspace (draft → published → unpublished), pictures sent with
the editor form, deleting, conflicts with a line diff, and catalogues that follow every save."""

from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.extensions import db
from tests.workspace.support import SLUG, logged_in, registry

NEW = "tra-tien-nuoc"
BODY = """## Các bước

1. Mở ứng dụng ngân hàng.

    ![Màn hình ứng dụng ngân hàng](images/step-1.png)
"""


@pytest.fixture
def trainer(trainer_app):
    return logged_in(trainer_app, "thu", "trainer")


def lessons_dir(app):
    return app.extensions["toolkit"].library.lessons_dir


def editor(client, slug: str = SLUG) -> str:
    response = client.get(f"/trainer/lessons/{slug}/edit")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def version_of(page: str) -> str:
    return html.unescape(re.search(r'id="version" name="version" type="hidden" value="([^"]*)"', page)[1])


def form(page: str, **changes) -> dict:
    data = {
        "title": "Trả tiền nước bằng mã QR",
        "summary": "Trả tiền nước ngay trên điện thoại.",
        "topic": "payments",
        "level": "1",
        "minutes": "10",
        "cover": "",
        "body": BODY,
        "version": version_of(page),
    }
    data.update(changes)
    return data


def png(colour: str = "red") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 150), colour).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def create(client, slug: str = NEW) -> str:
    response = client.post("/trainer/lessons/new", data={"slug": slug, "title": "Trả tiền nước", "topic": "payments"})
    assert response.status_code == 302
    return editor(client, slug)


def test_a_new_lesson_is_a_vietnamese_draft_that_learners_cannot_see(trainer, trainer_app):
    page = create(trainer)
    lesson = read_lesson(lessons_dir(trainer_app) / NEW / "lesson.md")
    assert lesson.status == "draft" and lesson.topic == "payments"
    assert "## Các bước" in lesson.body and "Tổ công nghệ số cộng đồng" in lesson.body
    assert 'id="lesson-status"' in page and "Draft" in page
    learner = trainer_app.test_client()
    assert learner.get(f"/vi/lessons/{NEW}").status_code == 404
    assert NEW not in learner.get("/vi/").get_data(as_text=True)
    # the workspace shows it as a phone would, in every language, drafts too
    for code in ("vi", "tyz", "en"):
        preview = trainer.get(f"/trainer/lessons/{NEW}/phone/{code}")
        assert preview.status_code == 200, code
        text = preview.get_data(as_text=True)
        assert "Trả tiền nước" in text and "<style>" in text and 'class="lesson-body"' in text
    # the note a learner reads, in the same words: nothing of this draft is in Tày or Kim Mun
    for code, name in (("tyz", "tiếng Tày"), ("mji", "tiếng Dao Kìm Mùn")):
        preview = trainer.get(f"/trainer/lessons/{NEW}/phone/{code}").get_data(as_text=True)
        note = (
            f'<p class="fallback-note" role="note" lang="vi">Chưa có bài bằng {name}. Bài dưới đây bằng tiếng Việt.</p>'
        )
        assert note in preview and "Một số phần" not in preview
    assert 'class="fallback-note"' not in trainer.get(f"/trainer/lessons/{NEW}/phone/vi").get_data(as_text=True)


def test_publishing_is_refused_while_lint_finds_an_error_and_the_text_is_kept(trainer, trainer_app):
    page = create(trainer)
    path = lessons_dir(trainer_app) / NEW / "lesson.md"
    before = path.read_bytes()
    mistyped = BODY.replace("images/step-1.png", "images/step-l.png")
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, body=mistyped, action="publish"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "images/step-l.png" in text and "does not exist" in text
    assert "line 13" in text  # the error names its line, and shows it
    assert "![Màn hình ứng dụng ngân hàng](images/step-l.png)" in html.unescape(text)
    assert path.read_bytes() == before
    assert trainer_app.test_client().get(f"/vi/lessons/{NEW}").status_code == 404
    # fixed: published, and learners see it
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="publish"))
    assert response.status_code == 302
    assert read_lesson(path).status == "published"
    learner = trainer_app.test_client()
    assert learner.get(f"/vi/lessons/{NEW}").status_code == 200
    assert NEW in learner.get("/vi/").get_data(as_text=True)
    # a published lesson cannot be saved broken either
    page = editor(trainer, NEW)
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, body=mistyped, action="save"))
    assert response.status_code == 422 and read_lesson(path).body.strip() == BODY.strip()
    # unpublished: gone for learners, kept in the workspace
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="unpublish"))
    assert response.status_code == 302 and read_lesson(path).status == "unpublished"
    assert learner.get(f"/vi/lessons/{NEW}").status_code == 404
    with trainer_app.app_context():
        actions = db.session.scalars(select(AuditEntry.detail).where(AuditEntry.lesson == NEW)).all()
    assert {"new", "publish", "unpublish"} <= set(actions)


def test_warnings_do_not_stop_publishing(trainer, trainer_app):
    page = create(trainer)
    # the template's step-2 picture is now unused: a warning
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="publish"))
    assert response.status_code == 302
    assert read_lesson(lessons_dir(trainer_app) / NEW / "lesson.md").status == "published"


def test_a_picture_uploaded_from_the_editor_keeps_everything_typed(trainer, trainer_app):
    page = create(trainer)
    path = lessons_dir(trainer_app) / NEW / "lesson.md"
    before = path.read_bytes()
    typed = form(page, summary="Một câu tôi vừa gõ.", topic="safety", body=BODY + "\n2. Bước tôi vừa viết.\n")
    response = trainer.post(
        f"/trainer/lessons/{NEW}/edit",
        data=typed | {"action": "upload", "picture": (png(), "anh-chup.png"), "picture_name": "step-3"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    text = html.unescape(response.get_data(as_text=True))
    assert (lessons_dir(trainer_app) / NEW / "images" / "step-3.png").is_file()
    assert "Một câu tôi vừa gõ." in text and "Bước tôi vừa viết." in text
    assert re.search(r'<option selected value="safety">|value="safety" selected', text)
    assert "images/step-3.png" in text  # offered as a line to put in the text
    assert path.read_bytes() == before  # uploading a picture saves nothing else
    # a second picture sent with Save: both are kept
    response = trainer.post(
        f"/trainer/lessons/{NEW}/edit",
        data=typed | {"action": "save", "picture": (png("blue"), "hai.png"), "picture_name": "step-4"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert (lessons_dir(trainer_app) / NEW / "images" / "step-4.png").is_file()
    assert "Bước tôi vừa viết." in read_lesson(path).body


def test_a_picture_that_is_not_one_is_refused_and_the_text_stays(trainer, trainer_app):
    page = create(trainer)
    response = trainer.post(
        f"/trainer/lessons/{NEW}/edit",
        data=form(page, summary="Chữ không được mất.", action="upload")
        | {"picture": (io.BytesIO(b"not a picture"), "x.png")},
        content_type="multipart/form-data",
    )
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "not a picture" in text and "Chữ không được mất." in text


def test_a_picture_still_in_the_text_is_not_deleted_an_unused_one_is(trainer, trainer_app):
    page = create(trainer)
    images = lessons_dir(trainer_app) / NEW / "images"
    # typed out of the text, but the saved lesson still shows it: kept
    typed = form(
        page, body="## Các bước\n\n1. Chưa có ảnh.\n", summary="Giữ nguyên.", delete_picture="images/step-2.png"
    )
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=typed)
    text = html.unescape(response.get_data(as_text=True))
    assert (images / "step-2.png").is_file() and "still in the lesson text" in text
    assert "Giữ nguyên." in text and "Chưa có ảnh." in text  # the typed text stays
    # still in the typed text: kept
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, delete_picture="images/step-1.png"))
    assert (images / "step-1.png").is_file()
    # the saved text no longer shows step-2: deleted, audited
    page = editor(trainer, NEW)
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="save")).status_code == 302
    page = editor(trainer, NEW)
    response = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, delete_picture="images/step-2.png"))
    assert response.status_code == 200 and not (images / "step-2.png").exists()
    with trainer_app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "picture")).all()[-1]
        assert (entry.old, entry.detail) == ("images/step-2.png", "deleted")
    # deleted already (a second trainer, a double click): said so, the typed text stays
    again = trainer.post(
        f"/trainer/lessons/{NEW}/edit", data=form(page, summary="Vẫn còn.", delete_picture="images/step-2.png")
    )
    assert again.status_code == 200 and "Vẫn còn." in html.unescape(again.get_data(as_text=True))
    # the cover is in use too
    cover = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, cover="images/step-1.png", action="save"))
    assert cover.status_code == 302
    page = editor(trainer, NEW)
    body_without = "## Các bước\n\n1. Mở ứng dụng ngân hàng.\n"
    trainer.post(
        f"/trainer/lessons/{NEW}/edit", data=form(page, cover="images/step-1.png", body=body_without, action="save")
    )
    page = editor(trainer, NEW)
    trainer.post(
        f"/trainer/lessons/{NEW}/edit",
        data=form(page, cover="images/step-1.png", body=body_without, delete_picture="images/step-1.png"),
    )
    assert (images / "step-1.png").is_file()
    bad = trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, delete_picture="../lesson.md"))
    assert bad.status_code == 404 and (lessons_dir(trainer_app) / NEW / "lesson.md").is_file()


def test_only_an_admin_deletes_a_lesson_after_typing_its_name(trainer, trainer_app):
    create(trainer)
    folder = lessons_dir(trainer_app) / NEW
    assert trainer.get(f"/trainer/lessons/{NEW}/delete").status_code == 403
    admin = logged_in(trainer_app, "boss", "admin")
    assert admin.get(f"/trainer/lessons/{NEW}/delete").status_code == 200
    wrong = admin.post(f"/trainer/lessons/{NEW}/delete", data={"confirm": "something-else"})
    assert wrong.status_code == 200 and folder.is_dir()
    text = (folder / "lesson.md").read_text("utf-8")
    right = admin.post(f"/trainer/lessons/{NEW}/delete", data={"confirm": NEW})
    assert right.status_code == 302 and not folder.exists()
    with trainer_app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.detail == "deleted")).one()
        assert (entry.lesson, entry.username, entry.old) == (NEW, "boss", text)


def test_a_conflicting_save_shows_a_line_diff_and_keeps_both(trainer, trainer_app):
    page = editor(trainer)
    path = lessons_dir(trainer_app) / SLUG / "lesson.md"
    other = logged_in(trainer_app, "lan", "trainer")
    other_page = editor(other)
    theirs = other.post(
        f"/trainer/lessons/{SLUG}/edit",
        data=form(other_page, title="Scan to pay", body="## Steps\n\n1. Their step.\n", action="save"),
    )
    assert theirs.status_code == 302
    mine = trainer.post(
        f"/trainer/lessons/{SLUG}/edit",
        data=form(page, title="Scan to pay", body="## Steps\n\n1. My step.\n", action="save"),
    )
    assert mine.status_code == 409
    text = html.unescape(mine.get_data(as_text=True))
    assert '<span class="removed">− 1. Their step.</span>' in text
    assert '<span class="added">+ 1. My step.</span>' in text
    assert "1. My step." in text.split('id="body"', 1)[1]  # mine is still in the form
    assert "Their step." in read_lesson(path).body  # theirs is still saved


@pytest.mark.parametrize("wait", [60, 0], ids=["page-waits", "background"])
def test_a_saved_change_reaches_every_catalogue_as_fuzzy_without_a_manual_step(trainer, trainer_app, content, wait):
    trainer_app.config["CATALOGUE_REFRESH_WAIT"] = wait  # 0: as in production, the page answers at once
    page = editor(trainer)
    english = registry(content)["en"]
    catalogue = po_path(content / "locales", "en", "lessons")
    step = "Check the amount on the screen."
    catalog = read_catalogue(catalogue, english)
    catalog.get(step).string = "Check the amount."  # a current translation
    write_catalogue(catalogue, catalog)
    body = (content / "lessons" / SLUG / "lesson.md").read_text("utf-8").split("---\n", 2)[2]
    changed = body.replace(step, "Check the amount and the name on the screen.")
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit",
        data=form(page, title="Scan to pay", summary="Pay by QR code.", body=changed, action="save"),
    )
    assert response.status_code == 302
    assert trainer_app.extensions["catalogue_refresh"].wait_idle(60)
    catalog = read_catalogue(catalogue, english)
    message = catalog.get("Check the amount and the name on the screen.")
    assert message is not None and message.fuzzy and message.previous_id == [step]
    assert message.string == "Check the amount."  # kept, to re-check, never shown as current
    for code in ("tyz", "ium", "mji"):
        other = read_catalogue(po_path(content / "locales", code, "lessons"), registry(content)[code])
        assert other.get("Check the amount and the name on the screen.") is not None, code
    learner = trainer_app.test_client()
    page_en = learner.get(f"/en/lessons/{SLUG}").get_data(as_text=True)
    assert "Check the amount." not in page_en.replace("Check the amount and the name", "")


def test_every_save_is_a_revision_with_its_author_and_note_and_can_be_restored(trainer, trainer_app):
    from lesson_toolkit.authoring.workspace.history import revisions

    page = editor(trainer)
    path = lessons_dir(trainer_app) / SLUG / "lesson.md"
    first = path.read_text("utf-8")
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit",
        data=form(
            page, title="Scan to pay", body="## Steps\n\n1. A new step.\n", note="  shorter   steps ", action="save"
        ),
    )
    assert response.status_code == 302
    with trainer_app.app_context():
        history = revisions(db.session, SLUG)
        assert [(r.username, r.message) for r in history] == [
            ("thu", "edit: shorter steps"),
            ("(before history)", "before the first save in the workspace"),
        ]
        baseline = history[-1].id
    page = trainer.get(f"/trainer/lessons/{SLUG}/history").get_data(as_text=True)
    assert "shorter steps" in page
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/history/{baseline}/restore",
        data={"version": version_of(editor(trainer))},
    )
    assert response.status_code == 302
    assert path.read_text("utf-8") == first


def vietnamese(trainer_app, username: str = "hoa"):
    """A trainer whose browser asks for Vietnamese, as the volunteers' phones do."""
    from tests.workspace.support import PASSWORD, add_account

    add_account(trainer_app, username, "trainer")
    client = trainer_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "vi"
    assert client.post("/trainer/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_the_workspace_speaks_vietnamese_lint_findings_errors_and_the_413_page(trainer_app):
    client = vietnamese(trainer_app)
    page = create(client)
    mistyped = BODY.replace("images/step-1.png", "images/step-l.png")
    response = client.post(f"/trainer/lessons/{NEW}/edit", data=form(page, body=mistyped, action="publish"))
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "không có ảnh 'images/step-l.png'" in text and "dòng 13" in text
    assert "Chưa đăng: hãy sửa các lỗi ghi ở dưới trước." in text
    assert "does not exist" not in text and "Not published" not in text
    bad = client.post(f"/trainer/lessons/{NEW}/edit", data=form(page, minutes="mười", action="save"))
    assert "ô 'minutes': cần ghi số phút (số nguyên), nhưng đang ghi 'mười'" in html.unescape(
        bad.get_data(as_text=True)
    )
    picture = client.post(
        f"/trainer/lessons/{NEW}/edit",
        data=form(page, action="upload") | {"picture": (io.BytesIO(b"GIF89a nope"), "x.gif")},
        content_type="multipart/form-data",
    )
    assert "không phải là ảnh" in html.unescape(picture.get_data(as_text=True))
    body = b'--x\r\nContent-Disposition: form-data; name="picture"; filename="big.png"\r\n\r\n'
    too_big = client.post(
        f"/trainer/lessons/{NEW}/edit",
        data=body + b"\0" * (9 * 1024 * 1024) + b"\r\n--x--\r\n",
        content_type="multipart/form-data; boundary=x",
    )
    text = too_big.get_data(as_text=True)
    assert too_big.status_code == 413 and "Tệp bạn gửi quá lớn" in text and "8 MB" in text
    assert 'lang="vi"' in text


def test_a_form_opened_hours_ago_still_saves(content, tmp_path, lesson, monkeypatch):
    import time

    from tests.conftest import make_app
    from tests.workspace.support import PASSWORD, add_account, csrf_token

    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "thu", "trainer")
    client = app.test_client()
    login = client.get("/trainer/login").get_data(as_text=True)
    form_login = {"username": "thu", "password": PASSWORD, "csrf_token": csrf_token(login)}
    assert client.post("/trainer/login", data=form_login).status_code == 302
    page = editor(client)
    later = time.time() + 5 * 3600
    monkeypatch.setattr(time, "time", lambda: later)  # the trainer wrote for five hours
    data = form(page, title="Scan to pay", body="## Steps\n\n1. Written slowly.\n", action="save")
    response = client.post(f"/trainer/lessons/{SLUG}/edit", data=data | {"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "Written slowly." in read_lesson(lessons_dir(app) / SLUG / "lesson.md").body


def test_deleting_a_lesson_that_is_a_symlink_deletes_nothing(trainer_app, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "images").mkdir(parents=True)
    source = lessons_dir(trainer_app) / SLUG / "lesson.md"
    (elsewhere / "lesson.md").write_text(source.read_text("utf-8"), "utf-8")
    (lessons_dir(trainer_app) / "linked").symlink_to(elsewhere, target_is_directory=True)
    admin = logged_in(trainer_app, "boss", "admin")
    response = admin.post("/trainer/lessons/linked/delete", data={"confirm": "linked"})
    assert response.status_code == 404
    assert (elsewhere / "lesson.md").is_file() and (lessons_dir(trainer_app) / "linked").is_symlink()


def test_restoring_an_old_revision_keeps_the_lessons_state(trainer, trainer_app):
    from lesson_toolkit.authoring.workspace.history import revisions

    page = create(trainer)
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="publish")).status_code == 302
    published_revision = None
    with trainer_app.app_context():
        published_revision = revisions(db.session, NEW)[0].id  # its text says "published"
    page = editor(trainer, NEW)
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="unpublish")).status_code == 302
    path = lessons_dir(trainer_app) / NEW / "lesson.md"
    response = trainer.post(
        f"/trainer/lessons/{NEW}/history/{published_revision}/restore",
        data={"version": version_of(editor(trainer, NEW))},
    )
    assert response.status_code == 302
    assert read_lesson(path).status == "unpublished"  # a restore never publishes
    assert trainer_app.test_client().get(f"/vi/lessons/{NEW}").status_code == 404


def test_a_published_lesson_is_not_restored_to_a_text_with_a_lint_error(trainer, trainer_app):
    from lesson_toolkit.authoring.workspace.history import revisions

    page = create(trainer)
    broken = BODY.replace("images/step-1.png", "images/step-l.png")
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, body=broken, action="save")).status_code == 302
    with trainer_app.app_context():
        broken_revision = revisions(db.session, NEW)[0].id
    page = editor(trainer, NEW)
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="publish")).status_code == 302
    path = lessons_dir(trainer_app) / NEW / "lesson.md"
    before = path.read_bytes()
    response = trainer.post(
        f"/trainer/lessons/{NEW}/history/{broken_revision}/restore", data={"version": version_of(editor(trainer, NEW))}
    )
    assert response.status_code == 422 and "step-l.png" in response.get_data(as_text=True)
    assert path.read_bytes() == before


def test_a_draft_whose_front_matter_broke_stays_a_draft_when_saved(trainer, trainer_app):
    create(trainer)
    path = lessons_dir(trainer_app) / NEW / "lesson.md"
    path.write_text(path.read_text("utf-8").replace("title:", "title: [broken", 1), "utf-8")
    page = editor(trainer, NEW)
    assert "status-draft" in page
    assert trainer.post(f"/trainer/lessons/{NEW}/edit", data=form(page, action="save")).status_code == 302
    assert read_lesson(path).status == "draft"
    assert trainer_app.test_client().get(f"/vi/lessons/{NEW}").status_code == 404
