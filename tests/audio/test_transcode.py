"""Transcoding recordings from phones: each accepted format, and what is refused."""

from __future__ import annotations

import io

import av
import pytest

from lesson_toolkit.authoring.audio.transcode import MAX_BYTES, MAX_SECONDS, AudioError, transcode
from tests.audio.sounds import PHONE_FORMATS, decoded_seconds, encode, recording, tone_samples, wav
from tests.conftest import ROOT


@pytest.mark.parametrize("kind", sorted(PHONE_FORMATS))
def test_every_format_phones_write_becomes_opus_and_mp3(kind):
    sound = transcode(recording(kind, seconds=3.0), f"note.{kind}")
    with av.open(io.BytesIO(sound.opus)) as opus:
        assert opus.format.name == "matroska,webm"
        stream = opus.streams.audio[0]
        assert (stream.codec_context.name, stream.codec_context.channels) == ("opus", 1)
    with av.open(io.BytesIO(sound.mp3)) as mp3:
        assert mp3.format.name == "mp3"
        assert mp3.streams.audio[0].codec_context.channels == 1
    assert 2.8 <= sound.duration <= 3.3
    assert 2.7 <= decoded_seconds(sound.opus) <= 3.4
    # about 16 kbit/s: 3 s of speech is some 6 KB, far below the input's WAV
    assert len(sound.opus) < 10_000


def test_stereo_is_mixed_to_mono():
    data = encode(tone_samples(2.0, 44_100), "wav", "pcm_s16le", 44_100, channels=2)
    with av.open(io.BytesIO(transcode(data, "stereo.wav").opus)) as opus:
        assert opus.streams.audio[0].codec_context.channels == 1


def test_silence_before_and_after_is_trimmed_and_loudness_normalised():
    quiet = encode(tone_samples(2.0, 16_000, silence=1.5) * 0.05, "wav", "pcm_s16le", 16_000)
    loud = wav(seconds=2.0, silence=1.5)
    quiet_sound, loud_sound = transcode(quiet, "quiet.wav"), transcode(loud, "loud.wav")
    # 1.5 s of silence on each side, trimmed to 0.2 s
    assert 2.2 <= quiet_sound.duration <= 2.6
    assert abs(quiet_sound.duration - loud_sound.duration) < 0.05
    assert abs(_peak(quiet_sound.opus) - _peak(loud_sound.opus)) < 0.1


def _peak(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        return max(float(abs(frame.to_ndarray()).max()) for frame in container.decode(audio=0))


def test_the_same_recording_gives_the_same_bytes():
    data = recording("m4a")
    assert transcode(data, "a.m4a") == transcode(data, "b.m4a")


def test_a_truncated_file_is_refused():
    data = recording("m4a", seconds=4.0)
    with pytest.raises(AudioError, match="damaged or cut short|not a sound file"):
        transcode(data[: len(data) // 3], "cut.m4a")


def test_an_html_file_renamed_to_a_sound_is_refused():
    page = b"<!doctype html><html><head><title>Hi</title></head><body><p>Not a sound</p></body></html>" * 20
    with pytest.raises(AudioError, match=r"page\.mp3: not a sound file \(send WebM"):
        transcode(page, "page.mp3")


def test_a_picture_is_refused():
    picture = (ROOT / "lessons/pay-electricity-qr/images/step-1.png").read_bytes()
    with pytest.raises(AudioError, match="not a sound file"):
        transcode(picture, "step-1.png")


def test_a_ten_minute_file_is_refused_before_decoding():
    data = encode(tone_samples(600.0, 8_000), "wav", "pcm_u8", 8_000)
    assert len(data) < MAX_BYTES
    with pytest.raises(AudioError, match=f"too long \\(at most {MAX_SECONDS} seconds\\)"):
        transcode(data, "long.wav")


def test_a_file_that_decodes_longer_than_it_says_is_stopped_at_the_limit():
    # a WebM written as MediaRecorder writes it declares no duration: only decoding finds out
    data = encode(tone_samples(130.0, 48_000), "webm", "libopus", 48_000, streamed=True)
    with av.open(io.BytesIO(data)) as container:
        assert container.duration is None
    with pytest.raises(AudioError, match="too long"):
        transcode(data, "long.webm")


def test_a_huge_sample_rate_is_refused():
    data = wav(seconds=0.5, rate=16_000)
    # the WAV header claims 4 million samples a second
    huge = bytearray(data)
    huge[24:28] = (4_000_000).to_bytes(4, "little")
    huge[28:32] = (8_000_000).to_bytes(4, "little")
    with pytest.raises(AudioError, match="not an ordinary recording \\(4000000 samples a second"):
        transcode(bytes(huge), "huge.wav")


def test_a_file_over_the_size_limit_is_refused_unread():
    with pytest.raises(AudioError, match="too big"):
        transcode(b"\0" * (MAX_BYTES + 1), "big.wav")


def test_silence_alone_is_refused():
    data = encode(tone_samples(2.0, 16_000) * 0.0, "wav", "pcm_s16le", 16_000)
    with pytest.raises(AudioError, match="nothing can be heard"):
        transcode(data, "silent.wav")


def test_the_message_is_translated_where_a_person_reads_it():
    with pytest.raises(AudioError) as caught:
        transcode(b"<html></html>", "page.mp3")
    translated = caught.value.translated(lambda text: text.replace("not a sound file", "không phải tệp âm thanh"))
    assert translated.startswith("page.mp3: không phải tệp âm thanh")
