"""Pictures of the lesson `pay-electricity-qr`: paying the electricity bill by its QR code.

The bank app is no real bank's: a plain app titled "Ngân hàng" with the labels most Vietnamese
bank apps use ("Quét QR", "Thanh toán", "Xác nhận").
"""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREY,
    INK,
    LIGHT_GREEN,
    RED,
    Box,
    Picture,
    button,
    code_boxes,
    field,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

BILL_QR = 7  # the same pattern on the bill and in the camera


def bank_home(d, screen: Box) -> Box:
    """The bank app's home screen; returns the 'Quét QR' tile."""
    return screens.bank_home(d, screen)["Quét QR"]


def payment_details(d, screen: Box, confirm: bool = True) -> list[Box]:
    """The app's summary of the bill before paying; returns the three detail boxes."""
    body = title_bar(d, screen, "Thanh toán")
    rows = body.rows([78, 78, 78, 0, 64], gap=8)
    details = [("Khách hàng", objects.CUSTOMER), ("Mã khách hàng", objects.CUSTOMER_CODE), ("Số tiền", objects.AMOUNT)]
    for row, (label, value) in zip(rows[:3], details, strict=True):
        field(d, row, label, value, size=25)
    if confirm:
        button(d, rows[4], "Xác nhận")
    return rows[:3]


def cover() -> Picture:
    p = Picture()
    d = p.draw
    objects.bill(d, Box(330, 150, 690, 470), seed=BILL_QR)
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Quét QR")
    view = Box(body.cx - 110, body.y0 + 30, body.cx + 110, body.y0 + 250)
    _viewfinder(d, view)
    icons.tick(d, 600, 90, 56)
    return p


def _viewfinder(d, view: Box) -> None:
    """The camera's scanning square with the bill's QR code inside it."""
    d.rectangle(view.xy, fill=GREY)
    objects.qr(d, view.inset(34), BILL_QR)
    k = 40
    for x, y, sx, sy in (
        (view.x0, view.y0, 1, 1),
        (view.x1, view.y0, -1, 1),
        (view.x0, view.y1, 1, -1),
        (view.x1, view.y1, -1, -1),
    ):
        d.line([(x, y + sy * k), (x, y), (x + sx * k, y)], fill=INK, width=8)


def step_1() -> Picture:
    p = Picture()
    code = objects.bill(p.draw, Box(150, 40, 570, 500), seed=BILL_QR)
    ring(p.draw, code, pad=12)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    go = screens.bank_login(d, screen)
    icons.tap(p, go, angle=30)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    tile = bank_home(d, screen)
    ring(d, tile, pad=8)
    icons.tap(p, tile)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    objects.bill(d, Box(362, 90, 712, 450), seed=BILL_QR)
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Quét QR")
    view = Box(body.cx - 115, body.y0 + 40, body.cx + 115, body.y0 + 270)
    _viewfinder(d, view)
    return p


def step_5() -> Picture:
    p = Picture()
    screen = draw_phone(p.draw, CENTRE_X)
    payment_details(p.draw, screen)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    rows = payment_details(d, screen, confirm=False)
    paper = Box(400, 120, 700, 420)
    objects.paper(d, paper)
    inner = paper.inset(20, 24)
    head, *lines = inner.rows([44, 0, 0, 0], gap=6)
    text(d, head, "HÓA ĐƠN TIỀN ĐIỆN", size=24, bold=True)
    values = [objects.CUSTOMER, objects.CUSTOMER_CODE, objects.AMOUNT]
    for line, value, row in zip(lines, values, rows, strict=True):
        text(d, line, value, size=26, bold=True, min_size=18)
        # an equals sign between the same detail on the phone and on the bill
        y = (line.cy + row.cy + 14) / 2
        d.line([(350, y - 7), (390, y - 7)], fill=RED, width=6)
        d.line([(350, y + 7), (390, y + 7)], fill=RED, width=6)
    ring(d, rows[1], pad=6)
    ring(d, lines[1], pad=4)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Xác thực")
    label, boxes, _, go = body.rows([80, 56, 0, 64], gap=12)
    text(d, label, "Nhập mã OTP", size=28, bold=True)
    code_boxes(d, boxes, "•••")
    button(d, go, "Xác nhận")
    # do not say the code to anyone: a person, a speech bubble with digits, struck through
    icons.person(d, 430, 300, 70)
    speech = Box(470, 110, 690, 220)
    d.rounded_rectangle(speech.xy, radius=30, fill="white", outline=INK, width=5)
    d.polygon([(500, 214), (480, 250), (530, 216)], fill="white", outline=INK)
    text(d, speech.inset(14), "482715", size=40, bold=True)
    icons.strike(d, speech.grow(30))
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Kết quả", back=False)
    mark, words, amount, when = body.rows([150, 80, 50, 40])
    icons.tick(d, mark.cx, mark.cy, 60)
    text(d, words, "Giao dịch thành công", size=28, bold=True)
    text(d, amount, objects.AMOUNT, size=30, bold=True)
    text(d, when, "10:30  15/01", size=24)
    # a note kept on paper: the time and the amount
    note = Box(420, 150, 680, 420)
    d.rectangle(note.xy, fill=LIGHT_GREEN, outline=INK, width=6)
    for i, line in enumerate(["Tiền điện", "245.000 đ", "10:30 15/01"]):
        text(d, Box(note.x0 + 16, note.y0 + 20 + i * 70, note.x1 - 16, note.y0 + 80 + i * 70), line, size=32, bold=True)
    return p
