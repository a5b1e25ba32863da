"""The site's icon: the manifest's sizes, a maskable drawing, the favicon."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from lesson_toolkit.authoring.pictures.icons import GREEN, SIZES, draw_icon, favicon_ico, icon_png


@pytest.mark.parametrize("size", SIZES)
def test_each_icon_is_a_png_of_its_size(size):
    picture = Image.open(io.BytesIO(icon_png(size)))
    assert picture.format == "PNG" and picture.size == (size, size)


def test_only_the_manifest_sizes_are_made():
    with pytest.raises(ValueError, match="64"):
        icon_png(64)


def test_the_drawing_keeps_to_the_maskable_safe_zone():
    """Android may cut the icon to a circle of 80 % of its width: outside the middle circle
    (radius 40 %) there is only the green background, so nothing that matters is cut."""
    size = 192
    picture = draw_icon(size)
    centre = size / 2
    outside = [
        picture.getpixel((x, y))
        for x in range(size)
        for y in range(size)
        if math.hypot(x + 0.5 - centre, y + 0.5 - centre) > 0.4 * size
    ]
    assert all(max(abs(a - b) for a, b in zip(pixel, GREEN, strict=True)) <= 2 for pixel in outside)
    # and there is a drawing inside: the white phone
    assert picture.getpixel((size // 2, round(0.23 * size))) == (255, 255, 255)


def test_the_same_size_gives_the_same_bytes():
    assert draw_icon(48).tobytes() == draw_icon(48).tobytes()


def test_the_favicon_holds_16_32_and_48_pixels():
    picture = Image.open(io.BytesIO(favicon_ico()))
    assert picture.format == "ICO" and picture.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
