"""The static offline site: the learners' pages, crawled from the app and written as files.

A cultural house with no internet serves the copy from a laptop, a Raspberry Pi hotspot or a
USB stick. The pages come from the same templates as the live site: the exporter asks the app
for each page (through Flask's test client, with `STATIC_EXPORT` set so that server-only parts
such as the feedback form are left out), follows every link and picture, and rewrites links
to relative file paths that work from `file://` and from any static web server.

Output is deterministic, and a file is only written when its bytes changed, so a second export
after editing one lesson rewrites only that lesson's pages (and pages that list it).
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from flask import Flask

from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.pictures.icons import SIZES as ICON_SIZES
from lesson_toolkit.authoring.storage import atomic_write
from lesson_toolkit.exports.site_pool import Frontier

MANIFEST = ".export-manifest.json"
LINK_ATTRIBUTE = re.compile(r'(?P<name>\b(?:href|src|action))="(?P<url>[^"]*)"')
SRCSET = re.compile(r'\bsrcset="(?P<value>[^"]*)"')
CSS_URL = re.compile(r"\burl\((?P<url>/[^)\"'\s]*)\)")  # a file the page's own CSS loads (a font)
# the offline search's entry script; its parts (`th.js`, `th.pos.js`, `t.starts.js`, which search.js
# loads on demand from the folder beside it) come all at once, from the same build, as `?parts=all`
INDEX_ENTRY = re.compile(r"/[a-z]{2,3}(?:_[A-Z]{2})?/search-index\.js")
INDEX_FOLDER = "search-index"
INDEX_PART = r"[a-z0-9_]+(?:\.[a-z]+)?\.js"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
WRITERS = 8  # files written at once
PAGED = re.compile(r"/[a-z]{2,3}(?:_[A-Z]{2})?/topics/[a-z0-9-]+")  # lists with `?page=N` pages
# picture variants and recordings are named by the hash of their content: the same URL is the same file
IMMUTABLE = re.compile(
    r"/pictures/[a-z0-9-]+/[^/]+/[0-9a-f]{16,}-\d+\.(?:avif|webp|jpg|png)"
    r"|/audio/[a-z0-9-]+/[a-z]{2,3}(?:_[A-Z]{2})?/[a-z]+(?:-\d+)?\.[0-9a-f]{20}\.(?:webm|mp3)"
)  # fixed, so the same site gives the same zip


class ExportError(ToolkitError):
    """A page the exporter could not fetch; names the URL."""


@dataclass(frozen=True)
class Fetched:
    """One file of the pack: the site path it was fetched at, its bytes as written, and the
    site paths (inside the pack) it leads to."""

    url: str
    body: bytes
    links: tuple[str, ...]

    @property
    def file(self) -> str:
        return file_for(self.url)


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # relative path → size

    @property
    def total_bytes(self) -> int:
        return sum(self.files.values())


def file_for(url_path: str) -> str:
    """Where a site URL is stored: `/vi/` → `vi/index.html`, `/vi/lessons/x` → `vi/lessons/x.html`;
    a list's further pages beside it: `/vi/topics/x?page=2` → `vi/topics/x/page-2.html`."""
    url_path, _, query = url_path.partition("?")
    if query:
        return f"{url_path.lstrip('/')}/page-{parse_qs(query)['page'][0]}.html"
    path = url_path.lstrip("/")
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    if "." not in posixpath.basename(path):
        return f"{path}.html"
    return path


def relative(target_file: str, from_file: str) -> str:
    return posixpath.relpath(target_file, posixpath.dirname(from_file) or ".")


