"""The stress test: a pathological translation and pathological lessons written into a content
copy (built here, never checked in); every other page still answers 200, in bounded time.

The timeout is a guard against a hang (a regression to quadratic rendering would take minutes),
not a measurement: figures come from bench/bench_render_budget.py.
"""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry

SHARED_HEADING = "Các bước"  # used by every bundled lesson
SHARED_TOO = "Bạn cần có"
HOSTILE_LESSONS = {
    "bomb-size": "Đoạn văn. " * 6_000_000,  # about 60 MB
    "bomb-quotes": ">" * 5000 + " trích dẫn\n",
    "bomb-list": "".join("    " * depth + "- mục\n" for depth in range(300)),
    "bomb-steps": "".join(f"{n}. Bước {n}.\n" for n in range(1, 10_001)),
    "bomb-brackets": "\n\n".join(["[" * 170] * 1400),
    "bomb-tags": "\n\n".join(["<a " + "x " * 100] * 400),
}


@pytest.fixture
def hostile(content, write_lesson, tmp_path):
    registry = load_registry(content / "locales" / "languages.toml")
    for code in ("en", "tyz", "ium"):
        path = po_path(content / "locales", code, "lessons")
        catalog = read_catalogue(path, registry[code])
        for msgid, text in ((SHARED_HEADING, "[" * 48_000), (SHARED_TOO, "`" * 40_000)):
            message = catalog.get(msgid)
            message.string = text
            message.flags.discard("fuzzy")  # published, as if written into the file by hand
        write_catalogue(path, catalog)
    compile_catalogues(content / "locales", registry)
    for slug, body in HOSTILE_LESSONS.items():
        write_lesson(slug, body=body, status="published")
    secret = tmp_path / "environ"
    secret.write_text("SECRET_KEY=stress", encoding="utf-8")
    linked = write_lesson("bomb-link", body="![Ảnh](images/x.png)\n", status="published")
    (linked.parent / "images" / "x.png").symlink_to(secret)
    return content


@pytest.mark.timeout(600)
def test_every_other_page_still_answers(hostile, client, runner):
    bundled = sorted(path.parent.name for path in (hostile / "lessons").glob("*/lesson.md"))
    bundled = [slug for slug in bundled if not slug.startswith("bomb-")]
    assert len(bundled) >= 6
    for lang in ("vi", "en", "tyz", "ium"):
        for url in (f"/{lang}/", f"/{lang}/search?q=ngân+hàng", f"/{lang}/search-index.js"):
            assert client.get(url).status_code == 200, url
        for slug in bundled:
            response = client.get(f"/{lang}/lessons/{slug}")
            assert response.status_code == 200, (lang, slug)
            html = response.get_data(as_text=True)
            assert "[" * 100 not in html and "`" * 100 not in html
        for slug in HOSTILE_LESSONS:
            assert client.get(f"/{lang}/lessons/{slug}").status_code == 404, slug  # refused when read
        assert client.get(f"/{lang}/lessons/bomb-link").status_code == 200
        with client.get(f"/{lang}/lessons/bomb-link/images/x.png") as picture:
            assert picture.status_code == 404 and b"SECRET" not in picture.data
    tay = client.get(f"/tyz/lessons/{bundled[0]}").get_data(as_text=True)
    assert f'lang="vi">{SHARED_HEADING}<' in tay  # the heading falls back to Vietnamese
    result = runner.invoke(args=["lessons", "lint"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for slug in HOSTILE_LESSONS:
        assert f"lessons/{slug}/lesson.md" in result.output, slug
    assert "the translation is much longer than the source" in result.output
    assert "bomb-link/images/x.png: error: a symbolic link" in result.output
