"""The drawing kit: canvas, colours, fonts, text that fits, and the pieces of a phone screen.

Every lesson picture is drawn from these pieces, so that all pictures share one look that
survives a 360-px phone screen and a cheap black-and-white printer: thick dark outlines, big
text, light fills only, and a small fixed palette (tiny PNG files, identical bytes on every run).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 720, 540

# Inks and fills. Fills are light, so that a grayscale print keeps black text readable on them.
INK = (20, 20, 20)
WHITE = (255, 255, 255)
GREY = (228, 228, 228)
DARK_GREY = (110, 110, 110)
BLUE = (25, 90, 190)
LIGHT_BLUE = (212, 228, 255)
RED = (200, 30, 30)
LIGHT_RED = (255, 222, 222)
GREEN = (20, 125, 55)
LIGHT_GREEN = (214, 242, 220)
YELLOW = (255, 236, 150)
ORANGE = (255, 190, 110)
SKIN = (255, 230, 205)

FILLS = (WHITE, GREY, LIGHT_BLUE, LIGHT_RED, LIGHT_GREEN, YELLOW, ORANGE, SKIN)
STROKES = (INK, DARK_GREY, BLUE, RED, GREEN)

LINE = 6  # outline of objects: thick enough to survive scaling to half size
THIN = 3

# A 360-px phone shows a step picture about 328 CSS px wide (the page's 1rem margins aside), so
# 720 drawing pixels become 0.46 CSS px. No word is written smaller than MIN_TEXT (10 CSS px on
# that phone); messages and SMS texts, read word by word, are at least MESSAGE_TEXT (12 CSS px).
SHOWN_WIDTH = 328
MIN_TEXT = 22
MESSAGE_TEXT = 26
# Rings that mark what to tap or check are dashed and thick, so that a black-and-white print
# tells them from the objects' solid outlines; arrows are thick and end in a head.
RING_WIDTH = 10
RING_DASH = 22
ARROW_WIDTH = 10

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {False: ("NotoSans-Regular.ttf", "DejaVuSans.ttf"), True: ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")}


class IllustrationError(RuntimeError):
    """The pictures cannot be drawn on this machine (e.g. no usable font)."""


@cache
def font_path(bold: bool) -> Path:
    for name in FONT_FILES[bold]:
        for folder in FONT_DIRS:
            if (folder / name).is_file():
                return folder / name
    raise IllustrationError("no Noto Sans or DejaVu Sans font found (install fonts-noto-core)")


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


@cache
def palette_image() -> Image.Image:
    """The fixed palette: every colour above plus the anti-aliasing steps between them."""
    colours: list[tuple[int, int, int]] = [*FILLS, *STROKES]
    for stroke in STROKES:
        for fill in FILLS:
            for t in (0.25, 0.5, 0.75):
                colours.append(_mix(stroke, fill, t))
    unique = list(dict.fromkeys(colours))[:256]
    flat = [channel for colour in unique for channel in colour]
    flat += list(unique[0]) * (256 - len(unique))
    image = Image.new("P", (1, 1))
    image.putpalette(flat)
    return image


@dataclass(frozen=True)
class Box:
    """A rectangle: x0, y0 (top left) to x1, y1 (bottom right)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def xy(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)

    def grow(self, d: float) -> Box:
        return self.inset(-d)

    def rows(self, heights: Sequence[float], gap: float = 0) -> list[Box]:
        """Boxes stacked from the top; a height of 0 takes what is left."""
        fixed = sum(heights) + gap * (len(heights) - 1)
        rest = max(self.h - fixed, 0) / max(heights.count(0), 1)
        boxes, y = [], self.y0
        for height in heights:
            height = height or rest
            boxes.append(Box(self.x0, y, self.x1, y + height))
            y += height + gap
        return boxes

    def cols(self, widths: Sequence[float], gap: float = 0) -> list[Box]:
        """Boxes side by side from the left; a width of 0 takes what is left."""
        fixed = sum(widths) + gap * (len(widths) - 1)
        rest = max(self.w - fixed, 0) / max(widths.count(0), 1)
        boxes, x = [], self.x0
        for width in widths:
            width = width or rest
            boxes.append(Box(x, self.y0, x + width, self.y1))
            x += width + gap
        return boxes


