"""Recording lessons in the workspace: who may record, drafts and reviewers, re-check, upload."""

from __future__ import annotations

import io
import json

import pytest

from tests.audio.sounds import recording
from tests.workspace.support import SLUG, logged_in

PAGE = f"/trainer/lessons/{SLUG}/voice"


def upload(client, lang: str, key: str, data: bytes, name: str = "note.webm", json_answer: bool = True):
    headers = {"Accept": "application/json"} if json_answer else {}
    return client.post(
        f"{PAGE}/{lang}/{key}",
        data={"audio": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def sidecar(content, lang: str, key: str) -> dict:
    return json.loads((content / "lessons" / SLUG / "audio" / lang / f"{key}.json").read_text("utf-8"))


def learner_page(app, lang: str) -> str:
    return app.test_client().get(f"/{lang}/lessons/{SLUG}").get_data(as_text=True)


def test_a_tay_reviewer_records_a_step_and_learners_hear_it(trainer_app, content):
    client = logged_in(trainer_app, "thao", "translator", languages=["tyz"], reviewed=["tyz"])
    page = client.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert 'id="m-step-2"' in page and "Check the amount on the screen." in page
    assert "There is no written Tày text" in page
    response = upload(client, "tyz", "step-2", recording("webm"))
    assert response.status_code == 200 and response.json["ok"], response.json
    saved = sidecar(content, "tyz", "step-2")
    assert saved["state"] == "published" and saved["recorded_by"] == "thao" and saved["approved_by"] == "thao"
    assert saved["source"] == saved["text"] == "Check the amount on the screen."
    assert 1.5 < saved["duration"] < 2.5
    phone = learner_page(trainer_app, "tyz")
    assert f"/audio/{SLUG}/tyz/{saved['files']['opus']}" in phone
    assert "voice-note" in phone


def test_a_tay_translator_who_is_no_reviewer_saves_a_draft_until_a_reviewer_approves(trainer_app, content):
    client = logged_in(trainer_app, "binh", "translator", languages=["tyz"])
    assert upload(client, "tyz", "step-1", recording("m4a"), "zalo.m4a").json["ok"]
    assert sidecar(content, "tyz", "step-1")["state"] == "draft"
    assert "<audio" not in learner_page(trainer_app, "tyz")
    # the draft is heard in the workspace, not by learners
    files = sidecar(content, "tyz", "step-1")["files"]
    with client.get(f"{PAGE}/tyz/files/{files['opus']}") as response:
        assert response.status_code == 200
    with trainer_app.test_client().get(f"/audio/{SLUG}/tyz/{files['opus']}") as response:
        assert response.status_code == 404
    assert client.post(f"{PAGE}/tyz/step-1/confirm").status_code == 403

    reviewer = logged_in(trainer_app, "thao", "translator", languages=["tyz"], reviewed=["tyz"])
    assert "Approve: let learners hear it" in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert reviewer.post(f"{PAGE}/tyz/step-1/confirm").status_code == 303
    assert sidecar(content, "tyz", "step-1")["approved_by"] == "thao"
    assert files["opus"] in learner_page(trainer_app, "tyz")


@pytest.mark.parametrize(
    ("role", "languages", "lang", "allowed"),
    [
        ("trainer", (), "vi", True),
        ("trainer", (), "tyz", False),
        ("translator", ("en",), "tyz", False),
        ("translator", ("tyz",), "tyz", True),
        ("translator", (), "vi", True),
        ("member", (), "vi", False),
    ],
)
def test_who_may_record_which_language(trainer_app, role, languages, lang, allowed):
    client = logged_in(trainer_app, "someone", role, languages=list(languages))
    assert client.get(f"{PAGE}/{lang}").status_code == (200 if allowed else 403)
    assert upload(client, lang, "title", recording("wav")).status_code == (200 if allowed else 403)


def test_a_trainers_vietnamese_recording_is_published(trainer_app, content):
    client = logged_in(trainer_app, "an", "trainer")
    assert upload(client, "vi", "title", recording("mp3"), "title.mp3").json["ok"]
    assert sidecar(content, "vi", "title")["state"] == "published"
    assert "<audio" in learner_page(trainer_app, "vi")


def test_a_bad_file_is_refused_with_its_name_and_the_saved_recording_stays(trainer_app, content):
    client = logged_in(trainer_app, "an", "trainer")
    assert upload(client, "vi", "step-1", recording("wav")).json["ok"]
    before = sidecar(content, "vi", "step-1")
    response = upload(client, "vi", "step-1", b"<html><body>not a sound</body></html>", "page.mp3")
    assert response.status_code == 422
    assert response.json["message"].startswith("Not saved: page.mp3: not a sound file")
    assert sidecar(content, "vi", "step-1") == before
    folder = content / "lessons" / SLUG / "audio" / "vi"
    assert {p.name for p in folder.iterdir()} == {"step-1.json", *before["files"].values()}


def test_recording_again_replaces_the_files(trainer_app, content):
    client = logged_in(trainer_app, "an", "trainer")
    upload(client, "vi", "step-1", recording("wav", seconds=2.0))
    first = sidecar(content, "vi", "step-1")
    upload(client, "vi", "step-1", recording("wav", seconds=3.0))
    second = sidecar(content, "vi", "step-1")
    assert first["files"] != second["files"]
    folder = content / "lessons" / SLUG / "audio" / "vi"
    assert {p.name for p in folder.iterdir()} == {"step-1.json", *second["files"].values()}


def test_without_javascript_the_form_answers_with_the_page(trainer_app):
    client = logged_in(trainer_app, "an", "trainer")
    response = upload(client, "vi", "step-2", recording("ogg"), "note.ogg", json_answer=False)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{PAGE}/vi#m-step-2")
    assert "Saved. Learners hear it now." in client.get(f"{PAGE}/vi").get_data(as_text=True)
    missing = client.post(f"{PAGE}/vi/step-2", data={}, content_type="multipart/form-data")
    assert missing.status_code == 303
    assert "Choose a sound file or record first." in client.get(f"{PAGE}/vi").get_data(as_text=True)


def test_a_changed_step_needs_recheck_until_a_reviewer_confirms(trainer_app, content):
    client = logged_in(trainer_app, "an", "trainer")
    upload(client, "vi", "step-2", recording("wav"))
    path = content / "lessons" / SLUG / "lesson.md"
    path.write_text(path.read_text("utf-8").replace("Check the amount", "Check the whole amount"), "utf-8")
    page = client.get(f"{PAGE}/vi").get_data(as_text=True)
    assert "to re-check: the text changed" in page and "It still fits" in page
    assert "<audio" not in learner_page(trainer_app, "vi")
    assert client.post(f"{PAGE}/vi/step-2/confirm").status_code == 303
    assert sidecar(content, "vi", "step-2")["source"] == "Check the whole amount on the screen."
    assert "<audio" in learner_page(trainer_app, "vi")


def test_the_dashboard_counts_recordings_per_lesson_and_language(trainer_app):
    client = logged_in(trainer_app, "thao", "translator", languages=["tyz"], reviewed=["tyz"])
    upload(client, "tyz", "step-2", recording("wav"))
    page = client.get("/trainer/").get_data(as_text=True)
    link = page.index(f'href="{PAGE}/tyz"')
    counts = page[page.rindex('class="voice-counts"', 0, link) : link]
    assert 'data-voice="tyz">Voice: 1 recorded, 0 to re-check, 3 missing</small>' in counts
