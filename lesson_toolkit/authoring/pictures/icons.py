"""The site's icon, drawn by Pillow: home-screen icons (192 and 512 px) and the favicon.

A phone in the site's green with a tick on its screen: "you can do this on your phone". The
drawing fills the square (so it also serves as a *maskable* icon, which Android cuts to a circle
or a rounded square) and keeps everything that matters inside the middle 60 %, the safe zone.
It is drawn four times larger and scaled down, for smooth edges; the same size always gives the
same bytes.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

GREEN = (11, 93, 59)  # the site's theme colour, #0b5d3b
WHITE = (255, 255, 255)
PALE = (220, 240, 228)
SIZES = (192, 512)  # what the web app manifest lists
FAVICON_SIZES = ((16, 16), (32, 32), (48, 48))
SUPERSAMPLE = 4


def draw_icon(size: int) -> Image.Image:
    """The icon as an RGB picture of `size`×`size` pixels."""
    big = size * SUPERSAMPLE
    image = Image.new("RGB", (big, big), GREEN)
    draw = ImageDraw.Draw(image)

    def box(left: float, top: float, right: float, bottom: float) -> tuple[int, int, int, int]:
        return (round(left * big), round(top * big), round(right * big), round(bottom * big))

    # the phone: 0.36 wide and 0.58 tall, centred: inside the safe zone's circle (radius 0.4)
    draw.rounded_rectangle(box(0.32, 0.21, 0.68, 0.79), radius=round(0.06 * big), fill=WHITE)
    draw.rounded_rectangle(box(0.35, 0.27, 0.65, 0.70), radius=round(0.02 * big), fill=PALE)
    draw.ellipse(box(0.475, 0.725, 0.525, 0.775), fill=GREEN)  # the home button
    # the tick on the screen
    tick = [(0.39, 0.49), (0.47, 0.58), (0.62, 0.39)]
    draw.line([(round(x * big), round(y * big)) for x, y in tick], fill=GREEN, width=round(0.055 * big), joint="curve")
    for x, y in (tick[0], tick[-1]):  # round ends
        r = 0.0275
        draw.ellipse(box(x - r, y - r, x + r, y + r), fill=GREEN)
    return image.resize((size, size), Image.Resampling.LANCZOS)


@functools.cache
def icon_png(size: int) -> bytes:
    """The icon as PNG bytes; only the manifest's sizes are made (and kept in memory)."""
    if size not in SIZES:
        raise ValueError(f"no icon of {size} px: the sizes are {SIZES}")
    buffer = io.BytesIO()
    draw_icon(size).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@functools.cache
def favicon_ico() -> bytes:
    """`/favicon.ico`: 16, 32 and 48 px in one file."""
    buffer = io.BytesIO()
    draw_icon(max(FAVICON_SIZES)[0]).save(buffer, "ICO", sizes=list(FAVICON_SIZES))
    return buffer.getvalue()
