"""Phone delivery figures: page weight, first screen on a slow link, throughput, Lighthouse.

Prints, for the bundled lessons in every language:
1. compressed HTML bytes per page (gzip and brotli, as the server sends them; the critical CSS
   is inline, so this is the first round trip's whole payload), against the 14 KB budget;
2. first-screen time (first contentful paint and largest contentful paint) in Chromium on an
   emulated 400 kbit/s link with 400 ms latency, median of several cold runs;
3. requests per second, p50 and p99 latency under 50 concurrent clients on loopback (wrk, or
   a Python load client when wrk cannot be installed), in alternating rounds (each round in
   another order), medians and the ratios taken round by round:
   - a cached lesson page, served by gunicorn (no worker recycling, no access log);
   - the floor: a route of the same app returning the very bytes and headers of that page, as
     the same client gets it (the same precompressed gzip; the bench checks the bytes are
     equal), so the ratio is what the page machinery costs;
   - the same page of the static pack (`flask export site`) from nginx, precompressed the same
     way (`gzip_static`); when nginx is missing and cannot be installed, from Python's
     `http.server`, labelled so (a far slower server: not the figure to plan with);
   - a mix of URLs (every lesson in every language, each index, searches, the pictures those
     pages show), in gunicorn; then each kind of URL of the mix alone, one window each;
   errors, and each worker's resident memory;
4. Lighthouse mobile performance and accessibility scores, when Lighthouse can be installed.

Everything runs on 127.0.0.1 only, and every loop is bounded. wrk and nginx come from Debian
(`apt-get install wrk nginx`, done here when missing, as root or through `sudo -n`, as the
Makefile's `system-packages`). Prints figures; passes or fails nothing. Usage:
    .venv/bin/python bench/bench_phone.py [--quick] [--only throughput] [--rounds 5] [--seconds 4]
"""

from __future__ import annotations

import argparse
import contextlib
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
from dataclasses import dataclass
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


ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # as Chrome on Android asks
FLOOR_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "ETag", "Cache-Control", "Content-Language")
FLOOR_ASKED = ("Host", "Cookie", "Accept-Encoding")


def site_app(content: Path):
    from lesson_toolkit.app import create_app

    return create_app(
        {
            "LESSONS_DIR": str(content / "lessons"),
            "LOCALES_DIR": str(content / "locales"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{content / 'bench.sqlite'}",
            "SECRET_KEY": "bench",
        }
    )


def bench_app():
    """The site over the content copy named by BENCH_CONTENT, plus `/__floor`: the lesson page's
    own bytes and headers (the same precompressed body) returned by a plain route of the same
    app. The tables exist already (`create_tables`): workers never race to make them."""
    from flask import Response, request

    content = Path(os.environ["BENCH_CONTENT"])
    app = site_app(content)
    captured: dict[str, object] = {}

    @app.route("/__floor")
    def floor():
        if not captured:
            # once per worker, at its first floor request: the page as this very client gets it
            # (its Host, its cookie with its session's form token, its Accept-Encoding)
            asked = {name: request.headers[name] for name in FLOOR_ASKED if name in request.headers}
            page = app.test_client(use_cookies=False).get(f"/vi/lessons/{LESSON}", headers=asked)
            captured["body"] = page.get_data()
            captured["headers"] = {name: page.headers[name] for name in FLOOR_HEADERS if name in page.headers}
        return Response(captured["body"], headers=captured["headers"])

    return app


def create_tables(content: Path) -> None:
    """Once, before gunicorn starts: two workers creating a new SQLite file's tables at the same
    moment make one of them fail ("table already exists")."""
    from lesson_toolkit.extensions import db

    app = site_app(content)
    with app.app_context():
        db.create_all()


# -- set-up --------------------------------------------------------------------------------------


def content_copy() -> Path:
    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
    from lesson_toolkit.authoring.i18n.languages import load_registry

    root = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo", "qps"))
    compile_catalogues(root / "locales", load_registry(root / "locales" / "languages.toml"))
    create_tables(root)
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, content: Path, workers: int, worker_class: str, threads: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # not the production gunicorn.conf.py: no worker recycling inside a measured window
        # (max_requests), no access log line per request
        config = content / "gunicorn.bench.py"
        config.write_text('max_requests = 0\naccesslog = None\nerrorlog = "-"\nloglevel = "warning"\n')
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(config),
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
    from lesson_toolkit.authoring.i18n.languages import load_registry

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

CLIENTS = 50
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"


def program_path(program: str) -> str | None:
    """Where `program` is: on the PATH, or in /usr/sbin (nginx, for a user without it on PATH)."""
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")


def installed(program: str) -> bool:
    """`program` is there, installed from Debian first when missing, as the Makefile's
    `system-packages` does: as root, or through sudo (never asking for a password)."""
    if program_path(program):
        return True
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if not shutil.which("apt-get") or (sudo and not shutil.which("sudo")):
        return False
    print(f"installing {program} from Debian (apt-get install {program}) ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", program],
    ):
        if subprocess.run(sudo + command, env=env, capture_output=True, timeout=600).returncode != 0:
            return False
    return program_path(program) is not None


