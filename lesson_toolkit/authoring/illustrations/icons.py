"""Small line drawings: ticks, crosses, a phone handset, people, a pointing hand, and others.

Each icon is drawn around a centre point at a given size, with thick outlines and light fills.
None copies a brand mark: app icons are plain shapes with a name written under them.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from lesson_toolkit.authoring.illustrations.kit import (
    GREEN,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    LIGHT_RED,
    LINE,
    ORANGE,
    RED,
    SKIN,
    WHITE,
    YELLOW,
    Box,
    Picture,
    text,
)

Draw = ImageDraw.ImageDraw


def tick(d: Draw, cx: float, cy: float, r: float = 50) -> None:
    """Done / correct: a green circle with a check mark."""
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=LIGHT_GREEN, outline=GREEN, width=LINE)
    points = [(cx - r * 0.5, cy), (cx - r * 0.12, cy + r * 0.4), (cx + r * 0.52, cy - r * 0.36)]
    d.line(points, fill=GREEN, width=max(round(r / 5), 6), joint="curve")


def cross(d: Draw, cx: float, cy: float, r: float = 50) -> None:
    """Do not: a red circle with an X."""
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=LIGHT_RED, outline=RED, width=LINE)
    k = r * 0.42
    width = max(round(r / 5), 6)
    d.line([(cx - k, cy - k), (cx + k, cy + k)], fill=RED, width=width)
    d.line([(cx - k, cy + k), (cx + k, cy - k)], fill=RED, width=width)


def strike(d: Draw, box: Box) -> None:
    """A big red 'no' sign drawn over something: a ring and a diagonal bar."""
    r = min(box.w, box.h) / 2
    d.ellipse((box.cx - r, box.cy - r, box.cx + r, box.cy + r), outline=RED, width=12)
    k = r * 0.7
    d.line([(box.cx - k, box.cy - k), (box.cx + k, box.cy + k)], fill=RED, width=12)


def warning(d: Draw, cx: float, cy: float, r: float = 50) -> None:
    """Careful: a yellow triangle with '!'."""
    points = [(cx, cy - r), (cx + r * 1.1, cy + r * 0.85), (cx - r * 1.1, cy + r * 0.85)]
    d.polygon(points, fill=YELLOW, outline=INK, width=LINE)
    d.line([(cx, cy - r * 0.4), (cx, cy + r * 0.3)], fill=INK, width=max(round(r / 6), 6))
    d.ellipse((cx - r * 0.09, cy + r * 0.5, cx + r * 0.09, cy + r * 0.68), fill=INK)


def _turned(points, cx: float, cy: float, angle: float) -> list[tuple[float, float]]:
    a = math.radians(angle)
    return [(cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)) for x, y in points]


def handset(d: Draw, cx: float, cy: float, r: float = 30, colour=INK, hang_up: bool = False) -> None:
    """A telephone handset; `hang_up` turns it level, as on the red end-call button."""
    angle = 0 if hang_up else -35
    handle = [(-r * 1.2, -r * 0.25), (r * 1.2, -r * 0.25), (r * 1.2, r * 0.25), (-r * 1.2, r * 0.25)]
    ear = [(-r * 1.3, -r * 0.2), (-r * 0.6, -r * 0.2), (-r * 0.6, r * 0.6), (-r * 1.3, r * 0.6)]
    mouth = [(r * 0.6, -r * 0.2), (r * 1.3, -r * 0.2), (r * 1.3, r * 0.6), (r * 0.6, r * 0.6)]
    for shape in (handle, ear, mouth):
        d.polygon(_turned(shape, cx, cy, angle), fill=colour)


def video(d: Draw, cx: float, cy: float, r: float = 30, colour=INK) -> None:
    """A video camera: the video-call button."""
    d.rounded_rectangle((cx - r * 1.1, cy - r * 0.6, cx + r * 0.35, cy + r * 0.6), radius=r * 0.2, fill=colour)
    d.polygon([(cx + r * 0.45, cy), (cx + r * 1.1, cy - r * 0.55), (cx + r * 1.1, cy + r * 0.55)], fill=colour)


def person(d: Draw, cx: float, cy: float, r: float = 40, fill=LIGHT_BLUE) -> None:
    """Head and shoulders, as an avatar or a portrait."""
    d.ellipse((cx - r * 0.45, cy - r * 0.95, cx + r * 0.45, cy - r * 0.05), fill=fill, outline=INK, width=4)
    d.chord((cx - r * 0.85, cy + r * 0.05, cx + r * 0.85, cy + r * 1.7), 180, 360, fill=fill, outline=INK, width=4)


def group(d: Draw, cx: float, cy: float, r: float = 40) -> None:
    """Three people: a group chat."""
    person(d, cx - r * 0.7, cy + r * 0.1, r * 0.75, fill=GREY)
    person(d, cx + r * 0.7, cy + r * 0.1, r * 0.75, fill=GREY)
    person(d, cx, cy - r * 0.1, r * 0.85)


def gear(d: Draw, cx: float, cy: float, r: float = 24) -> None:
    teeth = []
    for i in range(16):
        a = math.pi * 2 * i / 16
        radius = r if i % 2 == 0 else r * 0.72
        teeth.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    d.polygon(teeth, fill=WHITE, outline=INK, width=4)
    d.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), outline=INK, width=4)


def lock(d: Draw, cx: float, cy: float, r: float = 30) -> None:
    d.arc((cx - r * 0.55, cy - r * 1.1, cx + r * 0.55, cy + r * 0.1), 180, 360, fill=INK, width=6)
    d.line([(cx - r * 0.55, cy - r * 0.5), (cx - r * 0.55, cy - r * 0.1)], fill=INK, width=6)
    d.line([(cx + r * 0.55, cy - r * 0.5), (cx + r * 0.55, cy - r * 0.1)], fill=INK, width=6)
    d.rounded_rectangle(
        (cx - r * 0.85, cy - r * 0.15, cx + r * 0.85, cy + r), radius=6, fill=YELLOW, outline=INK, width=5
    )
    d.ellipse((cx - 5, cy + r * 0.3 - 5, cx + 5, cy + r * 0.3 + 5), fill=INK)


def magnifier(d: Draw, cx: float, cy: float, r: float = 16) -> None:
    d.ellipse((cx - r, cy - r, cx + r * 0.6, cy + r * 0.6), outline=INK, width=5)
    d.line([(cx + r * 0.45, cy + r * 0.45), (cx + r * 1.1, cy + r * 1.1)], fill=INK, width=6)


def send(d: Draw, cx: float, cy: float, r: float = 20, colour=INK) -> None:
    """The paper-plane 'send' arrow."""
    d.polygon([(cx - r, cy - r * 0.9), (cx + r, cy), (cx - r, cy + r * 0.9), (cx - r * 0.55, cy)], fill=colour)


def microphone(d: Draw, cx: float, cy: float, r: float = 20) -> None:
    d.rounded_rectangle((cx - r * 0.4, cy - r, cx + r * 0.4, cy + r * 0.3), radius=r * 0.4, fill=INK)
    d.arc((cx - r * 0.7, cy - r * 0.5, cx + r * 0.7, cy + r * 0.65), 0, 180, fill=INK, width=4)
    d.line([(cx, cy + r * 0.65), (cx, cy + r)], fill=INK, width=4)


def plus(d: Draw, cx: float, cy: float, r: float = 18) -> None:
    d.line([(cx - r, cy), (cx + r, cy)], fill=INK, width=6)
    d.line([(cx, cy - r), (cx, cy + r)], fill=INK, width=6)


def bolt(d: Draw, cx: float, cy: float, r: float = 30) -> None:
    """A lightning bolt: electricity (a plain shape, not any company's mark)."""
    points = [(0.15, -1), (-0.55, 0.12), (-0.02, 0.12), (-0.2, 1), (0.55, -0.2), (0.02, -0.2), (0.3, -1)]
    d.polygon([(cx + x * r, cy + y * r) for x, y in points], fill=YELLOW, outline=INK, width=4)


def medical(d: Draw, cx: float, cy: float, r: float = 30) -> None:
    """A green health cross in a square (never the red cross: that emblem is protected)."""
    d.rounded_rectangle((cx - r, cy - r, cx + r, cy + r), radius=r * 0.3, fill=WHITE, outline=INK, width=5)
    k, w = r * 0.62, r * 0.22
    d.rectangle((cx - w, cy - k, cx + w, cy + k), fill=GREEN)
    d.rectangle((cx - k, cy - w, cx + k, cy + w), fill=GREEN)


def store(d: Draw, cx: float, cy: float, r: float = 36) -> None:
    """An app store: a shopping bag with a down arrow (no store's logo)."""
    d.arc((cx - r * 0.45, cy - r * 1.05, cx + r * 0.45, cy - r * 0.2), 180, 360, fill=INK, width=5)
    d.rounded_rectangle(
        (cx - r * 0.85, cy - r * 0.6, cx + r * 0.85, cy + r * 0.9), radius=8, fill=LIGHT_BLUE, outline=INK, width=5
    )
    d.line([(cx, cy - r * 0.3), (cx, cy + r * 0.55)], fill=INK, width=6)
    d.line([(cx - r * 0.35, cy + r * 0.2), (cx, cy + r * 0.58), (cx + r * 0.35, cy + r * 0.2)], fill=INK, width=6)


def app_tile(d: Draw, box: Box, name: str, draw_icon) -> None:
    """An app on the home screen: a rounded tile with a plain picture, its name written below."""
    tile = Box(box.cx - 46, box.y0, box.cx + 46, box.y0 + 92)
    d.rounded_rectangle(tile.xy, radius=22, fill=WHITE, outline=INK, width=5)
    draw_icon(d, tile.cx, tile.cy)
    text(d, Box(box.x0 + 2, tile.y1 + 4, box.x1 - 2, box.y1), name, size=23, bold=True, min_size=22)


def orange_fruit(d: Draw, cx: float, cy: float, r: float = 40) -> None:
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ORANGE, outline=INK, width=5)
    d.ellipse((cx - 4, cy - r - 2, cx + 4, cy - r + 6), fill=INK)
    d.chord((cx, cy - r - 26, cx + r * 0.9, cy - r + 8), 150, 330, fill=LIGHT_GREEN, outline=INK, width=4)


