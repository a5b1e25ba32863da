"""Test recordings, made with PyAV (the library the toolkit transcodes with): tones, never speech."""

from __future__ import annotations

import io

import av
import numpy as np

# (container, encoder, sample rate): what phones and recorder apps write
PHONE_FORMATS = {
    "webm": ("webm", "libopus", 48_000),  # Android Chrome's MediaRecorder
    "m4a": ("mp4", "aac", 44_100),  # iOS Safari, Zalo voice notes
    "mp3": ("mp3", "libmp3lame", 44_100),
    "wav": ("wav", "pcm_s16le", 44_100),
    "ogg": ("ogg", "libopus", 48_000),
    "amr": ("amr", "libopencore_amrnb", 8_000),
}


def tone_samples(seconds: float, rate: int, silence: float = 0.0, frequency: float = 440.0) -> np.ndarray:
    """A tone with `silence` seconds of quiet before and after it."""
    t = np.arange(int(rate * seconds)) / rate
    tone = 0.3 * np.sin(2 * np.pi * frequency * t)
    quiet = np.zeros(int(rate * silence))
    return np.concatenate([quiet, tone, quiet]).astype(np.float32)


class Pipe:
    """A file that cannot seek, as MediaRecorder's output: the muxer cannot go back to write the
    duration into the header."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def encode(
    samples: np.ndarray, container: str, codec: str, rate: int, channels: int = 1, streamed: bool = False
) -> bytes:
    buffer: io.BytesIO | Pipe = Pipe() if streamed else io.BytesIO()
    layout = "mono" if channels == 1 else "stereo"
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=rate, layout=layout)
        context = stream.codec_context
        resampler = av.AudioResampler(
            format=context.format.name, layout=layout, rate=rate, frame_size=context.frame_size or None
        )
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            output.mux(stream.encode(chunk))
        output.mux(stream.encode(None))
    return buffer.getvalue()


def recording(kind: str = "webm", seconds: float = 2.0, silence: float = 0.0) -> bytes:
    container, codec, rate = PHONE_FORMATS[kind]
    return encode(tone_samples(seconds, rate, silence), container, codec, rate)


def wav(seconds: float = 2.0, rate: int = 16_000, silence: float = 0.0) -> bytes:
    return encode(tone_samples(seconds, rate, silence), "wav", "pcm_s16le", rate)


def decoded_seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.codec_context.sample_rate
