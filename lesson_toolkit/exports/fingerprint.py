"""What decides a handout's bytes besides its HTML and pictures, as one string for its cache key.

The HTML carries the lesson, its translations, the interface strings, the templates and the
options; the pictures are hashed one by one (`exports.publish.document_key`). What is left is
the machinery: the toolkit's print code, the Python libraries that lay the page out and write
it, the fonts fontconfig chooses from (and its configuration), and the text libraries (Pango,
HarfBuzz, fontconfig, FreeType). Any change to those gives every handout a new key, so a PDF
from the cache is always the one a fresh render would give.

Read without loading WeasyPrint, since a handout found in the cache must not pay for it:
font and library files are listed and their size and modification time read, never opened;
only the toolkit's own print modules are read, a few dozen KB. Taken once per process, like
the fonts WeasyPrint opens once per thread (`exports.weasy.thread_font_config`): a process
that started before a font was installed prints without it, and its key says so.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sysconfig
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent

#: The toolkit's modules that turn print HTML into PDF bytes (the HTML itself is in the key).
CODE = ("exports/weasy.py", "exports/pdf.py", "exports/publish.py", "authoring/pictures/variants.py")
#: WeasyPrint and what it lays out, shapes, subsets and encodes with.
DISTRIBUTIONS = ("weasyprint", "pydyf", "tinyhtml5", "tinycss2", "cssselect2", "pyphen", "pillow", "fonttools")
#: The shared libraries WeasyPrint loads for text, by file name.
TEXT_LIBRARIES = ("libpango-1.0.so", "libpangoft2-1.0.so", "libharfbuzz.so", "libharfbuzz-subset.so",
                  "libfontconfig.so", "libfreetype.so")  # fmt: skip


def font_places() -> list[Path]:
    """Where fontconfig finds fonts and its configuration, on Debian and most other systems."""
    places = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/etc/fonts")]
    try:
        home = Path.home()
    except RuntimeError:  # a service user with no home (no HOME, no passwd entry): fontconfig has none either
        home = None
    if home is not None:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local/share")
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        places += [data_home / "fonts", home / ".fonts", config_home / "fontconfig"]
    places += [Path(os.environ[name]) for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH") if os.environ.get(name)]
    return places


def font_files() -> list[Path]:
    """Every file under the font places, and the configuration files among them."""
    found = []
    for place in dict.fromkeys(font_places()):
        if place.is_file():
            found.append(place)
        for folder, dirs, names in os.walk(place):
            dirs.sort()
            found += [Path(folder) / name for name in sorted(names)]
    return found


def library_files() -> list[Path]:
    """The text libraries in the usual library folders (not their subfolders)."""
    arch = sysconfig.get_config_var("MULTIARCH") or ""
    roots = [Path("/usr/lib"), Path("/usr/local/lib"), Path("/lib"), Path("/usr/lib64")]
    folders = {place.resolve() for root in roots for place in (root / arch, root) if place.is_dir()}
    return [
        folder / name
        for folder in sorted(folders)
        for name in sorted(os.listdir(folder))
        if name.startswith(TEXT_LIBRARIES)
    ]


def files_stamp(paths: Iterable[Path]) -> str:
    """A hash of the name, size and modification time of each file (links followed: a font or
    library replaced in place is seen)."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            stat = path.stat()
        except OSError:  # a dangling link: nothing fontconfig or the loader can use either
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "absent"


def code_stamp() -> str:
    digest = hashlib.sha256()
    for name in CODE:
        try:
            digest.update((PACKAGE / name).read_bytes())
        except OSError:  # installed as bytecode only: the library versions still say much
            digest.update(f"no source: {name}".encode())
    return digest.hexdigest()[:16]


@functools.cache
def renderer_fingerprint() -> str:
    """The print code, library versions, fonts and text libraries of this process, in one line."""
    versions = " ".join(f"{name} {_version(name)}" for name in DISTRIBUTIONS)
    fonts, libraries = files_stamp(font_files()), files_stamp(library_files())
    return f"code {code_stamp()}; {versions}; fonts {fonts}; text libraries {libraries}"
