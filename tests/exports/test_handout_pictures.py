"""Handout pictures: a drawing stays lossless (PNG, Flate in the PDF), a photo is a JPEG, and the
same lesson still gives the same PDF bytes."""

from __future__ import annotations

import shutil

from tests.conftest import make_app
from tests.exports.support import NEEDS_PDF_TOOLS, STEPS, get_pdf, pdf_images
from tests.pictures.test_choice import photo_like

pytestmark = NEEDS_PDF_TOOLS


def test_a_drawing_is_embedded_losslessly_and_a_photo_as_jpeg(client, lesson, content, tmp_path):
    photo_like((1200, 900)).save(content / "lessons" / lesson / "images" / "step-2.png")
    images = pdf_images(get_pdf(client, f"/vi/lessons/{lesson}.pdf"), tmp_path)
    assert len(images) == len(STEPS)
    encodings = [image["enc"] for image in images]
    assert encodings[1] == "jpeg"  # the photo
    assert encodings[:1] + encodings[2:] == ["image"] * (len(STEPS) - 1)  # drawings: Flate, lossless
    bw = pdf_images(get_pdf(client, f"/vi/lessons/{lesson}.pdf?bw=1"), tmp_path)
    assert [image["enc"] for image in bw] == encodings and {image["color"] for image in bw} == {"gray"}


def test_the_same_lesson_gives_the_same_pdf_bytes_in_a_fresh_cache(client, lesson, content, tmp_path):
    first = get_pdf(client, f"/vi/lessons/{lesson}.pdf")
    shutil.rmtree(tmp_path / "handouts-cache")
    (tmp_path / "again").mkdir()
    fresh = make_app(content, tmp_path / "again", HANDOUT_CACHE_DIR=str(tmp_path / "other-cache"))
    assert get_pdf(fresh.test_client(), f"/vi/lessons/{lesson}.pdf") == first
