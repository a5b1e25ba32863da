"""Things from daily life drawn beside the phone: a QR-like pattern, an electricity bill, an ID
card, a shop's QR poster with a sticker stuck on it.

Names and numbers on them are made up (Nguyễn Văn A, 001234567890) and the QR patterns are
random squares that scan as nothing, so no picture can lead anyone anywhere.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from lesson_toolkit.authoring.illustrations import icons
from lesson_toolkit.authoring.illustrations.kit import GREY, INK, LIGHT_BLUE, LINE, THIN, WHITE, YELLOW, Box, text

Draw = ImageDraw.ImageDraw

MODULES = 21  # the size of the smallest real QR code, so the pattern looks right


def qr(d: Draw, box: Box, seed: int = 1) -> None:
    """A QR-like square: three finder squares and random modules, on a white quiet zone."""
    size = min(box.w, box.h)
    step = size / (MODULES + 2)
    x0, y0 = box.cx - size / 2, box.cy - size / 2
    d.rectangle((x0, y0, x0 + size, y0 + size), fill=WHITE, outline=INK, width=2)
    rng = random.Random(seed)

    def module(col: int, row: int) -> None:
        x, y = x0 + (col + 1) * step, y0 + (row + 1) * step
        d.rectangle((round(x), round(y), round(x + step) - 1, round(y + step) - 1), fill=INK)

    finders = [(0, 0), (MODULES - 7, 0), (0, MODULES - 7)]
    for col in range(MODULES):
        for row in range(MODULES):
            in_finder = any(fx - 1 <= col <= fx + 7 and fy - 1 <= row <= fy + 7 for fx, fy in finders)
            if not in_finder and rng.random() < 0.5:
                module(col, row)
    for fx, fy in finders:
        for i in range(7):
            for j in range(7):
                ring = i in (0, 6) or j in (0, 6)
                centre = 2 <= i <= 4 and 2 <= j <= 4
                if ring or centre:
                    module(fx + i, fy + j)


def paper(d: Draw, box: Box, fill=WHITE) -> None:
    """A sheet of paper with a folded corner."""
    fold = 34
    d.polygon(
        [(box.x0, box.y0), (box.x1 - fold, box.y0), (box.x1, box.y0 + fold), (box.x1, box.y1), (box.x0, box.y1)],
        fill=fill,
        outline=INK,
        width=LINE,
    )
    d.polygon(
        [(box.x1 - fold, box.y0), (box.x1 - fold, box.y0 + fold), (box.x1, box.y0 + fold)],
        fill=GREY,
        outline=INK,
        width=4,
    )


CUSTOMER = "NGUYỄN VĂN A"
CUSTOMER_CODE = "PA03000012345"  # 13 characters, starting with P, as on real bills
AMOUNT = "245.000 đ"


def bill(d: Draw, box: Box, seed: int = 7, qr_ring: bool = False) -> Box:
    """An electricity bill: title, customer, customer code, amount, and its QR code.
    Returns the box of the QR code."""
    paper(d, box)
    inner = box.inset(18, 16)
    head, rows, bottom = inner.rows([56, inner.h * 0.42, 0], gap=6)
    icons.bolt(d, head.x0 + 22, head.cy, 24)
    text(d, Box(head.x0 + 50, head.y0, head.x1 - 30, head.y1), "HÓA ĐƠN TIỀN ĐIỆN", size=26, bold=True, align="left")
    d.line([(inner.x0, head.y1 + 2), (inner.x1, head.y1 + 2)], fill=INK, width=3)
    lines = [("Khách hàng:", CUSTOMER), ("Mã KH:", CUSTOMER_CODE), ("Số tiền:", AMOUNT)]
    for row, (label, value) in zip(rows.rows([0, 0, 0]), lines, strict=True):
        label_box, value_box = row.cols([row.w * 0.42, 0], gap=6)
        text(d, label_box, label, size=22, align="left", min_size=14)
        text(d, value_box, value, size=22, bold=True, align="left", min_size=14)
    code_side = min(bottom.h, bottom.w * 0.55)
    code = Box(bottom.x1 - code_side, bottom.y1 - code_side, bottom.x1, bottom.y1)
    qr(d, code, seed)
    for i in range(3):
        y = bottom.y0 + 18 + i * 22
        if y < bottom.y1 - 6:
            d.line([(bottom.x0, y), (code.x0 - 20, y)], fill=GREY, width=8)
    return code


def id_card(d: Draw, box: Box) -> None:
    """A chip ID card, front side, with a made-up 12-digit personal ID number."""
    d.rounded_rectangle(box.xy, radius=18, fill=LIGHT_BLUE, outline=INK, width=LINE)
    inner = box.inset(16, 12)
    head, body = inner.rows([40, 0], gap=6)
    text(d, head, "CĂN CƯỚC", size=28, bold=True)
    chip = Box(head.x0, head.y0 + 2, head.x0 + 46, head.y1 - 2)  # the chip, at the card's top left
    d.rounded_rectangle(chip.xy, radius=8, fill=YELLOW, outline=INK, width=4)
    photo, details = body.cols([body.w * 0.27, 0], gap=12)
    d.rectangle(photo.inset(0, 4).xy, fill=WHITE, outline=INK, width=4)
    icons.person(d, photo.cx, photo.cy - 4, min(photo.w, photo.h) * 0.42, fill=GREY)
    label, number = details.rows([0, 40], gap=2)
    text(d, label, "Số định danh cá nhân", size=22, align="left", valign="bottom")
    text(d, number, "001234567890", size=30, bold=True, align="left", min_size=22)
    d.line([(chip.cx, chip.y0), (chip.cx, chip.y1)], fill=INK, width=2)
    d.line([(chip.x0, chip.cy), (chip.x1, chip.cy)], fill=INK, width=2)


def qr_poster(d: Draw, box: Box, sticker: bool, seed: int = 3) -> Box:
    """A shop's 'scan to pay' sign; with `sticker`, a second code stuck over the first,
    its lifted corner showing. Returns the box of the visible code."""
    d.rectangle(box.xy, fill=WHITE, outline=INK, width=LINE)
    head, body = box.inset(14, 10).rows([64, 0], gap=6)
    text(d, head, "QUÉT MÃ ĐỂ THANH TOÁN", size=26, bold=True)
    side = min(body.w, body.h) * 0.92
    code = Box(body.cx - side / 2, body.cy - side / 2, body.cx + side / 2, body.cy + side / 2)
    qr(d, code, seed)
    if not sticker:
        return code
    over = Box(code.x0 + 14, code.y0 + 10, code.x1 + 8, code.y1 + 6)
    d.rectangle(over.grow(6).xy, fill=WHITE, outline=INK, width=THIN)
    qr(d, over, seed + 100)
    fold = 70
    d.polygon(
        [(over.x1 + 6 - fold, over.y1 + 6), (over.x1 + 6, over.y1 + 6 - fold), (over.x1 + 6, over.y1 + 6)], fill=WHITE
    )
    d.polygon(
        [
            (over.x1 + 6 - fold, over.y1 + 6),
            (over.x1 + 6, over.y1 + 6 - fold),
            (over.x1 - fold + 12, over.y1 - fold + 12),
        ],
        fill=GREY,
        outline=INK,
        width=4,
    )
    return over


def lifted_corner(size: int, seed: int = 3) -> Image.Image:
    """The corner of a QR sticker seen up close, as in a magnifying glass: the sticker with its
    white edge, its corner peeled back (the sticker's grey back), and around and under it the
    squares of the shop's real code. A round RGBA layer `size` pixels across."""
    step = size / 6
    layer = Image.new("RGB", (size, size), WHITE)
    d = ImageDraw.Draw(layer)
    real, fake = random.Random(seed), random.Random(seed + 100)
    for col in range(6):
        for row in range(6):
            if real.random() < 0.55:  # the shop's real code, under everything
                d.rectangle((col * step, row * step, (col + 1) * step - 1, (row + 1) * step - 1), fill=INK)
    edge = size * 0.64  # the sticker covers up to here, right and bottom
    fold = size * 0.36  # how far its corner is peeled back
    outline = [(0, 0), (edge, 0), (edge, edge - fold), (edge - fold, edge), (0, edge)]
    shadow = [(x + 16, y + 16) for x, y in outline]
    d.polygon(shadow, fill=GREY)
    sticker = Image.new("RGB", (size, size), WHITE)
    s = ImageDraw.Draw(sticker)
    small = step / 2  # the sticker's code is another code: smaller squares, another pattern
    for col in range(round(edge / small) - 1):
        for row in range(round(edge / small) - 1):
            x, y = col * small, row * small
            inside = x + small < edge - small * 0.6 and y + small < edge - small * 0.6
            if inside and x + y + small < 2 * edge - fold - small and fake.random() < 0.3:
                s.rectangle((x + 3, y + 3, x + small - 3, y + small - 3), fill=INK)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    layer.paste(sticker, (0, 0), mask)
    d.line(outline[1:], fill=INK, width=LINE + 4)
    # the peeled corner: the sticker's grey back, folded over towards the middle
    flap = [(edge, edge - fold), (edge - fold, edge), (edge - fold, edge - fold)]
    d.polygon(flap, fill=GREY, outline=INK, width=LINE)
    d.line([flap[0], flap[1]], fill=INK, width=LINE + 2)
    round_layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    circle = Image.new("L", (size, size), 0)
    ImageDraw.Draw(circle).ellipse((0, 0, size - 1, size - 1), fill=255)
    round_layer.paste(layer, (0, 0), circle)
    return round_layer
