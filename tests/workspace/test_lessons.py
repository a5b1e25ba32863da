"""The lesson editor: list, create, edit, preview, refused saves, conflicts, picture uploads."""

from __future__ import annotations

import html
import io
import re
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.pictures.upload import MAX_BYTES, MAX_PIXELS, save_picture
from lesson_toolkit.authoring.pictures.variants import PictureError
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.workspace.support import SLUG, english, logged_in


@pytest.fixture
def trainer(trainer_app):
    return logged_in(trainer_app, "thu", "trainer")


def lesson_file(trainer_app):
    return trainer_app.extensions["toolkit"].library.lessons_dir / SLUG / "lesson.md"


def form_data(**changes) -> dict:
    data = {
        "title": "Scan to pay",
        "summary": "Pay by QR code.",
        "topic": "payments",
        "level": "1",
        "minutes": "5",
        "cover": "",
        "body": "## Steps\n\n1. Open the app.\n",
    }
    data.update(changes)
    return data


def edit_page(trainer) -> str:
    return trainer.get(f"/trainer/lessons/{SLUG}/edit").get_data(as_text=True)


def version_of(page: str) -> str:
    start = page.index('id="version"')
    return page[page.index('value="', start) + 7 : page.index('"', page.index('value="', start) + 7)]


def phone_preview(page: str) -> str:
    """The document the editor shows in its phone-sized frame (`<iframe srcdoc>`)."""
    match = re.search(r'<iframe class="phone"[^>]* srcdoc="([^"]*)"', page)
    assert match, "the editor shows a phone preview"
    document = html.unescape(match[1])
    assert "<style>" in document and "lesson-body" in document  # the phone page's own styles
    return document


def test_the_lesson_list_and_the_editor_show_the_lesson(trainer):
    assert "Scan to pay" in trainer.get("/trainer/lessons").get_data(as_text=True)
    page = edit_page(trainer)
    assert 'value="Scan to pay"' in page and "Open the app and tap `Scan QR`." in page
    assert '<option selected value="payments">' in page or 'value="payments" selected' in page
    assert "<h2>Preview</h2>" in page and "<code>Scan QR</code>" in phone_preview(page)  # rendered preview
    assert f"/trainer/lessons/{SLUG}/images/step-1.png" in page


def test_preview_shows_the_new_text_and_lint_findings_without_saving(trainer, trainer_app):
    before = lesson_file(trainer_app).read_bytes()
    page = edit_page(trainer)
    body = "## Steps\n\n1. Do this first.\n\n    ![](images/missing.png)\n"
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body=body, action="preview", version=version_of(page))
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Do this first." in phone_preview(html)
    assert "line 13: picture &#39;images/missing.png&#39; has no alt text" in html
    assert "picture &#39;images/missing.png&#39; does not exist" in html
    assert lesson_file(trainer_app).read_bytes() == before
    # the fragment the live-preview script asks for
    fragment = trainer.post(f"/trainer/lessons/{SLUG}/preview", data=form_data(body="Just **this**."))
    assert fragment.status_code == 200 and "<strong>this</strong>" in phone_preview(fragment.get_data(as_text=True))
    assert not fragment.get_data(as_text=True).lstrip().startswith("<!doctype")


def test_a_valid_save_writes_the_file_logs_it_and_the_phone_page_shows_it(trainer, trainer_app):
    page = edit_page(trainer)
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit",
        data=form_data(
            title="Scan: to pay",
            minutes="7",
            body="## Steps\n\n1. Open the new app.\n",
            action="save",
            version=version_of(page),
        ),
    )
    assert response.status_code == 302
    saved = read_lesson(lesson_file(trainer_app))
    assert saved.title == "Scan: to pay" and saved.minutes == 7 and "Open the new app." in saved.body
    assert "Open the new app." in trainer.get(f"/en/lessons/{SLUG}").get_data(as_text=True)
    with trainer_app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="lesson").one()
        assert entry.username == "thu" and entry.lesson == SLUG
        assert "Open the app and tap" in entry.old and "Open the new app." in entry.new


def test_a_save_is_seen_at_once_by_this_process_even_between_rechecks(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path, WTF_CSRF_ENABLED=False, RECHECK_SECONDS=3600))
    trainer = logged_in(app, "thu", "trainer")
    library = app.extensions["toolkit"].library
    assert "Open the new app." not in library.lessons[SLUG].body
    page = edit_page(trainer)
    body = "## Steps\n\n1. Open the new app.\n"
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body=body, action="save", version=version_of(page))
    )
    assert response.status_code == 302
    assert "Open the new app." in library.lessons[SLUG].body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "ten"}, "field &#39;minutes&#39;: expected a whole number of minutes"),
        ({"level": "5"}, "field &#39;level&#39;: expected 1, 2 or 3"),
        ({"title": "  "}, "field &#39;title&#39;: expected a short title"),
    ],
)
def test_an_invalid_save_is_refused_and_the_text_is_kept(trainer, trainer_app, changes, message):
    before = lesson_file(trainer_app).read_bytes()
    page = edit_page(trainer)
    body = "## My new steps\n\n1. Something I typed for a long time.\n"
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body=body, action="save", version=version_of(page), **changes)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The lesson cannot be saved like this:" in html and message in html
    assert "Something I typed for a long time." in html  # still in the textarea
    assert lesson_file(trainer_app).read_bytes() == before


