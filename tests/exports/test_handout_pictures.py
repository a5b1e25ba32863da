"""Handout pictures: a drawing stays lossless (PNG, Flate in the PDF), a photo is a JPEG, and the
same lesson still gives the same PDF bytes."""

from __future__ import annotations

import shutil
from dataclasses import replace

from PIL import Image

from lesson_toolkit.authoring.pictures.variants import Variant, prepared
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


def test_drawings_are_stored_quickly_as_weasyprint_compresses_them_again(client, lesson, content, tmp_path):
    """A drawing's prepared PNG is written at zlib's quickest level: WeasyPrint decodes every PNG
    it embeds and compresses the pixels again, so the PDF is the same byte for byte as with the
    smallest PNG of those pixels."""
    photo_like((1200, 900)).save(content / "lessons" / lesson / "images" / "step-2.png")
    first = get_pdf(client, f"/vi/lessons/{lesson}.pdf")
    prepared = sorted((tmp_path / "handouts-cache" / "pictures").iterdir())
    drawings = [path for path in prepared if path.suffix == ".png"]
    assert drawings and all("-z1" in path.name for path in drawings)
    assert [path.suffix for path in prepared].count(".jpg") == 1  # the photo: a JPEG, as before
    for path in drawings:  # the same pixels, as small as Pillow can make them
        with Image.open(path) as image:
            pixels = image.tobytes()
            image.save(path, "PNG", optimize=True)
        with Image.open(path) as image:
            assert image.tobytes() == pixels
    for pdf in (tmp_path / "handouts-cache").glob("*.pdf"):
        pdf.unlink()
    assert get_pdf(client, f"/vi/lessons/{lesson}.pdf") == first


def test_a_quickly_stored_variant_has_its_own_name_and_the_same_pixels(tmp_path):
    source = tmp_path / "drawing.png"
    photo_like((900, 600)).save(source)
    small = Variant(width=640, format="png", resample="box")
    quick = replace(small, reencoded=True)
    paths = [prepared(source, variant, tmp_path / "cache") for variant in (small, quick)]
    assert paths[0] != paths[1] and "-z1" in paths[1].name
    with Image.open(paths[0]) as a, Image.open(paths[1]) as b:
        assert a.size == b.size == (640, 427) and a.tobytes() == b.tobytes()
    assert paths[1].stat().st_size > paths[0].stat().st_size  # larger on disk: the cost of speed
    # an edited picture gets a new variant; the old one is never served for it
    photo_like((600, 900)).save(source)
    assert prepared(source, quick, tmp_path / "cache") not in paths
