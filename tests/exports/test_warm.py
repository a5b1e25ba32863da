"""A new server worker prints a handout in memory before its first request (`exports.warm`):
nothing but that lesson's prepared pictures is left in the cache, and its handouts still come
out right afterwards."""

from __future__ import annotations

from lesson_toolkit import exports
from lesson_toolkit.exports import fingerprint, weasy
from lesson_toolkit.extensions import toolkit
from tests.conftest import make_app
from tests.exports.support import NEEDS_PDF_TOOLS, STEPS, get_pdf, pdf_images


def test_warming_prints_in_memory_and_keeps_only_the_pictures(app, lesson, tmp_path):
    exports.warm(app)
    cache = tmp_path / "handouts-cache"
    assert not list(cache.glob("*.pdf"))  # the PDF was not kept: a cached one would warm nothing
    prepared = sorted((cache / "pictures").iterdir())
    assert prepared
    with app.app_context():
        first = next(iter(toolkit.library.lessons))
    assert get_pdf(app.test_client(), f"/vi/lessons/{first}.pdf").startswith(b"%PDF")
    assert sorted((cache / "pictures").iterdir()) == prepared  # that lesson's, made ahead


@NEEDS_PDF_TOOLS
def test_a_warmed_worker_prints_the_same_handout(app, lesson, content, tmp_path):
    exports.warm(app)
    warmed = get_pdf(app.test_client(), f"/vi/lessons/{lesson}.pdf")
    assert len(pdf_images(warmed, tmp_path)) == len(STEPS)
    (tmp_path / "cold").mkdir()
    cold = make_app(content, tmp_path / "cold", HANDOUT_CACHE_DIR=str(tmp_path / "cold-cache"))
    assert get_pdf(cold.test_client(), f"/vi/lessons/{lesson}.pdf") == warmed


def test_warming_takes_the_renderer_fingerprint(app):
    """Every cache key holds it: the first request does not read the font folders."""
    fingerprint.renderer_fingerprint.cache_clear()
    exports.warm(app)
    assert fingerprint.renderer_fingerprint.cache_info().currsize == 1


def test_without_lessons_warming_loads_the_fonts(content, tmp_path, monkeypatch):
    (tmp_path / "no-lessons").mkdir()
    app = make_app(content, tmp_path, LESSONS_DIR=str(tmp_path / "no-lessons"))
    loaded = []
    monkeypatch.setattr(weasy, "warm", lambda: loaded.append(True))
    exports.warm(app)
    assert loaded == [True]
    assert not (tmp_path / "instance" / "handouts-cache").exists()


def test_a_lesson_that_cannot_be_printed_does_not_stop_the_worker(app, lesson, monkeypatch, caplog):
    loaded = []
    monkeypatch.setattr(weasy, "warm", lambda: loaded.append(True))

    def refuse(*args, **kwargs):
        raise weasy.PrintError("too deep")

    monkeypatch.setattr(weasy, "html_to_pdf", refuse)
    exports.warm(app)
    assert loaded == [True]
    assert "could not warm the handouts" in caplog.text