def parcel(d: Draw, box: Box) -> None:
    """A taped cardboard box with a label."""
    d.rectangle(box.xy, fill=ORANGE, outline=INK, width=LINE)
    d.rectangle((box.cx - 16, box.y0, box.cx + 16, box.y1), fill=YELLOW, outline=INK, width=3)
    label = Box(box.x0 + 18, box.cy - 10, box.cx - 30, box.y1 - 18)
    d.rectangle(label.xy, fill=WHITE, outline=INK, width=4)
    for i in range(3):
        y = label.y0 + 16 + i * 18
        d.line([(label.x0 + 10, y), (label.x1 - 10, y)], fill=INK, width=4)


def sun(d: Draw, cx: float, cy: float, r: float = 34) -> None:
    for i in range(12):
        a = math.pi * 2 * i / 12
        d.line(
            [
                (cx + r * 1.2 * math.cos(a), cy + r * 1.2 * math.sin(a)),
                (cx + r * 1.6 * math.cos(a), cy + r * 1.6 * math.sin(a)),
            ],
            fill=INK,
            width=5,
        )
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=YELLOW, outline=INK, width=5)


def shield(d: Draw, cx: float, cy: float, r: float = 40) -> None:
    points = [(cx, cy - r), (cx + r * 0.85, cy - r * 0.65), (cx + r * 0.75, cy + r * 0.3), (cx, cy + r),
              (cx - r * 0.75, cy + r * 0.3), (cx - r * 0.85, cy - r * 0.65)]  # fmt: skip
    d.polygon(points, fill=LIGHT_BLUE, outline=INK, width=5)
    d.line([(cx - r * 0.35, cy), (cx - r * 0.05, cy + r * 0.3), (cx + r * 0.4, cy - r * 0.3)], fill=INK, width=7)


