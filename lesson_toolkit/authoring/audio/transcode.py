"""Recordings from phones, made small for phones: decode safely, clean up, encode twice.

Input is untrusted. The container is recognised by its content (PyAV/FFmpeg probing), never by
the file's name, and only the formats phones and voice-recorder apps produce are accepted:
WebM/Opus (Android Chrome), MP4/AAC (iOS Safari, Zalo voice notes), MP3, WAV, Ogg and AMR. The
file size, the declared sample rate and channels, and the duration are limited before and while
decoding: a small file that claims hours of audio (a decode bomb) is stopped at the limit, not
decoded to the end.

The speech is mixed to mono, silence before and after is trimmed, its loudness is brought to a
common level, and it is encoded as Opus at 16 kbit/s in WebM (every current phone) and MP3 at
32 kbit/s (old iPhones and old Android browsers that play no Opus). WebM, not Ogg: Chromium
reads the end of an Ogg file before it starts playing (for its duration), which on a slow link
costs about as long as the whole file; a WebM with its duration in the header starts at once.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # av and numpy take a third of a second to load: only where audio is handled
    import av
    import numpy as np

from lesson_toolkit.authoring.errors import N_, ToolkitError

log = logging.getLogger(__name__)

MAX_BYTES = 6 * 1024 * 1024  # two minutes of WAV at 22 kHz; far more than any compressed note
MAX_SECONDS = 120
MAX_INPUT_RATE = 192_000
MAX_CHANNELS = 8
RATE = 48_000  # what Opus works at; everything is resampled to it first
MP3_RATE = 24_000
OPUS_BITRATE = 16_000
MP3_BITRATE = 32_000
WINDOW = RATE // 50  # 20 ms, for finding silence
PADDING = RATE // 5  # 200 ms of quiet kept before and after the speech
TARGET_RMS_DB = -20.0  # loudness of the spoken parts
PEAK_DB = -1.0
MAX_GAIN_DB = 30.0

# FFmpeg's demuxer names for the containers phones and recorder apps write
FORMATS = {
    "matroska,webm": "WebM",
    "mov,mp4,m4a,3gp,3g2,mj2": "MP4",
    "mp3": "MP3",
    "wav": "WAV",
    "ogg": "Ogg",
    "amr": "AMR",
    "aac": "AAC",
}
CODECS = {"opus", "vorbis", "aac", "mp3", "mp3float", "amrnb", "amrwb", "flac", "alac"} | {
    f"pcm_{kind}" for kind in ("s16le", "s24le", "s32le", "f32le", "f64le", "u8", "alaw", "mulaw")
}
ACCEPTED = "WebM, MP4/M4A, MP3, WAV, Ogg or AMR"


class AudioError(ToolkitError):
    """A recording that cannot be used; names the file and says why, and what is accepted."""


@dataclass(frozen=True)
class Transcoded:
    opus: bytes  # Opus in WebM
    mp3: bytes
    duration: float  # seconds of the cleaned-up speech


def _refuse(message: str, name: str, **params: object) -> AudioError:
    return AudioError(message, params={"name": name, **params})


def decode(data: bytes, name: str) -> np.ndarray:
    """The recording as mono float samples at `RATE`, within every limit."""
    import av
    import numpy as np

    if len(data) > MAX_BYTES:
        raise _refuse(
            N_("%(name)s: the file is too big (%(size)d KB; at most %(max)d KB)"),
            name,
            size=len(data) // 1024,
            max=MAX_BYTES // 1024,
        )
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise _refuse(N_("%(name)s: not a sound file (send %(accepted)s)"), name, accepted=ACCEPTED) from exc
    with container:
        if container.format.name not in FORMATS or not container.streams.audio:
            raise _refuse(N_("%(name)s: not a sound file (send %(accepted)s)"), name, accepted=ACCEPTED)
        stream = container.streams.audio[0]
        _check_stream(stream, container, name)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        chunks: list[np.ndarray] = []
        count = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    count += chunk.size
                    if count > MAX_SECONDS * RATE:
                        raise _too_long(name)
                    chunks.append(chunk)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as exc:
            raise _refuse(N_("%(name)s: the sound file is damaged or cut short"), name) from exc
    if not chunks:
        raise _refuse(N_("%(name)s: the sound file is damaged or cut short"), name)
    samples = np.concatenate(chunks).astype(np.float32)
    if samples.size > MAX_SECONDS * RATE:
        raise _too_long(name)
    return samples


def _too_long(name: str) -> AudioError:
    return _refuse(N_("%(name)s: the recording is too long (at most %(max)d seconds)"), name, max=MAX_SECONDS)


def _check_stream(stream: av.audio.stream.AudioStream, container: av.container.InputContainer, name: str) -> None:
    """What the header declares, refused before anything is decoded."""
    context = stream.codec_context
    if context.name not in CODECS:
        raise _refuse(N_("%(name)s: not a sound file (send %(accepted)s)"), name, accepted=ACCEPTED)
    if not context.sample_rate or context.sample_rate > MAX_INPUT_RATE or context.channels > MAX_CHANNELS:
        raise _refuse(
            N_("%(name)s: not an ordinary recording (%(rate)d samples a second, %(channels)d channels)"),
            name,
            rate=context.sample_rate or 0,
            channels=context.channels,
        )
    declared = container.duration / 1_000_000 if container.duration else 0.0
    if declared > MAX_SECONDS + 1:
        raise _too_long(name)


def _decibels(value: float) -> float:
    import numpy as np

    return 20.0 * float(np.log10(max(value, 1e-9)))


def clean_up(samples: np.ndarray, name: str) -> np.ndarray:
    """Trim the silence before and after the speech, and bring the speech to one loudness."""
    import numpy as np

    windows = samples[: samples.size - samples.size % WINDOW].reshape(-1, WINDOW)
    if not windows.size:
        raise _refuse(N_("%(name)s: nothing can be heard in the recording"), name)
    rms = np.sqrt(np.mean(windows.astype(np.float64) ** 2, axis=1))
    loudest = float(rms.max())
    # speech: windows within 35 dB of the loudest one and above a floor of -55 dBFS
    threshold = max(loudest * 10 ** (-35 / 20), 10 ** (-55 / 20))
    voiced = np.flatnonzero(rms >= threshold)
    if loudest < 10 ** (-55 / 20) or not voiced.size:
        raise _refuse(N_("%(name)s: nothing can be heard in the recording"), name)
    start = max(0, voiced[0] * WINDOW - PADDING)
    end = min(samples.size, (voiced[-1] + 1) * WINDOW + PADDING)
    speech = samples[start:end]
    level = float(np.sqrt(np.mean(rms[voiced] ** 2)))
    gain_db = min(TARGET_RMS_DB - _decibels(level), MAX_GAIN_DB)
    peak = float(np.abs(speech).max())
    gain_db = min(gain_db, PEAK_DB - _decibels(peak))
    return (speech * np.float32(10 ** (gain_db / 20))).astype(np.float32)


def _encode(samples: np.ndarray, container_format: str, codec: str, rate: int, bitrate: int) -> bytes:
    import av

    buffer = io.BytesIO()
    # bitexact: no random stream serial or encoder version in the file, so the same speech
    # gives the same bytes (and the same content-hash name)
    with av.open(buffer, mode="w", format=container_format, container_options={"fflags": "+bitexact"}) as output:
        stream = output.add_stream(codec, rate=rate, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        context = stream.codec_context
        stream.bit_rate = bitrate
        if codec == "libopus":
            # 60 ms packets: speech needs no lower latency, and the container's per-packet
            # overhead shrinks (some 108 KiB a minute instead of 126 in WebM)
            context.options = {"application": "voip", "frame_duration": "60"}
        context.flags |= av.codec.context.Flags.bitexact
        resampler = av.AudioResampler(
            format=context.format.name if context.format else "flt",
            layout="mono",
            rate=rate,
            frame_size=context.frame_size or None,
        )
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = RATE
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            output.mux(stream.encode(chunk))
        output.mux(stream.encode(None))
    return buffer.getvalue()


def transcode(data: bytes, name: str) -> Transcoded:
    """Decode, clean up and encode a recording; `AudioError` for anything not usable."""
    speech = clean_up(decode(data, name), name)
    opus = _encode(speech, "webm", "libopus", RATE, OPUS_BITRATE)
    mp3 = _encode(speech, "mp3", "libmp3lame", MP3_RATE, MP3_BITRATE)
    return Transcoded(opus=opus, mp3=mp3, duration=round(speech.size / RATE, 2))
