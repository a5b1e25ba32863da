"""Recordings on the phone page: players, Tày voices without written Tày, and the sound files
with long-lived caching and range requests."""

from __future__ import annotations

import re

import pytest

from lesson_toolkit.authoring.audio.messages import spoken_messages
from lesson_toolkit.authoring.audio.transcode import transcode
from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.authoring.workspace.recording_store import store
from tests.audio.sounds import recording

SLUG = "pay-electricity-qr"


def record(content, lang: str, key: str, published: bool = True, seconds: float = 2.0) -> dict:
    """A tone recorded for one message of the bundled lesson (in the test's copy only)."""
    lesson = read_lesson(content / "lessons" / SLUG / "lesson.md")
    message = next(m for m in spoken_messages(lesson) if m.key == key)
    language = load_registry(content / "locales" / "languages.toml")[lang]
    sound = transcode(recording("webm", seconds), "test.webm")
    saved = store(lesson, language, message, None, sound, "tester", published, "tester" if published else "")
    return dict(saved.files)


def fetch(client, url: str, **kwargs):
    """A sound file's response, read and closed (send_file streams from an open file)."""
    with client.get(url, **kwargs) as response:
        response.get_data()
        return response


def test_a_page_without_recordings_has_no_player(client):
    page = client.get(f"/vi/lessons/{SLUG}").get_data(as_text=True)
    assert "<audio" not in page and 'class="voice' not in page


def test_each_recorded_step_gets_one_player_that_never_preloads(client, content):
    files = record(content, "vi", "step-2")
    record(content, "vi", "title")
    page = client.get(f"/vi/lessons/{SLUG}").get_data(as_text=True)
    assert page.count("<audio") == 2
    step = page[page.index('<li id="step-2">') : page.index('<li id="step-3">')]
    assert f'src="/audio/{SLUG}/vi/{files["opus"]}" type="audio/webm; codecs=opus"' in step
    assert f'src="/audio/{SLUG}/vi/{files["mp3"]}" type="audio/mpeg"' in step
    assert '<audio controls preload="none">' in step  # plays without JavaScript; downloads nothing first
    assert re.search(r"≈ \d+ KB", step)
    assert f'href="/audio/{SLUG}/vi/{files["mp3"]}"' in step  # a link, for browsers with no audio element
    title_player = page[page.index("</h1>") : page.index('class="summary"')]
    assert "<audio" in title_player


def test_a_draft_tay_recording_is_not_heard(client, content):
    record(content, "tyz", "step-2", published=False)
    page = client.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert "<audio" not in page


def test_a_tay_voice_without_written_tay_shows_vietnamese_text_and_says_so(client, content):
    files = record(content, "tyz", "step-2")
    page = client.get(f"/tyz/lessons/{SLUG}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    step = page[page.index('<li id="step-2">') : page.index('<li id="step-3">')]
    assert "Mở ứng dụng ngân hàng hoặc ví điện tử" in step  # the Vietnamese text
    assert f"/audio/{SLUG}/tyz/{files['opus']}" in step
    assert 'class="fallback-note voice-note"' in page


def test_a_tay_page_falls_back_to_a_vietnamese_voice(client, content):
    record(content, "vi", "step-3")
    page = client.get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    step = page[page.index('<li id="step-3">') : page.index('<li id="step-4">')]
    assert f"/audio/{SLUG}/vi/" in step
    assert "voice-note" not in page  # a Vietnamese voice for Vietnamese text


def test_a_changed_step_is_not_played_as_current(client, content):
    record(content, "vi", "step-2")
    path = content / "lessons" / SLUG / "lesson.md"
    path.write_text(path.read_text("utf-8").replace("Mở ứng dụng ngân hàng", "Mở ngay ứng dụng ngân hàng"), "utf-8")
    page = client.get(f"/vi/lessons/{SLUG}").get_data(as_text=True)
    assert "<audio" not in page


def test_sound_files_are_cached_for_a_year(client, content):
    files = record(content, "vi", "step-2")
    response = fetch(client, f"/audio/{SLUG}/vi/{files['opus']}")
    assert response.status_code == 200
    assert response.mimetype == "audio/webm"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert {"public", "immutable", "max-age=31536000"} <= {
        d.strip() for d in response.headers["Cache-Control"].split(",")
    }
    assert fetch(client, f"/audio/{SLUG}/vi/{files['mp3']}").mimetype == "audio/mpeg"


def test_range_requests_return_206_with_the_right_bytes(client, content):
    files = record(content, "vi", "step-2")
    whole = (content / "lessons" / SLUG / "audio" / "vi" / files["opus"]).read_bytes()
    response = fetch(client, f"/audio/{SLUG}/vi/{files['opus']}", headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert response.get_data() == whole[100:200]
    tail = fetch(client, f"/audio/{SLUG}/vi/{files['opus']}", headers={"Range": "bytes=-10"})
    assert (tail.status_code, tail.get_data()) == (206, whole[-10:])
    beyond = fetch(client, f"/audio/{SLUG}/vi/{files['opus']}", headers={"Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status_code == 416


@pytest.mark.parametrize(
    "path",
    [
        "/audio/{slug}/vi/step-2.{digest}.wav",
        "/audio/{slug}/vi/step-3.{digest}.webm",  # no such recording
        "/audio/{slug}/xx/step-2.{digest}.opus",
        "/audio/{slug}/vi/..%2Flesson.md",
        "/audio/no-such-lesson/vi/step-2.{digest}.webm",
        "/audio/{slug}/vi/step-2.{digest}.opus",
    ],
)
def test_only_published_recordings_files_are_served(client, content, path):
    files = record(content, "vi", "step-2")
    digest = files["opus"].split(".")[1]
    assert fetch(client, path.format(slug=SLUG, digest=digest)).status_code == 404


def test_a_draft_recordings_files_are_not_served_to_learners(client, content):
    files = record(content, "tyz", "step-2", published=False)
    assert fetch(client, f"/audio/{SLUG}/tyz/{files['opus']}").status_code == 404


def test_search_says_which_lessons_can_be_heard(client, content):
    record(content, "tyz", "step-2")
    page = client.get("/tyz/search?q=điện").get_data(as_text=True)
    start = page.index(f'<a href="/tyz/lessons/{SLUG}"')
    result = page[start : page.index("</li>", start)]  # this lesson's result, and only it
    # the Tày page's interface falls back to Vietnamese: "Bài này nghe được bằng tiếng Tày."
    assert re.search(r'<p class="heard">[^<]*tiếng Tày\.</p>', result), result
    others = page[page.index('<ul class="cards results">') :].replace(result, "")
    assert 'class="heard"' not in others
    index = client.get("/tyz/search-index.js").get_data(as_text=True)
    entry = index[index.index(f'"u":"lessons/{SLUG}"') :]
    assert '"h":"tiếng Tày"' in entry[: entry.index("}")]
    assert index.count('"h":') == 1