def building(d: Draw, box: Box, sign: str) -> None:
    """A public building (commune police, post office) with its name on a sign."""
    roof_h = box.h * 0.28
    d.polygon(
        [(box.x0 - 10, box.y0 + roof_h), (box.cx, box.y0), (box.x1 + 10, box.y0 + roof_h)],
        fill=GREY,
        outline=INK,
        width=LINE,
    )
    walls = Box(box.x0, box.y0 + roof_h, box.x1, box.y1)
    d.rectangle(walls.xy, fill=WHITE, outline=INK, width=LINE)
    plate = Box(walls.x0 + 14, walls.y0 + 12, walls.x1 - 14, walls.y0 + 64)
    d.rectangle(plate.xy, fill=YELLOW, outline=INK, width=4)
    text(d, plate.inset(6, 2), sign, size=28, bold=True, min_size=16)
    door = Box(walls.cx - 30, walls.y1 - 90, walls.cx + 30, walls.y1)
    d.rectangle(door.xy, fill=LIGHT_BLUE, outline=INK, width=5)
    for x in (walls.x0 + 24, walls.x1 - 74):
        d.rectangle((x, walls.y1 - 84, x + 50, walls.y1 - 40), fill=LIGHT_BLUE, outline=INK, width=4)


# --- the pointing hand ---------------------------------------------------------------------


