"""The static pack's pictures: only files a page references, one per picture and width (plus
the old browsers' fallback at the smallest width)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from tests.exports.test_site import Links, export

PICTURE_FILE = re.compile(r"pictures/(?P<slug>[^/]+)/(?P<name>[^/]+)/[0-9a-f]{20}-(?P<width>\d+)\.(?P<ext>\w+)$")


def referenced(out: Path) -> set[str]:
    """Every pack file a page's `src`, `href` or `srcset` names, relative to the pack."""
    found = set()
    for page in out.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if "://" not in link and not link.startswith(("#", "mailto:", "tel:")):
                target = (page.parent / link.split("#")[0]).resolve()
                if target.is_relative_to(out.resolve()):
                    found.add(str(target.relative_to(out.resolve())))
    return found


def test_the_pack_holds_only_the_picture_files_its_pages_use(runner, tmp_path):
    out = tmp_path / "pack"
    export(runner, out, "--lang", "vi")
    files = {str(p.relative_to(out)) for p in (out / "pictures").rglob("*") if p.is_file()}
    assert files and files <= referenced(out)  # nothing unreferenced
    per_width: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    fallbacks = img_src(out)
    for name in files:
        match = PICTURE_FILE.search(name)
        assert match, name
        if name not in fallbacks:
            per_width[(match["slug"], match["name"], match["width"])].append(match["ext"])
    assert per_width and all(len(exts) == 1 for exts in per_width.values()), per_width


def img_src(out: Path) -> set[str]:
    """The files `<img src>` names: what a browser without `srcset` or `<source>` shows."""
    found = set()
    for page in out.rglob("*.html"):
        for src in re.findall(r'<img [^>]*?src="([^"]+)"', page.read_text(encoding="utf-8")):
            target = (page.parent / src).resolve()
            if target.is_relative_to(out.resolve()):
                found.add(str(target.relative_to(out.resolve())))
    return found