CANVAS = Box(0, 0, WIDTH, HEIGHT)


class Picture:
    """One 720×540 drawing; `png()` gives its bytes in the fixed palette."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    def png(self) -> bytes:
        quantised = self.image.quantize(palette=palette_image(), dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        quantised.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    def paste(self, layer: Image.Image, x: float, y: float) -> None:
        """Put an RGBA layer (e.g. a rotated hand) on the picture."""
        self.image.paste(layer, (round(x), round(y)), layer)


# --- text ----------------------------------------------------------------------------------


def text_width(text: str, size: int, bold: bool = False) -> float:
    return font(size, bold).getlength(text)


def wrap(text: str, width: float, size: int, bold: bool) -> list[str]:
    """Break text into lines no wider than `width` (a single long word stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@dataclass
class Written:
    """What `text` wrote: the words, the size it chose and whether they fitted their box."""

    content: str
    size: int
    fits: bool


@dataclass
class Record:
    """The texts, rings and arrows one drawing made (see `recording`)."""

    texts: list[Written] = dataclass_field(default_factory=list)
    rings: list[tuple[int, int]] = dataclass_field(default_factory=list)  # (width, dash)
    arrows: list[tuple[int, bool]] = dataclass_field(default_factory=list)  # (width, has a head)


_record: ContextVar[Record | None] = ContextVar("illustration_record", default=None)


@contextmanager
def recording() -> Iterator[Record]:
    """Note what the kit draws inside the block, so that tests can check sizes and strokes."""
    record = Record()
    token = _record.set(record)
    try:
        yield record
    finally:
        _record.reset(token)


def fit_lines(text: str, box: Box, size: int, bold: bool, min_size: int) -> tuple[list[str], int]:
    """The largest size from `size` down to `min_size` (never below MIN_TEXT) at which the
    text fits the box."""
    min_size = max(min_size, MIN_TEXT)
    size = max(size, min_size)
    for candidate in range(size, min_size - 1, -1):
        lines = wrap(text, box.w, candidate, bold)
        widest = max(text_width(line, candidate, bold) for line in lines)
        if widest <= box.w + 1 and len(lines) * candidate * 1.25 <= box.h + 2:
            _note(text, candidate, True)
            return lines, candidate
    _note(text, min_size, False)
    return wrap(text, box.w, min_size, bold), min_size


def _note(content: str, size: int, fits: bool) -> None:
    record = _record.get()
    if record is not None:
        record.texts.append(Written(content, size, fits))


def text(
    d: ImageDraw.ImageDraw,
    box: Box,
    content: str,
    size: int = 30,
    bold: bool = False,
    fill: tuple[int, int, int] = INK,
    align: str = "center",
    valign: str = "middle",
    min_size: int = 20,
) -> None:
    """Write `content` inside `box`, wrapped and shrunk (not below `min_size`) until it fits."""
    lines, size = fit_lines(content, box, size, bold, min_size)
    leading = size * 1.25
    height = leading * len(lines)
    y = {"top": box.y0, "middle": box.cy - height / 2, "bottom": box.y1 - height}[valign]
    for line in lines:
        x = {"left": box.x0, "center": box.cx, "right": box.x1}[align]
        anchor = {"left": "lm", "center": "mm", "right": "rm"}[align]
        d.text((x, y + leading / 2), line, font=font(size, bold), fill=fill, anchor=anchor)
        y += leading


# --- phone and screen pieces ---------------------------------------------------------------

PHONE_W, PHONE_H = 310, 512
CENTRE_X = (WIDTH - PHONE_W) / 2  # x of a phone in the middle of the picture


def phone(d: ImageDraw.ImageDraw, x: float, y: float = 14, w: float = PHONE_W, h: float = PHONE_H) -> Box:
    """A phone seen from the front; returns the screen."""
    body = Box(x, y, x + w, y + h)
    d.rounded_rectangle(body.xy, radius=36, fill=WHITE, outline=INK, width=LINE)
    d.rounded_rectangle((body.cx - 34, y + 13, body.cx + 34, y + 21), radius=4, fill=INK)
    d.rounded_rectangle((body.cx - 50, body.y1 - 22, body.cx + 50, body.y1 - 15), radius=4, fill=INK)
    screen = Box(x + 12, y + 34, x + w - 12, y + h - 36)
    d.rectangle(screen.xy, outline=INK, width=THIN)
    return screen


def title_bar(d: ImageDraw.ImageDraw, screen: Box, title: str, back: bool = True, fill=LIGHT_BLUE) -> Box:
    """The app's title bar; returns the rest of the screen below it."""
    bar, rest = screen.rows([62, 0])
    d.rectangle(bar.xy, fill=fill, outline=INK, width=THIN)
    if back:
        d.line([(bar.x0 + 30, bar.cy - 12), (bar.x0 + 18, bar.cy), (bar.x0 + 30, bar.cy + 12)], fill=INK, width=5)
    label = Box(bar.x0 + (44 if back else 12), bar.y0 + 3, bar.x1 - 10, bar.y1 - 3)
    text(d, label, title, size=28, bold=True, min_size=20)
    return rest.inset(14, 12)


def button(d: ImageDraw.ImageDraw, box: Box, label: str, primary: bool = True, size: int = 28) -> None:
    d.rounded_rectangle(box.xy, radius=14, fill=LIGHT_BLUE if primary else WHITE, outline=INK, width=4)
    text(d, box.inset(10, 4), label, size=size, bold=True, min_size=18)


def field(d: ImageDraw.ImageDraw, box: Box, label: str, value: str, size: int = 27) -> None:
    """A label above its value, as apps show the details of a bill."""
    top, bottom = box.rows([box.h * 0.42, 0])
    text(d, top, label, size=22, align="left", min_size=16)
    text(d, bottom, value, size=size, bold=True, align="left", min_size=18)


def input_box(d: ImageDraw.ImageDraw, box: Box, value: str, hint: bool = False) -> None:
    """A text field; `hint` shows grey placeholder text instead of typed text."""
    d.rounded_rectangle(box.xy, radius=10, fill=WHITE, outline=INK, width=THIN)
    text(d, box.inset(12, 4), value, size=26, bold=not hint, fill=DARK_GREY if hint else INK, align="left")


def code_boxes(d: ImageDraw.ImageDraw, box: Box, digits: str, count: int = 6) -> None:
    """One square per digit of a one-time code or passcode; '•' draws a hidden digit."""
    cells = box.cols([0] * count, gap=8)
    for cell, digit in zip(cells, digits.ljust(count), strict=True):
        d.rounded_rectangle(cell.xy, radius=8, fill=WHITE, outline=INK, width=THIN)
        if digit == "•":
            d.ellipse((cell.cx - 8, cell.cy - 8, cell.cx + 8, cell.cy + 8), fill=INK)
        elif digit.strip():
            text(d, cell, digit, size=30, bold=True)


def _rounded_outline(box: Box, radius: float) -> list[tuple[float, float]]:
    """Points around a rounded rectangle, clockwise from the top left corner's end."""
    r = min(radius, box.w / 2, box.h / 2)
    corners = [(box.x1 - r, box.y0 + r, 270), (box.x1 - r, box.y1 - r, 0), (box.x0 + r, box.y1 - r, 90),
               (box.x0 + r, box.y0 + r, 180)]  # fmt: skip
    points = []
    for cx, cy, start in corners:
        for step in range(7):
            a = math.radians(start + step * 15)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return [*points, points[0]]


def dashed(d: ImageDraw.ImageDraw, points: Sequence[tuple[float, float]], colour, width: int, dash: float) -> None:
    """A dashed line along `points`: dashes and gaps `dash` pixels long."""
    on, left = True, dash
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while done < length:
            part = min(left, length - done)
            a, b = done / length, (done + part) / length
            if on:
                d.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                       fill=colour, width=width)  # fmt: skip
                r = width / 2 - 0.5
                for t in (a, b):
                    x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                    d.ellipse((x - r, y - r, x + r, y + r), fill=colour)
            done += part
            left -= part
            if left <= 1e-6:
                on, left = not on, dash