def _hand_layer() -> tuple[Image.Image, tuple[int, int]]:
    """A right hand pointing up with the index finger; returns it and the fingertip's position."""
    layer = Image.new("RGBA", (240, 330), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    tip = (90, 8)
    # palm and curled fingers first, the pointing finger over them
    d.rounded_rectangle((60, 120, 190, 262), radius=40, fill=SKIN, outline=INK, width=LINE)
    for top in (122, 158, 194):
        d.rounded_rectangle((112, top, 196, top + 42), radius=20, fill=SKIN, outline=INK, width=5)
    d.rounded_rectangle((20, 150, 92, 200), radius=24, fill=SKIN, outline=INK, width=5)  # thumb
    d.rounded_rectangle((66, 8, 114, 170), radius=24, fill=SKIN, outline=INK, width=LINE)
    d.rounded_rectangle((76, 18, 104, 50), radius=10, outline=INK, width=3)  # nail
    d.line([(72, 104), (108, 104)], fill=INK, width=3)  # knuckle crease
    d.rectangle((70, 262, 182, 330), fill=LIGHT_BLUE, outline=INK, width=LINE)  # sleeve
    d.rounded_rectangle((64, 250, 188, 272), radius=8, fill=SKIN, outline=INK, width=5)
    return layer, tip


def hand(picture: Picture, tip_x: float, tip_y: float, angle: float = 0, scale: float = 1) -> None:
    """Draw the pointing hand with its fingertip at (tip_x, tip_y), turned by `angle` degrees
    (positive: counter-clockwise, the hand coming from the lower right), `scale` times its size."""
    layer, (tx, ty) = _hand_layer()
    if scale != 1:
        size = (round(layer.width * scale), round(layer.height * scale))
        layer = layer.resize(size, Image.Resampling.LANCZOS)
        tx, ty = tx * scale, ty * scale
    if angle:
        w, h = layer.size
        rotated = layer.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        # where the fingertip went: rotate its offset from the centre
        a = math.radians(angle)
        dx, dy = tx - w / 2, ty - h / 2
        tx = rotated.width / 2 + dx * math.cos(a) + dy * math.sin(a)
        ty = rotated.height / 2 - dx * math.sin(a) + dy * math.cos(a)
        layer = rotated
    picture.paste(layer, tip_x - tx, tip_y - ty)


def tap(picture: Picture, box: Box, angle: float = 20) -> None:
    """Point at a button: the fingertip on its lower right part, below the label."""
    hand(picture, box.cx + box.w * 0.22, box.y1 - 8, angle)


def tap_mark(d: Draw, cx: float, cy: float) -> None:
    """Short lines around a fingertip that say 'tap here'."""
    for a in (200, 240, 300, 340):
        r = math.radians(a)
        d.line(
            [(cx + 30 * math.cos(r), cy + 30 * math.sin(r)), (cx + 46 * math.cos(r), cy + 46 * math.sin(r))],
            fill=INK,
            width=5,
        )