def test_two_trainers_saving_the_same_lesson_do_not_overwrite_each_other(trainer, trainer_app):
    other = logged_in(trainer_app, "lan", "trainer")
    version = version_of(edit_page(trainer))
    first = other.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body="Lan's text.\n", action="save", version=version)
    )
    assert first.status_code == 302
    second = trainer.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body="Thu's text.\n", action="save", version=version)
    )
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Someone else saved this lesson" in html and "Lan&#39;s text." in html and "Thu&#39;s text." in html
    assert "Lan's text." in lesson_file(trainer_app).read_text("utf-8")
    # saving again from the conflict page (its version is now Lan's) replaces Lan's text on purpose
    third = trainer.post(
        f"/trainer/lessons/{SLUG}/edit", data=form_data(body="Thu's text.\n", action="save", version=version_of(html))
    )
    assert third.status_code == 302 and "Thu's text." in lesson_file(trainer_app).read_text("utf-8")


def test_a_broken_lesson_file_still_opens_with_its_error(trainer, trainer_app):
    lesson_file(trainer_app).write_text(
        "---\ntitle: Broken\nsummary: x\ntopic: payments\nlevel: nine\nminutes: 5\n---\nBody text here.\n"
    )
    assert "cannot be read" in trainer.get("/trainer/lessons").get_data(as_text=True)
    page = edit_page(trainer)
    assert "field &#39;level&#39;" in page and "Body text here." in page and 'value="Broken"' in page


def test_a_new_lesson_is_created_from_the_template(trainer, trainer_app):
    response = trainer.post("/trainer/lessons/new", data={"slug": "pay-water", "title": "Pay the water bill"})
    assert response.status_code == 302 and response.headers["Location"] == "/trainer/lessons/pay-water/edit"
    assert read_lesson(trainer_app.extensions["toolkit"].library.lessons_dir / "pay-water" / "lesson.md").title == (
        "Pay the water bill"
    )
    again = trainer.post("/trainer/lessons/new", data={"slug": "pay-water", "title": "Again"})
    assert again.status_code == 200 and "already exists" in again.get_data(as_text=True)
    bad = trainer.post("/trainer/lessons/new", data={"slug": "../etc", "title": "x"})
    assert bad.status_code == 200 and "Use a-z, 0-9 and" in bad.get_data(as_text=True)


# --- pictures ---------------------------------------------------------------------------------


def decompression_bomb(side: int = 12_000) -> bytes:
    """A real PNG of side×side black pixels: a few hundred KB that would decode to 144 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    rows = b"\0" * ((side + 1) * 500)  # filter byte + one byte per pixel, 500 rows at a time
    idat = b"".join(compressor.compress(rows) for _ in range(side // 500)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (400, 200), "orange")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: to be turned upright
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 8.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 50.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"home of the trainer")
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS
    return data


def upload(client, data: bytes, filename: str, **fields):
    return client.post(
        f"/trainer/lessons/{SLUG}/pictures",
        data={"picture": (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_photo_is_stored_upright_without_gps_or_other_metadata(trainer, trainer_app):
    response = upload(trainer, photo_with_gps(), "IMG 2031.JPG", name="Step 3!")
    assert "Picture saved as images/step-3.jpg (200×400)." in response.get_data(as_text=True)
    stored = trainer_app.extensions["toolkit"].library.lessons_dir / SLUG / "images" / "step-3.jpg"
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (200, 400)
        exif = image.getexif()
        assert len(exif) == 0 and not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info and "comment" not in image.info
    with trainer_app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="picture").one().new == "images/step-3.jpg"


def test_a_picture_for_one_language_gets_the_language_in_its_name(trainer, trainer_app):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), "blue").save(buffer, "PNG")
    response = upload(trainer, buffer.getvalue(), "step-1.png", lang="vi")
    assert "images/step-1.vi.png" in response.get_data(as_text=True)
    assert (trainer_app.extensions["toolkit"].library.lessons_dir / SLUG / "images" / "step-1.vi.png").is_file()


@pytest.mark.parametrize(
    ("make", "filename", "reason"),
    [
        (decompression_bomb, "bomb.png", "too many pixels"),
        (lambda: b"#!/bin/sh\necho this is not a picture\n" * 20, "cute-cat.png", "not a picture"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES, "huge.png", "the file is too big"),
        (lambda: b"GIF89a" + b"\0" * 40, "broken.gif", "not a picture"),
    ],
    ids=["decompression-bomb", "not-an-image", "oversized", "truncated"],
)
def test_unsafe_uploads_are_refused_and_nothing_is_stored(trainer, trainer_app, make, filename, reason):
    images = trainer_app.extensions["toolkit"].library.lessons_dir / SLUG / "images"
    before = sorted(p.name for p in images.iterdir())
    html = upload(trainer, make(), filename).get_data(as_text=True)
    assert "The picture was not saved:" in html and reason in html
    assert sorted(p.name for p in images.iterdir()) == before


def test_too_many_pixels_below_pillows_own_guard_are_refused_too(tmp_path):
    side = int(MAX_PIXELS**0.5) + 100
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG")
    with pytest.raises(PictureError, match="too many pixels"):
        save_picture(buffer.getvalue(), "big.png", tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_request_larger_than_the_limit_is_refused_before_reading(trainer):
    picture = b"\0" * (9 * 1024 * 1024)
    body = (
        b'--x\r\nContent-Disposition: form-data; name="picture"; filename="big.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + picture + b"\r\n--x--\r\n"
    )
    response = trainer.post(
        f"/trainer/lessons/{SLUG}/pictures", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413


def test_the_workspace_never_serves_a_symlinked_picture(trainer_app, trainer, tmp_path):
    secret = tmp_path / "environ"
    secret.write_text("SECRET_KEY=do-not-serve-me", encoding="utf-8")
    (lesson_file(trainer_app).parent / "images" / "leak.png").symlink_to(secret)
    with trainer.get(f"/trainer/lessons/{SLUG}/images/leak.png") as response:
        assert response.status_code == 404 and b"SECRET" not in response.data
    with trainer.get(f"/trainer/lessons/{SLUG}/images/step-1.png") as response:
        assert response.status_code == 200
