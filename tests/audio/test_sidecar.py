"""Sidecars and staleness: a recording whose message changed needs re-check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lesson_toolkit.authoring.audio.messages import spoken_messages
from lesson_toolkit.authoring.audio.sidecar import Recording, SidecarError, load_recordings, read_sidecar, sidecar_path
from lesson_toolkit.authoring.audio.voices import coverage, voices
from lesson_toolkit.authoring.core.lesson import read_lesson

BODY = """
## Các bước

1. Mở ứng dụng ngân hàng.

    ![Ứng dụng ngân hàng](images/step-1.png)

2. Bấm **Quét QR**.

!!! tip "Mẹo"
    Giữ điện thoại thật yên.
"""


def write_recording(
    lesson_folder: Path, lang: str, key: str, source: str, text: str | None = None, state: str = "published"
) -> Path:
    folder = lesson_folder / "audio" / lang
    folder.mkdir(parents=True, exist_ok=True)
    files = {"opus": f"{key}.{'a' * 20}.webm", "mp3": f"{key}.{'b' * 20}.mp3"}
    for name in files.values():
        (folder / name).write_bytes(b"sound")
    recording = Recording(
        key,
        lang,
        source,
        text or source,
        "lan",
        "2026-12-01T10:00:00Z",
        2.5,
        state,
        "lan",
        files,
        {"opus": 5, "mp3": 5},
    )
    path = sidecar_path(lesson_folder, lang, key)
    path.write_bytes(recording.to_json())
    return path


def test_messages_are_named_title_summary_steps_and_boxes(write_lesson):
    lesson = read_lesson(write_lesson("spoken", BODY, title="Quét mã", summary="Trả tiền."))
    messages = {m.key: m.source for m in spoken_messages(lesson)}
    assert messages == {
        "title": "Quét mã",
        "summary": "Trả tiền.",
        "step-1": "Mở ứng dụng ngân hàng.",  # the picture's description is not spoken
        "step-2": "Bấm **Quét QR**.",
        "tip-1": "Mẹo Giữ điện thoại thật yên.",
    }


def test_changing_the_message_text_marks_the_recording_needs_recheck(write_lesson):
    path = write_lesson("spoken", BODY)
    write_recording(path.parent, "vi", "step-2", "Bấm **Quét QR**.")
    step = {v.message.key: v for v in voices(read_lesson(path), "vi", "vi", {})}["step-2"]
    assert (step.status, step.playable) == ("current", True)

    path.write_text(path.read_text("utf-8").replace("Bấm **Quét QR**.", "Bấm nút **Quét QR**."), "utf-8")
    step = {v.message.key: v for v in voices(read_lesson(path), "vi", "vi", {})}["step-2"]
    assert (step.status, step.playable) == ("recheck", False)


def test_a_recording_of_a_translation_needs_recheck_when_the_translation_changes(write_lesson):
    path = write_lesson("spoken", BODY)
    source = "Bấm **Quét QR**."
    write_recording(path.parent, "en", "step-2", source, "Tap **Scan QR**.")
    lesson = read_lesson(path)
    by_key = lambda table: {v.message.key: v for v in voices(lesson, "en", "vi", table)}["step-2"]  # noqa: E731
    assert by_key({(None, source): "Tap **Scan QR**."}).status == "current"
    assert by_key({(None, source): "Press **Scan QR**."}).status == "recheck"


def test_a_spoken_only_tay_step_stays_current_without_a_written_translation(write_lesson):
    path = write_lesson("spoken", BODY)
    write_recording(path.parent, "tyz", "step-2", "Bấm **Quét QR**.")
    found = voices(read_lesson(path), "tyz", "vi", {})
    step = {v.message.key: v for v in found}["step-2"]
    assert (step.status, step.playable, step.translation) == ("current", True, None)
    assert coverage(found) == coverage(found).__class__(recorded=1, drafts=0, recheck=0, missing=4)


def test_a_draft_is_not_heard_by_learners(write_lesson):
    path = write_lesson("spoken", BODY)
    write_recording(path.parent, "tyz", "step-2", "Bấm **Quét QR**.", state="draft")
    found = voices(read_lesson(path), "tyz", "vi", {})
    step = {v.message.key: v for v in found}["step-2"]
    assert (step.status, step.playable, step.draft) == ("current", False, True)
    assert coverage(found).drafts == 1


def test_a_broken_sidecar_is_left_out_and_the_others_still_play(write_lesson):
    path = write_lesson("spoken", BODY)
    write_recording(path.parent, "vi", "step-1", "Mở ứng dụng ngân hàng.")
    broken = write_recording(path.parent, "vi", "step-2", "Bấm **Quét QR**.")
    broken.write_text("{not json", "utf-8")
    found = load_recordings(path.parent)
    assert list(found.recordings) == [("vi", "step-1")]
    assert [str(e.path) for e in found.errors] == [str(broken)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("source"), "source"),
        (lambda d: d.update(state="approved"), "state"),
        (lambda d: d.update(message="step-9"), "message"),
        (lambda d: d["files"].update(opus="../../lesson.md"), "files.opus"),
    ],
)
def test_a_bad_sidecar_names_its_file_and_field(write_lesson, change, field):
    path = write_recording(write_lesson("spoken", BODY).parent, "vi", "step-2", "Bấm **Quét QR**.")
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(SidecarError) as caught:
        read_sidecar(path)
    assert caught.value.path == path and caught.value.field == field
    assert str(caught.value).startswith(f"{path}: field '{field}'")


def test_a_sound_file_that_is_gone_is_reported(write_lesson):
    path = write_recording(write_lesson("spoken", BODY).parent, "vi", "step-2", "Bấm **Quét QR**.")
    next(path.parent.glob("*.mp3")).unlink()
    with pytest.raises(SidecarError, match="sound file is missing"):
        read_sidecar(path)