class SiteCrawler:
    """Fetches pages breadth-first from the start URLs, keeping what belongs in the pack."""

    def __init__(self, app: Flask, keep: Callable[[str], bool], previous: Path | None = None):
        self.app = app
        self.client = app.test_client()
        self.keep = keep
        self.previous = previous  # a pack exported before: its hash-named pictures are still right
        self.public = app.config["PUBLIC_BASE_URL"].rstrip("/")

    def resolve(self, url: str) -> str | None:
        """The site path a link leads to inside the pack, or None for links that stay as they are."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        if parts.path.startswith("/language/"):
            # the live site's "remember my language" redirect: in the pack, go straight there
            target = parse_qs(parts.query).get("next", [""])[0]
            return self.resolve(target) if target.startswith("/") and not target.startswith("//") else None
        if not self.keep(parts.path):
            return None
        page = parse_qs(parts.query).get("page", [""])[0]
        # a topic's further pages (the only address with a query the pack keeps)
        return (
            f"{parts.path}?page={page}"
            if page.isdigit() and page != "1" and PAGED.fullmatch(parts.path)
            else parts.path
        )

    def links(self, html: str) -> Iterable[str]:
        for match in LINK_ATTRIBUTE.finditer(html):
            yield match["url"]
        for match in SRCSET.finditer(html):
            for candidate in match["value"].split(","):
                if candidate.strip():
                    yield candidate.split()[0]
        for match in CSS_URL.finditer(html):
            yield match["url"]

    def fetch(self, url: str) -> list[Fetched]:
        """The file for `url` and the site paths it links to; for the search index's entry, its
        parts too (all from one build: one request for every part)."""
        kept = self.previous / file_for(url) if self.previous and IMMUTABLE.fullmatch(url) else None
        if kept is not None and kept.is_file():
            return [Fetched(url, kept.read_bytes(), ())]  # the URL names its content: no need to ask
        body, mimetype = self.get(url)
        if mimetype == "text/html":
            html = body.decode("utf-8")
            links = dict.fromkeys(target for link in self.links(html) if (target := self.resolve(link)))
            return [Fetched(url, self.rewrite(html, url).encode("utf-8"), tuple(links))]
        if INDEX_ENTRY.fullmatch(url):
            scripts: dict[str, str] = json.loads(self.get(f"{url}?parts=all")[0])
            folder = f"{posixpath.dirname(url)}/{INDEX_FOLDER}"
            found = [
                Fetched(f"{folder}/{name}", script.encode("utf-8"), ())
                for name, script in sorted(scripts.items())
                if self.keep(f"{folder}/{name}")
            ]
            return [Fetched(url, body, tuple(part.url for part in found)), *found]
        return [Fetched(url, body, ())]

    def get(self, url: str) -> tuple[bytes, str]:
        with self.client.get(url) as response:
            if response.status_code != 200:
                raise ExportError(f"{url}: the site answered {response.status_code}")
            return response.get_data(), response.mimetype or ""

    def crawl(
        self,
        start: list[str],
        progress: Callable[[str], None] = lambda url: None,
        jobs: int = 1,
        known: dict[str, tuple[str, ...]] | None = None,
    ) -> Frontier:
        """Every file reachable from `start`, fetched (`found`) or, when `known` gives its links,
        only reached (`reached`); with `jobs` > 1 by that many processes (`site_pool`)."""
        from lesson_toolkit.exports.site_pool import crawl_in_processes

        frontier = Frontier(known or {}, progress)
        frontier.add(start)
        if jobs > 1 and frontier.queue:
            crawl_in_processes(self, frontier, jobs)
        while frontier.queue:
            frontier.take(self.fetch(frontier.queue.popleft()))
        return frontier

    def rewrite(self, html: str, url: str) -> str:
        here = file_for(url)

        def local(link: str) -> str:
            target = self.resolve(link)
            if target is None:
                # a page of the live site that is not in the pack (another language, the
                # handouts without --with-pdfs): link to the live site rather than to nothing
                return self.public + link if link.startswith("/") and not link.startswith("//") else link
            fragment = urlsplit(link).fragment
            return relative(file_for(target), here) + (f"#{fragment}" if fragment else "")

        html = LINK_ATTRIBUTE.sub(lambda m: f'{m["name"]}="{local(m["url"])}"', html)
        html = CSS_URL.sub(lambda m: f"url({local(m['url'])})", html)
        return SRCSET.sub(
            lambda m: 'srcset="' + ", ".join(
                " ".join([local(c.split()[0]), *c.split()[1:]]) for c in m["value"].split(",") if c.strip()
            ) + '"', html)  # fmt: skip


def write_pack(
    pages: dict[str, bytes], out: Path, kept: dict[str, int] | None = None, manifest: bytes | None = None
) -> ExportReport:
    """Write what changed of `pages` (file → bytes), leave `kept` (file → size, known to be
    right) alone, remove what the previous export wrote and this one did not, and write the
    manifest (by default, the file names) last: an export stopped halfway leaves none, and the
    next one starts afresh."""
    from lesson_toolkit.exports.site_manifest import manifest_bytes, read_manifest

    report = ExportReport()
    out.mkdir(parents=True, exist_ok=True)
    kept = kept or {}
    previous = read_manifest(out / MANIFEST)
    names = sorted(pages.keys() | kept.keys())
    new_manifest = manifest if manifest is not None else manifest_bytes({}, {}, names)

    def changed(name: str) -> bool:
        path = out / name
        return not (path.is_file() and path.stat().st_size == len(pages[name]) and path.read_bytes() == pages[name])

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:  # each write waits on its fsync: many at once
        order = sorted(pages)
        to_write = [name for name, differs in zip(order, pool.map(changed, order), strict=True) if differs]
        gone = sorted((previous.files if previous else set()) - set(names))
        if to_write or gone:
            (out / MANIFEST).unlink(missing_ok=True)
        for done in [pool.submit(atomic_write, out / name, pages[name]) for name in to_write]:
            done.result()
    for name in gone:
        (out / name).unlink(missing_ok=True)
    report.written, report.removed = to_write, gone
    report.unchanged = len(names) - len(to_write)
    report.files = {name: len(pages[name]) if name in pages else kept[name] for name in names}
    manifest_path = out / MANIFEST
    if not manifest_path.exists() or manifest_path.read_bytes() != new_manifest:
        atomic_write(manifest_path, new_manifest)
    return report


def write_zip(pages: dict[str, bytes], path: Path) -> None:
    """A zip with sorted entries and fixed dates: the same pack gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(pages):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, pages[name])
    atomic_write(path, buffer.getvalue())