@dataclass
class Load:
    """One measured window: requests per second, latency percentiles in ms, errors."""

    rps: float
    p50: float
    p99: float
    errors: int
    requests: int


def wrk(base: str, seconds: int, headers: dict[str, str], paths: list[str]) -> Load:
    """wrk with 2 threads and 50 connections; the Lua script prints the summary as JSON."""
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(WRK_SCRIPT)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        command += [base + paths[0]] + (["--", listing.name] if len(paths) > 1 else [])
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    result = json.loads(line.removeprefix("BENCH-JSON "))
    errors = sum(result[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Load(
        rps=result["requests"] / (result["duration_us"] / 1e6),
        p50=result["p50_us"] / 1000,
        p99=result["p99_us"] / 1000,
        errors=errors,
        requests=result["requests"],
    )


def python_load(base: str, seconds: int, headers: dict[str, str], paths: list[str]) -> Load:
    """A load client for a machine without wrk: keep-alive connections from threads. Python
    is slower than wrk, so its figures are lower bounds of what the server can do."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        mine, failed, index = [], 0, offset
        while time.monotonic() < stop:
            path = paths[index % len(paths)]
            index += 1
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                failed += response.status >= 400
            except OSError:
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - started
    latencies.sort()
    count = len(latencies)
    return Load(
        rps=count / elapsed,
        p50=latencies[count // 2] * 1000 if count else 0.0,
        p99=latencies[min(count - 1, int(count * 0.99))] * 1000 if count else 0.0,
        errors=errors[0],
        requests=count,
    )


class Nginx:
    """nginx serving a folder on loopback: one worker per core, sendfile, no access log, and
    `gzip_static` (a `.gz` beside a file is sent as is to a client that takes gzip)."""

    def __init__(self, root: Path, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        config = workdir / "nginx.conf"
        temp = workdir / "temp"
        temp.mkdir(exist_ok=True)
        config.write_text(
            f"""daemon off;
worker_processes auto;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    gzip_static on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        root {root};
        location / {{ try_files $uri $uri.html $uri/index.html =404; }}
    }}
}}
"""
        )
        self.process = subprocess.Popen(
            [program_path("nginx") or "nginx", "-c", str(config), "-p", str(workdir)], stderr=subprocess.PIPE
        )

    def __enter__(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.process.stderr.read().decode()[-300:]}")
            try:
                urllib.request.urlopen(f"{self.url}/index.html", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("nginx did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class PythonStatic:
    """The fallback when nginx cannot be had: Python's `http.server` (threads, keep-alive)
    serving the pack the way the nginx configuration does (`$uri`, `$uri.html`,
    `$uri/index.html`, a `.gz` beside the file when the client takes gzip). Much slower than
    nginx: its figure says what a plain Python file server does, not what a static server can."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, str(Path(__file__).resolve()), "--serve-static", str(root), str(self.port)]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE)

    def __enter__(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"http.server stopped: {self.process.stderr.read().decode()[-300:]}")
            try:
                urllib.request.urlopen(f"{self.url}/index.html", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("http.server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def serve_static(root: str, port: int) -> None:
    """PythonStatic's server process."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as wrk and phones use

        def log_message(self, *args) -> None:  # no access log
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            found = next(
                (c for c in (path, path + ".html", os.path.join(path, "index.html")) if os.path.isfile(c)), None
            )
            if found is None:
                self.send_error(404)
                return None
            content_type = self.guess_type(found)
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(found + ".gz")
            file = open(found + ".gz" if gzipped else found, "rb")  # noqa: SIM115 (the base class closes it)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
            self.end_headers()
            return file

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


def static_pack(content: Path) -> Path:
    """The static pack of every language, with a gzip -9 copy of each page beside it, as the
    app precompresses its pages (readable by nginx's workers, which are not root)."""
    from lesson_toolkit.authoring.i18n.languages import load_registry
    from lesson_toolkit.exports.site import export_site

    pack = content / "pack"
    app = site_app(content)
    codes = [lang.code for lang in load_registry(content / "locales" / "languages.toml").public]
    with app.app_context():
        export_site(app, pack, codes)
    for path in pack.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".svg", ".webmanifest"):
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    for folder in [content, *(p for p in pack.rglob("*") if p.is_dir()), pack]:
        folder.chmod(0o755)
    return pack


def url_mix(base: str, content: Path) -> list[str]:
    """What phones ask for: every lesson in every language, each followed by the pictures it
    shows (its `src`), each language's index and two searches."""
    from urllib.parse import quote

    from lesson_toolkit.authoring.i18n.languages import load_registry

    codes = [lang.code for lang in load_registry(content / "locales" / "languages.toml").public]
    slugs = sorted(p.parent.name for p in (content / "lessons").glob("*/lesson.md"))
    paths = []
    for code in codes:
        paths += [f"/{code}/", f"/{code}/search?q=zalo", f"/{code}/search?q={quote('điện')}"]
        for slug in slugs:
            page = f"/{code}/lessons/{slug}"
            status, _, body = get(base + page, {"Accept-Encoding": "identity"})
            if status != 200:
                continue
            paths.append(page)
            paths += [src for src in re.findall(r'<img\b[^>]*?\bsrc="(/[^"]+)"', body.decode()) if src.startswith("/")]
    return paths


def describe(name: str, load: Load) -> str:
    return f"  {name:28} {load.rps:8.0f} req/s   p50 {load.p50:7.2f} ms   p99 {load.p99:7.2f} ms   errors {load.errors}"


def throughput(content: Path, seconds: int, rounds: int, static_server: str = "nginx") -> None:
    print(f"\n== 3. Throughput on loopback, {CLIENTS} clients: alternating rounds of {seconds} s, medians")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start (the load client shares them)")
    load = wrk if installed("wrk") else python_load
    print(
        "load client: " + ("wrk 2 threads" if load is wrk else "Python threads (wrk missing): figures are lower bounds")
    )
    has_nginx = static_server == "nginx" and installed("nginx")
    pack = static_pack(content)
    workers = (os.cpu_count() or 1) + 1
    static_name = "static pack (nginx)" if has_nginx else "static pack (http.server)"
    with Gunicorn(content, workers, "sync", 1) as server:
        lesson = f"/vi/lessons/{LESSON}"
        headers = {"Accept-Encoding": ACCEPT_ENCODING}
        _, first, _ = get(server.url + lesson, headers)
        cookie = "; ".join(part.split(";")[0] for part in first.get_all("Set-Cookie") or ["lang=vi"])
        headers["Cookie"] = cookie  # the session's cookie: the page with its form token, as a return visit
        _, page_headers, body = get(server.url + lesson, headers)
        _, floor_headers, floor_body = get(server.url + "/__floor", headers)
        mix = url_mix(server.url, content)
        targets = {
            "lesson page (gunicorn)": (server.url, [lesson]),
            "floor (same bytes)": (server.url, ["/__floor"]),
            "URL mix (gunicorn)": (server.url, mix),
        }
        # the mix's parts on their own, one window each after the rounds: which kind holds it back
        kinds = {
            "mix: lesson pages": [path for path in mix if "/lessons/" in path],
            "mix: pictures": [path for path in mix if path.startswith("/pictures/")],
            "mix: searches": [path for path in mix if "/search?" in path],
            "mix: indexes": [path for path in mix if path.count("/") == 2 and path.endswith("/")],
        }
        same = "the same bytes" if floor_body == body else "DIFFERENT bytes (the floor is not fair)"
        print(
            f"gunicorn sync, {workers} workers (the production setting: one per core plus one), no recycling,"
            f" no access log; lesson page {len(body)} B {page_headers.get('Content-Encoding')}, floor"
            f" {len(floor_body)} B {floor_headers.get('Content-Encoding')}: {same}; mix: {len(mix)} URLs"
        )
        with contextlib.ExitStack() as stack:
            if has_nginx:
                static = stack.enter_context(Nginx(pack, content / "nginx"))
                label = f"nginx {nginx_version()}, {os.cpu_count()} workers, gzip_static"
            else:
                if static_server == "nginx":
                    print("nginx is missing and could not be installed: the static column is Python's http.server,")
                    print("  a far slower file server than nginx (install nginx for the figure the README quotes)")
                static = stack.enter_context(PythonStatic(pack))
                label = "python http.server (threads), .gz beside each page"
            _, static_headers, static_body = get(static.url + lesson, {"Accept-Encoding": ACCEPT_ENCODING})
            targets[static_name] = (static.url, [lesson])
            print(f"{label}: the pack's page {len(static_body)} B {static_headers.get('Content-Encoding')}")
            for base, paths in targets.values():  # warm every worker's page and picture caches
                load(base, 1, headers, paths)
            results: dict[str, list[Load]] = {name: [] for name in targets}
            names = list(targets)
            for number in range(rounds):
                # each round in another order, so that no target always runs first or last
                for name in names[number % len(names) :] + names[: number % len(names)]:
                    base, paths = targets[name]
                    results[name].append(load(base, seconds, headers, paths))
            parts = {name: load(server.url, seconds, headers, paths) for name, paths in kinds.items() if paths}
            rss = server.worker_rss_mb()
    print(f"medians of {rounds} rounds:")
    for name, loads in results.items():
        print(describe(name, Load(
            rps=statistics.median(r.rps for r in loads),
            p50=statistics.median(r.p50 for r in loads),
            p99=statistics.median(r.p99 for r in loads),
            errors=sum(r.errors for r in loads),
            requests=sum(r.requests for r in loads),
        )))  # fmt: skip
    print("the mix's parts, one window each after the rounds:")
    for name, part in parts.items():
        print(describe("  " + name, part))

    def ratio(top: str, bottom: str) -> str:
        per_round = [a.rps / b.rps for a, b in zip(results[top], results[bottom], strict=True)]
        listed = ", ".join(f"{value:.2f}" for value in per_round)
        return f"{statistics.median(per_round):.2f}x (per round: {listed})"

    print("ratios of req/s, taken round by round, median:")
    server_name = static_name.split("(")[1].rstrip(")")
    for label, top, bottom, note in (
        ("lesson page / floor", "lesson page (gunicorn)", "floor (same bytes)", ""),
        ("URL mix / lesson page", "URL mix (gunicorn)", "lesson page (gunicorn)", "   target ≥ 0.8x"),
        (f"{server_name} static / lesson page", static_name, "lesson page (gunicorn)", ""),
    ):
        print(f"  {label:30} {ratio(top, bottom)}{note}")
    print(f"  worker RSS: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def nginx_version() -> str:
    output = subprocess.run([program_path("nginx") or "nginx", "-v"], capture_output=True, text=True).stderr
    return output.strip().split("/")[-1]


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
    parser.add_argument("--only", choices=["throughput"], help="run only this part")
    parser.add_argument("--rounds", type=int, default=None, help="alternating throughput rounds (default 5; quick 3)")
    parser.add_argument("--seconds", type=int, default=None, help="seconds per throughput window (default 4; quick 2)")
    parser.add_argument("--static", choices=["nginx", "python"], default="nginx", help="the static column's server")
    parser.add_argument("--serve-static", nargs=2, metavar=("DIR", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_static:
        serve_static(args.serve_static[0], int(args.serve_static[1]))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    content = content_copy()
    try:
        if args.only is None:
            with Gunicorn(content, workers=2, worker_class="gthread", threads=4) as server:
                page_weight(server.url, content)
                first_screen(server.url, runs=3 if args.quick else 5)
                if not args.skip_lighthouse:
                    lighthouse(server.url)
        rounds = args.rounds or (3 if args.quick else 5)
        throughput(content, seconds=args.seconds or (2 if args.quick else 4), rounds=rounds, static_server=args.static)
    finally:
        shutil.rmtree(content, ignore_errors=True)


if __name__ == "__main__":
    main()
