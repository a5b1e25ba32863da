"""Voice figures: what a recording costs to deliver, to make, to start playing, and the page.

Prints:
1. bytes per minute of speech delivered, Opus (target ≤ 130 KiB/min) and the MP3 fallback;
2. transcode time per minute of speech (decode, clean up, encode both), median of runs, for
   each input format phones send;
3. first-audio time on a 400 kbit/s link with 400 ms latency: the bytes a player needs before it
   can start (the headers and the first half second, found by decoding growing prefixes of the
   file) against the whole file's download: playback starts long before the file has arrived;
   then measured in Chromium (emulated link, from pressing play to the `playing` event);
4. the lesson page's compressed weight without recordings and with a recording on every
   message (must stay within 1 KB: players are small and preload nothing).

The "speech" is synthetic (tones with syllable-like bursts and pauses): no voice is recorded,
and nothing is written into lessons/ (a temporary copy is used). Usage:
    .venv/bin/python bench/bench_audio.py [--quick]
"""

from __future__ import annotations

import argparse
import gzip
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av
import brotli
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lesson_toolkit.authoring.audio.transcode import transcode  # noqa: E402

LINK_BITS = 400_000
LATENCY = 0.4
LESSON = "pay-electricity-qr"
START_SECONDS = 0.5  # what a player buffers before it starts


def speechlike(seconds: float, rate: int) -> np.ndarray:
    """Syllable-like bursts (150–250 ms, varying pitch and loudness) with short pauses."""
    rng = np.random.default_rng(14)
    out, t = [], 0.0
    while t < seconds:
        length = rng.uniform(0.15, 0.25)
        n = int(rate * length)
        time_axis = np.arange(n) / rate
        pitch = rng.uniform(110, 240)
        voice = sum(np.sin(2 * np.pi * pitch * k * time_axis) / k for k in range(1, 6))
        envelope = np.sin(np.pi * np.arange(n) / n) * rng.uniform(0.1, 0.4)
        out.append(voice * envelope + rng.normal(0, 0.003, n))
        pause = int(rate * rng.uniform(0.03, 0.25))
        out.append(rng.normal(0, 0.003, pause))
        t += length + pause / rate
    return np.concatenate(out)[: int(seconds * rate)].astype(np.float32)


def encode(samples: np.ndarray, container: str, codec: str, rate: int) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=rate, layout="mono")
        context = stream.codec_context
        resampler = av.AudioResampler(
            format=context.format.name, layout="mono", rate=rate, frame_size=context.frame_size or None
        )
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            output.mux(stream.encode(chunk))
        output.mux(stream.encode(None))
    return buffer.getvalue()


INPUTS = {
    "WebM/Opus (Android)": ("webm", "libopus", 48_000),
    "MP4/AAC (iOS, Zalo)": ("mp4", "aac", 44_100),
    "MP3": ("mp3", "libmp3lame", 44_100),
    "WAV": ("wav", "pcm_s16le", 16_000),
    "AMR": ("amr", "libopencore_amrnb", 8_000),
}


def decodable_seconds(prefix: bytes) -> float:
    try:
        with av.open(io.BytesIO(prefix)) as container:
            stream = container.streams.audio[0]
            samples = 0
            try:
                for frame in container.decode(stream):
                    samples += frame.samples
            except av.FFmpegError:
                pass
            return samples / (stream.codec_context.sample_rate or 1)
    except (av.FFmpegError, IndexError, ValueError):
        return 0.0


def bytes_to_start(data: bytes) -> int:
    low, high = 0, len(data)
    while high - low > 256:
        middle = (low + high) // 2
        if decodable_seconds(data[:middle]) >= START_SECONDS:
            high = middle
        else:
            low = middle
    return high


def seconds_on_link(size: int) -> float:
    # connection + request: two round trips, then the bytes at the link's rate
    return 2 * LATENCY + size * 8 / LINK_BITS


def content_copy(root: Path):
    """The bundled lessons and catalogues under `root` (without any recordings), and an app."""
    from lesson_toolkit.app import create_app
    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
    from lesson_toolkit.authoring.i18n.languages import load_registry

    shutil.copytree(ROOT / "lessons", root / "lessons", ignore=shutil.ignore_patterns("audio"))
    shutil.copytree(ROOT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo", "qps"))
    registry = load_registry(root / "locales" / "languages.toml")
    compile_catalogues(root / "locales", registry)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "LESSONS_DIR": str(root / "lessons"),
        "LOCALES_DIR": str(root / "locales"), "INSTANCE_PATH": str(root / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'bench.sqlite'}",
    })  # fmt: skip
    return app, registry


def record_everything(root: Path, registry, seconds: float, langs=("vi", "tyz")) -> int:
    """A synthetic recording of `seconds` on every message of the lesson (the temporary copy only)."""
    from lesson_toolkit.authoring.audio.messages import spoken_messages
    from lesson_toolkit.authoring.core.lesson import read_lesson
    from lesson_toolkit.authoring.workspace.recording_store import store

    lesson = read_lesson(root / "lessons" / LESSON / "lesson.md")
    sound = transcode(encode(speechlike(seconds, 48_000), "webm", "libopus", 48_000), "bench.webm")
    messages = spoken_messages(lesson)
    for message in messages:
        for lang in langs:
            store(lesson, registry[lang], message, None, sound, "bench", True, "bench")
    return len(messages)