def keeper(langs: list[str], with_pdfs: bool) -> Callable[[str], bool]:
    """Which site paths belong in the pack: learners' pages, pictures and assets; no trainer
    pages, forms or cookie switches; handouts only when asked for."""
    codes = "|".join(re.escape(code) for code in langs)
    patterns = [
        rf"/(?:{codes})/",
        rf"/(?:{codes})/(?:search|offline|search-index\.js|manifest\.webmanifest)",
        rf"/(?:{codes})/{INDEX_FOLDER}/{INDEX_PART}",
        rf"/(?:{codes})/lessons/[a-z0-9-]+",
        rf"/(?:{codes})/topics/[a-z0-9-]+",
        rf"/(?:{codes})/lessons/[a-z0-9-]+/images/[^/]+",
        r"/pictures/[^?]+",
        r"/audio/[^?]+",  # the recordings the pages play (published, in the pack's languages' chains)
        r"/assets/[^?]+",
        r"/static/[^?]+",
        r"/sw\.js",
        r"/icons/icon-\d+\.png",
        r"/favicon\.ico",
    ]
    if with_pdfs:
        patterns.append(rf"/(?:{codes})/lessons/[a-z0-9-]+\.pdf")
    allowed = re.compile("|".join(f"(?:{p})" for p in patterns))
    return lambda path: allowed.fullmatch(path) is not None


def export_site(
    app: Flask,
    out: Path,
    langs: list[str],
    with_pdfs: bool = False,
    zip_path: Path | None = None,
    progress: Callable[[str], None] = lambda url: None,
    jobs: int | None = None,
) -> ExportReport:
    """Crawl the learners' site in `langs` and write it to `out` (and a zip, if asked). Into a
    pack exported before, only what changed since is fetched again (`site_manifest`); `jobs`:
    processes to crawl with (default: one per core, see `site_pool`)."""
    from flask import render_template

    from lesson_toolkit.exports.site_manifest import inputs_of, lesson_key, manifest_bytes, read_manifest, reusable
    from lesson_toolkit.exports.site_pool import workers_for

    app.config["STATIC_EXPORT"] = True
    app.config["STATIC_EXPORT_PDFS"] = with_pdfs
    app.config["STATIC_EXPORT_LANGUAGES"] = list(langs)
    previous = read_manifest(out / MANIFEST)
    inputs = inputs_of(app, langs, with_pdfs)
    known = reusable(previous, inputs, out, lesson_key(app))
    crawler = SiteCrawler(app, keeper(langs, with_pdfs), previous=out if out.is_dir() else None)
    start = [f"/{code}/{page}" for code in langs for page in ("", "offline", "search", "search-index.js")]
    # the icons the manifests name (pages link to the favicon and the smaller icon only)
    icons = [f"/icons/icon-{size}.png" for size in ICON_SIZES]
    frontier = crawler.crawl([*start, "/sw.js", *icons], progress, workers_for(jobs), known)
    pages = {item.file: item.body for item in frontier.found.values()}
    records: dict[str, dict] = {url: {"file": item.file, "size": len(item.body), "links": list(item.links)}
               for url, item in frontier.found.items()}  # fmt: skip
    records.update({url: previous.pages[url] for url in frontier.reached} if previous else {})
    kept: dict[str, int] = {records[url]["file"]: records[url]["size"] for url in frontier.reached}
    registry = app.extensions["toolkit"].library.registry
    with app.test_request_context("/"):
        root = render_template("export/root.html", languages=[registry[code] for code in langs],
                               default=registry.default if registry.default in langs else langs[0])  # fmt: skip
    pages["index.html"] = root.encode("utf-8")  # links in it are already relative to the pack
    manifest = manifest_bytes(inputs, records, [*pages, *kept])
    report = write_pack(pages, out, kept, manifest)
    if zip_path:
        write_zip({**{name: (out / name).read_bytes() for name in kept}, **pages}, zip_path)
    return report
