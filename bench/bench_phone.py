"""Phone delivery figures: page weight, first screen on a slow link, throughput, Lighthouse.

Prints, for the bundled lessons in every language:
1. compressed HTML bytes per page (gzip and brotli, as the server sends them; the critical CSS
   is inline, so this is the first round trip's whole payload), against the 14 KB budget;
2. first-screen time (first contentful paint and largest contentful paint) in Chromium on an
   emulated 400 kbit/s link with 400 ms latency, median of several cold runs;
3. requests per second and p99 latency of a cached lesson page under 50 concurrent clients on
   loopback, served by gunicorn, against a Flask route returning a constant page of the same
   size in the same server (the floor); errors; each worker's resident memory;
4. Lighthouse mobile performance and accessibility scores, when Lighthouse can be installed.

Everything runs on 127.0.0.1 only, and every loop is bounded. Usage:
    .venv/bin/python bench/bench_phone.py [--quick]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
BUDGET = 14 * 1024
LESSON = "pay-electricity-qr"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIGHTHOUSE_VERSION = "13.5.0"


# -- the app, as gunicorn loads it ---------------------------------------------------------------


def bench_app():
    """The site over the content copy named by BENCH_CONTENT, plus `/__floor`: a constant page
    as large as the lesson page, through the same app (and so the same compression)."""
    from flask import Response

    from app import create_app
    from extensions import db

    content = Path(os.environ["BENCH_CONTENT"])
    app = create_app(
        {
            "LESSONS_DIR": str(content / "lessons"),
            "LOCALES_DIR": str(content / "locales"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{content / 'bench.sqlite'}",
            "SECRET_KEY": "bench",
        }
    )
    floor_page = [b""]

    @app.route("/__floor")
    def floor():
        return Response(floor_page[0], mimetype="text/html")

    with app.app_context():
        db.create_all()
    floor_page[0] = app.test_client().get(os.environ.get("BENCH_LESSON_URL", f"/vi/lessons/{LESSON}")).get_data()
    return app


# -- set-up --------------------------------------------------------------------------------------


def content_copy() -> Path:
    from authoring.i18n.catalogue import compile_catalogues
    from authoring.i18n.languages import load_registry

    root = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo", "qps"))
    compile_catalogues(root / "locales", load_registry(root / "locales" / "languages.toml"))
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, content: Path, workers: int, worker_class: str, threads: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--backlog",
            "256",
            "--log-level",
            "warning",
            "--pythonpath",
            f"{ROOT},{ROOT / 'bench'}",
            "bench_phone:bench_app()",
        ]
        env = dict(os.environ, BENCH_CONTENT=str(content), FLASK_DEBUG="0")
        self.process = subprocess.Popen(command, env=env, cwd=ROOT)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024)
        return sizes


def get(url: str, headers: dict[str, str] | None = None):
    """(status, headers as an email.message.Message, body)"""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# -- 1. page weight ------------------------------------------------------------------------------


def page_weight(base: str, content: Path) -> None:
    from authoring.i18n.languages import load_registry

    codes = [lang.code for lang in load_registry(content / "locales" / "languages.toml").public]
    slugs = sorted(p.parent.name for p in (content / "lessons").glob("*/lesson.md"))
    pages = []
    for code in codes:
        pages += [f"/{code}/", f"/{code}/search?q=zalo", f"/{code}/search?q=xyzzy", f"/{code}/offline"]
        pages += [f"/{code}/lessons/{slug}" for slug in slugs]
        pages.append(f"/{code}/lessons/no-such-lesson")
    print("\n== 1. Compressed HTML per page (inline critical CSS included; budget 14 KB = 14336 B)")
    print("columns: bytes with Accept-Encoding gzip only, br only, and as Chrome asks (gzip, deflate, br, zstd)")
    print(f"{'page':48} {'status':>6} {'html B':>8} {'gzip B':>8} {'br B':>8} {'Chrome':>12}")
    worst = 0
    for path in pages:
        status, _, plain = get(base + path, {"Accept-Encoding": "identity"})
        sizes, chrome = [], ""
        for encoding in ("gzip", "br", "gzip, deflate, br, zstd"):
            _, headers, body = get(base + path, {"Accept-Encoding": encoding})
            # error pages are not compressed by the server: count them as the phone receives them
            sizes.append(len(body) if headers.get("Content-Encoding") else len(plain))
            chrome = headers.get("Content-Encoding") or "identity"
        worst = max(worst, *sizes)
        flag = "" if max(sizes) <= BUDGET else "  OVER BUDGET"
        print(f"{path:48} {status:>6} {len(plain):>8} {sizes[0]:>8} {sizes[1]:>8} {sizes[2]:>6} {chrome:>5}{flag}")
    print(f"largest compressed page: {worst} B ({'within' if worst <= BUDGET else 'OVER'} the 14 KB budget)")
    # for reference: gzip at its best level
    _, _, plain = get(f"{base}/vi/lessons/{LESSON}", {"Accept-Encoding": "identity"})
    print(f"(vi lesson page at gzip -9: {len(gzip.compress(plain, 9))} B)")


# -- 2. first screen on a slow link --------------------------------------------------------------

FIRST_SCREEN_JS = """() => new Promise(resolve => {
  let lcp = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) lcp = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    resolve({fcp: fcp ? fcp.startTime : null, lcp, dcl: nav.domContentLoadedEventEnd, bytes: nav.transferSize});
  }, 300);
})"""


def first_screen(base: str, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    print("\n== 2. First screen on 400 kbit/s, 400 ms latency (Chromium, 360x640, cold cache)")
    print(f"median of {runs} runs; FCP = first contentful paint, LCP = largest contentful paint")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in ("/vi/", f"/vi/lessons/{LESSON}", f"/tyz/lessons/{LESSON}", "/vi/search?q=zalo"):
            results = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
                )
                page.goto(base + path, wait_until="load", timeout=60_000)
                results.append(page.evaluate(FIRST_SCREEN_JS))
                context.close()
            fcp = statistics.median(r["fcp"] for r in results)
            lcp = statistics.median(r["lcp"] for r in results)
            print(f"{path:36} FCP {fcp / 1000:5.2f} s   LCP {lcp / 1000:5.2f} s   HTML {results[0]['bytes']} B")
        browser.close()


# -- 3. throughput -------------------------------------------------------------------------------


def wrk(url: str, seconds: int, cookie: str) -> dict[str, float]:
    command = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    command += ["-H", "Accept-Encoding: gzip, deflate, br, zstd", "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(label: str) -> float:
        value, suffix = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)$", output, re.M).groups()
        return float(value) * unit[suffix]

    errors = 0
    for match in re.finditer(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx[1]) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
    }


def throughput(content: Path, seconds: int) -> None:
    print("\n== 3. Cached lesson page vs a constant page of the same size (gunicorn, loopback, 50 clients)")
    if not shutil.which("wrk"):
        print("wrk is missing (apt-get install wrk): skipped")
        return
    for worker_class, workers, threads in (("sync", 2, 1), ("sync", 4, 1), ("gthread", 2, 4)):
        with Gunicorn(content, workers, worker_class, threads) as server:
            lesson = f"{server.url}/vi/lessons/{LESSON}"
            _, headers, body = get(lesson, {"Accept-Encoding": "gzip, deflate, br, zstd"})
            cookie = "; ".join(part.split(";")[0] for part in headers.get_all("Set-Cookie") or ["lang=vi"])
            for _ in range(2):  # warm every worker's page and picture caches
                wrk(lesson, 1, cookie)
                wrk(f"{server.url}/__floor", 1, cookie)
            page = wrk(lesson, seconds, cookie)
            floor = wrk(f"{server.url}/__floor", seconds, cookie)
            rss = server.worker_rss_mb()
        encoding = headers.get("Content-Encoding")
        print(f"gunicorn {worker_class}, {workers} workers x {threads} threads; page {len(body)} B {encoding}")
        for name, result in (("lesson page", page), ("floor", floor)):
            print(
                f"  {name:12} {result['rps']:8.0f} req/s   p50 {result['p50']:6.2f} ms   p99 {result['p99']:6.2f} ms"
                f"   errors {result['errors']}   ({result['requests']} requests)"
            )
        print(f"  lesson page / floor: {page['rps'] / floor['rps'] * 100:.0f} %")
        print(f"  worker RSS: {', '.join(f'{mb:.0f} MB' for mb in rss)}")


# -- 4. Lighthouse -------------------------------------------------------------------------------


def lighthouse_bin() -> Path | None:
    prefix = OUT / "npm"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        return None
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "package.json").write_text('{"private": true}\n')
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), f"lighthouse@{LIGHTHOUSE_VERSION}"]
    result = subprocess.run(install, capture_output=True, text=True, timeout=600)
    return binary if result.returncode == 0 and binary.exists() else None


def lighthouse(base: str) -> None:
    print(f"\n== 4. Lighthouse {LIGHTHOUSE_VERSION} (mobile preset, simulated slow 4G)")
    binary = lighthouse_bin()
    if binary is None:
        print("lighthouse could not be installed: skipped")
        return
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    for path in ("/vi/", f"/vi/lessons/{LESSON}", "/tyz/search?q=zalo"):
        report = OUT / "lighthouse.json"
        command = [str(binary), base + path, "--quiet", "--output=json", f"--output-path={report}"]
        command += ["--only-categories=performance,accessibility", "--chrome-flags=--headless --no-sandbox"]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not report.exists():
            print(f"{path:36} failed: {result.stderr.strip()[-300:]}")
            continue
        data = json.loads(report.read_text())
        scores = {name: round(category["score"] * 100) for name, category in data["categories"].items()}
        audits = data["audits"]
        print(
            f"{path:36} performance {scores['performance']:3}   accessibility {scores['accessibility']:3}"
            f"   FCP {audits['first-contentful-paint']['displayValue']}   LCP {audits['largest-contentful-paint']['displayValue']}"
        )
        report.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and shorter loads")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    content = content_copy()
    try:
        with Gunicorn(content, workers=2, worker_class="gthread", threads=4) as server:
            page_weight(server.url, content)
            first_screen(server.url, runs=3 if args.quick else 5)
            if not args.skip_lighthouse:
                lighthouse(server.url)
        throughput(content, seconds=5 if args.quick else 15)
    finally:
        shutil.rmtree(content, ignore_errors=True)


if __name__ == "__main__":
    main()
