"""Pictures chosen by size: drawings lossless, photos lossy, palettes only where faithful."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from lesson_toolkit.authoring.pictures.choice import AVIF, DRAWING, PHOTO, Kind, first_choices, kind_of
from lesson_toolkit.authoring.pictures.variants import Variant, _difference, convert, faithful_palette

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "lessons").glob("*/images/*.png"))


def photo_like(size=(800, 600), seed=0) -> Image.Image:
    """Smooth light and shade with grain, as a camera makes: thousands of colours, none common."""
    width, height = size
    rng = random.Random(seed)
    grain = Image.frombytes("RGB", size, rng.randbytes(width * height * 3)).filter(ImageFilter.GaussianBlur(1.5))
    light = Image.linear_gradient("L").resize(size)
    scene = Image.merge("RGB", [light, light.rotate(90), Image.new("L", size, 90)])
    return Image.blend(scene, grain, 0.35)


def screenshot_like() -> Image.Image:
    """A phone screen: flat areas and antialiased text."""
    image = Image.new("RGB", (720, 1280), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 720, 120), fill=(0, 104, 255))
    for row in range(20):
        draw.text((40, 160 + row * 52), "Thanh toán tiền điện 0987 654 321", fill=(20, 20, 20), font_size=30)
    return image


def test_the_bundled_pictures_are_drawings():
    assert BUNDLED
    for path in BUNDLED:
        assert kind_of(Image.open(path)).kind == DRAWING, path


def test_a_screenshot_is_a_drawing_and_a_photo_is_a_photo():
    assert kind_of(screenshot_like()).kind == DRAWING
    assert kind_of(photo_like()) == Kind(PHOTO, alpha=False)
    assert kind_of(photo_like().convert("RGBA")) == Kind(PHOTO, alpha=True)


def test_drawings_are_offered_lossless_and_photos_lossy():
    drawing, photo = Kind(DRAWING, False), Kind(PHOTO, False)
    assert drawing.formats == ("webp", "png")
    assert drawing.variant("webp", 280).lossless and drawing.variant("png", 280).palette
    assert photo.formats == (("avif",) if AVIF else ()) + ("webp", "jpg")
    assert not photo.variant("webp", 280).lossless and photo.variant("jpg", 280).format == "jpeg"
    assert Kind(PHOTO, True).fallback == "png"  # a photo with transparency: JPEG has none
    with pytest.raises(ValueError):
        drawing.variant("jpg", 280)


def webp_chunk(data: bytes) -> bytes:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data[12:16]  # b"VP8L" lossless, b"VP8 " lossy (b"VP8X" adds alpha or metadata)


def test_a_drawing_webp_is_lossless_and_a_photo_webp_lossy():
    drawing = Image.open(BUNDLED[0])
    webp = convert(drawing, kind_of(drawing).variant("webp", 720))
    assert webp_chunk(webp) == b"VP8L"
    assert list(Image.open(io.BytesIO(webp)).convert("RGB").tobytes()) == list(drawing.convert("RGB").tobytes())
    photo = photo_like()
    assert webp_chunk(convert(photo, kind_of(photo).variant("webp", 560))) == b"VP8 "


@pytest.mark.parametrize("width", [80, 160, 280, 560, 720])
def test_palettes_do_not_damage_the_bundled_drawings(width):
    """Each width's PNG, against the same resize in full colour: exact where the drawing has
    256 colours or fewer, and otherwise no pixel in 1000 off by more than 16 levels."""
    palettes = 0
    for path in BUNDLED:
        drawing = Image.open(path)
        variant = kind_of(drawing).variant("png", width)
        png = Image.open(io.BytesIO(convert(drawing, variant)))
        full = Image.open(io.BytesIO(convert(drawing, Variant(width, "png", resample="box")))).convert("RGB")
        outliers, rms = _difference(full, png.convert("RGB"))
        if png.mode == "P":
            palettes += 1
            assert outliers <= 0.001 and rms < 1.0, (path, outliers, rms)
        else:  # a palette would have damaged it: full colour, every pixel kept
            assert (outliers, rms) == (0, 0), path
        if width == drawing.width:
            assert png.mode == "P" and (outliers, rms) == (0, 0)
    assert palettes >= 0.8 * len(BUNDLED)  # the palette is what makes the PNG small


def test_a_palette_that_would_damage_a_picture_is_refused():
    assert faithful_palette(photo_like(size=(200, 150))) is None
    few = Image.new("RGB", (50, 50), "white")
    ImageDraw.Draw(few).rectangle((10, 10, 40, 40), fill=(200, 30, 30))
    exact = faithful_palette(few)
    assert exact is not None and list(exact.convert("RGB").tobytes()) == list(few.tobytes())


DRAWING_KIND, PHOTO_KIND = Kind(DRAWING, False), Kind(PHOTO, False)


@pytest.mark.parametrize(
    ("kind", "sizes", "expected"),
    [
        # the fallback smallest everywhere: no source at all
        (DRAWING_KIND, {280: {"webp": 900, "png": 800}, 560: {"webp": 2000, "png": 1500}}, []),
        # WebP smaller at one width only: the source lists the PNG where the PNG is smaller
        (
            DRAWING_KIND,
            {280: {"webp": 900, "png": 800}, 560: {"webp": 1000, "png": 1500}},
            [("webp", {280: "png", 560: "webp"})],
        ),
        # a tie goes to the format every browser reads
        (DRAWING_KIND, {280: {"webp": 800, "png": 800}}, []),
    ],
)
def test_first_choices_are_never_larger_than_the_fallback(kind, sizes, expected):
    assert first_choices(sizes, kind) == expected


@pytest.mark.skipif(not AVIF, reason="this Pillow writes no AVIF")
def test_avif_is_listed_only_where_it_beats_webp_and_the_fallback():
    smaller = {280: {"avif": 500, "webp": 700, "jpg": 900}, 560: {"avif": 1500, "webp": 1200, "jpg": 1400}}
    assert first_choices(smaller, PHOTO_KIND) == [
        ("avif", {280: "avif", 560: "webp"}),
        ("webp", {280: "webp", 560: "webp"}),
    ]
    never = {280: {"avif": 800, "webp": 700, "jpg": 900}}
    assert first_choices(never, PHOTO_KIND) == [("webp", {280: "webp"})]