def ring(d: ImageDraw.ImageDraw, box: Box, pad: float = 10, colour=RED) -> None:
    """The highlight ring around what to tap or check: thick and dashed, so that it shows on a
    black-and-white print as well as in colour."""
    dash = RING_DASH if min(box.w, box.h) + 2 * pad > 3 * RING_DASH else RING_DASH / 2
    dashed(d, _rounded_outline(box.grow(pad), 20), colour, RING_WIDTH, dash)
    record = _record.get()
    if record is not None:
        record.rings.append((RING_WIDTH, round(dash)))


def arrow(d: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float], colour=INK) -> None:
    """A thick arrow from `start` to `end`, its head at the end."""
    (x0, y0), (x1, y1) = start, end
    a = math.atan2(y1 - y0, x1 - x0)
    head = 30
    base = (x1 - head * 0.8 * math.cos(a), y1 - head * 0.8 * math.sin(a))
    d.line([start, base], fill=colour, width=ARROW_WIDTH)
    left = (x1 - head * math.cos(a) + head * 0.7 * math.sin(a), y1 - head * math.sin(a) - head * 0.7 * math.cos(a))
    right = (x1 - head * math.cos(a) - head * 0.7 * math.sin(a), y1 - head * math.sin(a) + head * 0.7 * math.cos(a))
    d.polygon([end, left, right], fill=colour)
    record = _record.get()
    if record is not None:
        record.arrows.append((ARROW_WIDTH, True))