def page_weights() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app, registry = content_copy(root)
        client = app.test_client()

        def weight(lang: str) -> tuple[int, int]:
            html = client.get(f"/{lang}/lessons/{LESSON}", headers={"Accept-Encoding": "identity"}).get_data()
            return len(gzip.compress(html, 9)), len(brotli.compress(html, quality=11))

        before = {lang: weight(lang) for lang in ("vi", "tyz")}
        count = record_everything(root, registry, 8.0)
        after = {lang: weight(lang) for lang in ("vi", "tyz")}
    print(f"\n4. lesson page {LESSON}, compressed, without → with a recording on all {count} messages")
    for lang in before:
        (g0, b0), (g1, b1) = before[lang], after[lang]
        print(f"   {lang:4} gzip {g0:6d} → {g1:6d} B (+{g1 - g0} B)   brotli {b0:6d} → {b1:6d} B (+{b1 - b0} B)"
              f"   {'within' if max(g1 - g0, b1 - b0) <= 1024 else 'OVER'} 1 KB")  # fmt: skip


def first_audio_in_chromium(runs: int, seconds: float) -> None:
    """Chromium on an emulated 400 kbit/s, 400 ms link: from pressing play to the `playing`
    event, against fetching the whole file over the same link."""
    import logging
    import os
    import threading

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print("\n3b. (no Chromium at /usr/bin/chromium: skipped)")
        return
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app, registry = content_copy(root)
        record_everything(root, registry, seconds, langs=("vi",))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}/vi/lessons/{LESSON}"
        started, whole = [], []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium,
                    args=["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"],
                )
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 360, "height": 640}, service_workers="block")
                    page = context.new_page()
                    page.goto(url)
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                    cdp.send("Network.emulateNetworkConditions", {
                        "offline": False, "latency": LATENCY * 1000,
                        "downloadThroughput": LINK_BITS / 8, "uploadThroughput": LINK_BITS / 8,
                    })  # fmt: skip
                    timing = page.evaluate("""() => new Promise(resolve => {
                        const audio = document.querySelector('#step-2 audio');
                        const t0 = performance.now();
                        audio.addEventListener('playing', () => {
                            const played = performance.now() - t0;
                            audio.pause();
                            const source = [...audio.querySelectorAll('source')]
                                .find(s => audio.canPlayType(s.type));
                            const t1 = performance.now();
                            fetch(source.src, {cache: 'no-store'}).then(r => r.arrayBuffer()).then(
                                body => resolve([played, performance.now() - t1, body.byteLength]));
                        }, {once: true});
                        audio.play();
                    })""")
                    started.append(timing[0] / 1000)
                    whole.append(timing[1] / 1000)
                    size = timing[2]
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    first, full = statistics.median(started), statistics.median(whole)
    print(f"\n3b. measured in Chromium ({runs} runs, a {seconds:g} s recording of {size / 1024:.1f} KiB, "
          f"{LINK_BITS // 1000} kbit/s, {int(LATENCY * 1000)} ms)")  # fmt: skip
    print(f"   play → playing: median {first:4.2f} s;  whole file: median {full:5.2f} s  (ratio {full / first:4.1f}×)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer and shorter runs")
    args = parser.parse_args()
    runs, minutes = (3, 0.5) if args.quick else (5, 1.0)
    seconds = 60 * minutes

    print(f"1. bytes per minute of (synthetic) speech, {minutes:g} min input")
    sound = transcode(encode(speechlike(seconds, 48_000), "wav", "pcm_s16le", 48_000), "speech.wav")
    per_minute = 60 / sound.duration
    opus_kib, mp3_kib = len(sound.opus) * per_minute / 1024, len(sound.mp3) * per_minute / 1024
    print(f"   Opus 16 kbit/s: {opus_kib:6.1f} KiB/min  (target ≤ 130: {'met' if opus_kib <= 130 else 'NOT met'})")
    print(f"   MP3  32 kbit/s: {mp3_kib:6.1f} KiB/min  (old iPhones' fallback)")

    print(f"\n2. transcode time per minute of speech (median of {runs})")
    for label, (container, codec, rate) in INPUTS.items():
        data = encode(speechlike(seconds, rate), container, codec, rate)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            transcode(data, label)
            times.append(time.perf_counter() - started)
        print(f"   {label:22} {statistics.median(times) / minutes:5.2f} s per minute of speech")

    print(
        f"\n3. first audio at {LINK_BITS // 1000} kbit/s, {int(LATENCY * 1000)} ms latency ({START_SECONDS} s buffered)"
    )
    for kind, data in (("Opus", sound.opus), ("MP3", sound.mp3)):
        needed = bytes_to_start(data)
        first, whole = seconds_on_link(needed), seconds_on_link(len(data))
        print(f"   {kind:4} needs {needed / 1024:5.1f} of {len(data) / 1024:6.1f} KiB: starts after {first:4.2f} s, "
              f"whole file after {whole:5.2f} s (ratio {whole / first:4.1f}×)")  # fmt: skip

    first_audio_in_chromium(runs=3, seconds=seconds)
    page_weights()


if __name__ == "__main__":
    main()