def badge(d: ImageDraw.ImageDraw, cx: float, cy: float, number: int) -> None:
    """A numbered disc beside a ring: the order in which to tap (1, then 2)."""
    d.ellipse((cx - 22, cy - 22, cx + 22, cy + 22), fill=INK)
    d.text((cx, cy + 1), str(number), font=font(30, True), fill=WHITE, anchor="mm")


def bubble(d: ImageDraw.ImageDraw, box: Box, content: str, mine: bool = False, size: int = 28) -> None:
    """A chat message bubble, with its tail on the sender's side."""
    fill = LIGHT_BLUE if mine else WHITE
    d.rounded_rectangle(box.xy, radius=16, fill=fill, outline=INK, width=THIN)
    text(d, box.inset(10, 5), content, size=size, align="left", min_size=MESSAGE_TEXT)


def list_row(d: ImageDraw.ImageDraw, box: Box, label: str, chevron: bool = True, size: int = 25) -> None:
    """A settings row: a label with a '>' at the right, and a line below."""
    d.line([(box.x0, box.y1), (box.x1, box.y1)], fill=INK, width=2)
    text(d, Box(box.x0 + 4, box.y0, box.x1 - 30, box.y1), label, size=size, align="left", min_size=16)
    if chevron:
        x, y = box.x1 - 14, box.cy
        d.line([(x - 9, y - 11), (x + 2, y), (x - 9, y + 11)], fill=INK, width=4)


def switch(d: ImageDraw.ImageDraw, x: float, y: float, on: bool) -> None:
    """An on/off switch, 64×34, whose state also shows without colour (knob left or right)."""
    d.rounded_rectangle((x, y, x + 64, y + 34), radius=17, fill=LIGHT_GREEN if on else GREY, outline=INK, width=3)
    knob = x + 47 if on else x + 17
    d.ellipse((knob - 12, y + 5, knob + 12, y + 29), fill=WHITE, outline=INK, width=3)


def caption(d: ImageDraw.ImageDraw, box: Box, content: str, fill=YELLOW, size: int = 28) -> None:
    """A sign beside the phone: short Vietnamese words as printed on paper or shown by the app."""
    d.rounded_rectangle(box.xy, radius=14, fill=fill, outline=INK, width=4)
    text(d, box.inset(12, 8), content, size=size, bold=True, min_size=18)
