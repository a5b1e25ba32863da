"""Pictures of the lesson `pay-water-school-fees`: paying the water bill and the school's
payments through the bank app's bill payment, checking who receives the money.

The bank app is no real bank's (the plain "Ngân hàng" app of `pay-electricity-qr`); the water
company, the school, the pupil and every code are made up.
"""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.kit import (
    BLUE,
    CENTRE_X,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    LIGHT_RED,
    RED,
    WHITE,
    Box,
    Picture,
    button,
    code_boxes,
    field,
    input_box,
    list_row,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

WATER_COMPANY = "CÔNG TY CẤP NƯỚC"
WATER_CODE = "NA0012345"  # made up: real water customer codes differ from company to company
WATER_AMOUNT = "86.000 đ"
SCHOOL = "TRƯỜNG TIỂU HỌC A"
PUPIL = "NGUYỄN THỊ B"
PUPIL_CODE = "HS0012345"
SCHOOL_AMOUNT = "300.000 đ"
BILLS = ["Tiền điện", "Tiền nước", "Học phí", "Điện thoại"]


def drop(d, cx: float, cy: float, r: float = 40) -> None:
    """A water drop (a plain shape, no company's mark)."""
    d.ellipse((cx - r, cy - r * 0.2, cx + r, cy + r * 1.2), fill=LIGHT_BLUE, outline=INK, width=5)
    d.polygon([(cx - r * 0.86, cy + r * 0.2), (cx, cy - r * 1.2), (cx + r * 0.86, cy + r * 0.2)], fill=LIGHT_BLUE)
    d.line([(cx - r * 0.9, cy + r * 0.25), (cx, cy - r * 1.2), (cx + r * 0.9, cy + r * 0.25)], fill=INK, width=5)
    d.arc((cx - r * 0.6, cy + r * 0.1, cx + r * 0.2, cy + r * 0.9), 110, 200, fill=BLUE, width=6)


def bank_home(d, screen: Box) -> Box:
    """The bank app's home screen; returns the 'Thanh toán hóa đơn' tile."""
    return screens.bank_home(d, screen)["Thanh toán hóa đơn"]


def bill_list(d, screen: Box) -> dict[str, Box]:
    """The bill-payment menu; returns each kind of bill's row."""
    body = title_bar(d, screen, "Thanh toán hóa đơn")
    rows = body.rows([76] * len(BILLS), gap=4)
    for row, label in zip(rows, BILLS, strict=True):
        list_row(d, row, label, size=28)
    return dict(zip(BILLS, rows, strict=True))


def notice(d, box: Box, title: str, lines: list[str], qr: bool = False) -> list[Box]:
    """A paper notice (the water company's or the school's), with its QR code at the bottom
    right when `qr`; returns the box of each line."""
    objects.paper(d, box)
    inner = box.inset(18, 20)
    head, body = inner.rows([50, 0], gap=6)
    text(d, Box(head.x0, head.y0, head.x1 - 24, head.y1), title, size=26, bold=True, min_size=18)
    d.line([(inner.x0, head.y1 + 2), (inner.x1, head.y1 + 2)], fill=INK, width=3)
    if qr:
        side = min(body.h * 0.45, body.w * 0.5)
        body, bottom = body.rows([0, side], gap=8)
        objects.qr(d, Box(bottom.x1 - side, bottom.y0, bottom.x1, bottom.y1), 21)
    boxes = body.rows([0] * len(lines), gap=4)
    for line_box, line in zip(boxes, lines, strict=True):
        text(d, line_box, line, size=26, bold=True, align="left", min_size=16)
    return boxes


def details(d, screen: Box, title: str, rows: list[tuple[str, str]]) -> list[Box]:
    """What the app shows before paying; returns each detail's box."""
    body = title_bar(d, screen, title)
    boxes = body.rows([78] * len(rows), gap=8)
    for box, (label, value) in zip(boxes, rows, strict=True):
        field(d, box, label, value, size=25)
    return boxes


def equals(d, x: float, y: float) -> None:
    d.line([(x, y - 8), (x + 40, y - 8)], fill=RED, width=7)
    d.line([(x, y + 8), (x + 40, y + 8)], fill=RED, width=7)


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    rows = bill_list(d, screen)
    ring(d, rows["Tiền nước"], pad=4)
    ring(d, rows["Học phí"], pad=4)
    drop(d, 500, 150, 70)
    icons.building(d, Box(420, 290, 690, 510), "TRƯỜNG")
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    go = screens.bank_login(d, screen)
    icons.tap(p, go, angle=30)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    tile = bank_home(d, screen)
    ring(d, tile, pad=8)
    icons.tap(p, tile, angle=-20)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    row = bill_list(d, screen)["Tiền nước"]
    ring(d, row, pad=6)
    icons.tap(p, row, angle=20)
    drop(d, 560, 220, 90)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    body = title_bar(d, screen, "Tiền nước")
    label_1, company, label_2, code, _, go = body.rows([34, 56, 34, 56, 0, 64], gap=8)
    text(d, label_1, "Nhà cung cấp", size=22, align="left")
    input_box(d, company, "Cấp nước")
    text(d, label_2, "Mã khách hàng", size=22, align="left")
    input_box(d, code, WATER_CODE)
    button(d, go, "Tiếp tục")
    lines = notice(
        d, Box(360, 90, 705, 440), "GIẤY BÁO TIỀN NƯỚC", [objects.CUSTOMER, f"Mã KH: {WATER_CODE}", WATER_AMOUNT]
    )
    ring(d, lines[1], pad=4)
    ring(d, code, pad=6)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    rows = [
        ("Nhà cung cấp", WATER_COMPANY),
        ("Khách hàng", objects.CUSTOMER),
        ("Kỳ", "Tháng 11"),
        ("Số tiền", WATER_AMOUNT),
    ]
    boxes = details(d, screen, "Tiền nước", rows)
    paper = Box(390, 100, 712, 460)
    lines = notice(d, paper, "GIẤY BÁO TIỀN NƯỚC", [WATER_COMPANY, objects.CUSTOMER, "Tháng 11", WATER_AMOUNT])
    for box, line in zip(boxes, lines, strict=True):
        equals(d, 345, (box.cy + line.cy) / 2 + 10)
    ring(d, boxes[0], pad=5)
    ring(d, lines[0], pad=4)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    body = title_bar(d, screen, "Học phí")
    label_1, school, label_2, code, _, go = body.rows([34, 56, 34, 56, 0, 64], gap=8)
    text(d, label_1, "Trường", size=22, align="left")
    input_box(d, school, "Trường Tiểu học A")
    text(d, label_2, "Mã học sinh", size=22, align="left")
    input_box(d, code, PUPIL_CODE)
    button(d, go, "Tiếp tục")
    lines = notice(d, Box(360, 70, 705, 470), "THÔNG BÁO THU TIỀN", [SCHOOL, PUPIL, PUPIL_CODE], qr=True)
    ring(d, lines[2], pad=4)
    ring(d, code, pad=6)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    rows = [("Trường", SCHOOL), ("Học sinh", PUPIL), ("Khoản thu", "Tiền ăn tháng 11"), ("Số tiền", SCHOOL_AMOUNT)]
    boxes = details(d, screen, "Học phí", rows)
    ring(d, boxes[0], pad=5)
    ring(d, boxes[1], pad=5)
    icons.tick(d, 420, 130, 46)
    # what a fake code opens instead: a money transfer to a person, crossed out
    fake = Box(390, 250, 670, 470)
    d.rounded_rectangle(fake.xy, radius=16, fill=LIGHT_RED, outline=INK, width=5)
    head, who = fake.inset(16, 14).rows([60, 0], gap=6)
    text(d, head, "Chuyển tiền đến", size=32, bold=True)
    text(d, who, "TRẦN VĂN X", size=32, bold=True)
    icons.cross(d, fake.x1 - 8, fake.y0 + 4, 44)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Xác thực")
    label, boxes, _, go = body.rows([80, 56, 0, 64], gap=12)
    text(d, label, "Nhập mã OTP", size=28, bold=True)
    code_boxes(d, boxes, "•••")
    button(d, go, "Xác nhận")
    icons.person(d, 430, 300, 70)
    speech = Box(470, 110, 690, 220)
    d.rounded_rectangle(speech.xy, radius=30, fill=WHITE, outline=INK, width=5)
    d.polygon([(500, 214), (480, 250), (530, 216)], fill=WHITE, outline=INK)
    text(d, speech.inset(14), "482715", size=40, bold=True)
    icons.strike(d, speech.grow(30))
    return p


def step_9() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    body = title_bar(d, screen, "Kết quả", back=False)
    mark, words, amount, when = body.rows([150, 80, 50, 40])
    icons.tick(d, mark.cx, mark.cy, 60)
    text(d, words, "Giao dịch thành công", size=28, bold=True)
    text(d, amount, WATER_AMOUNT, size=30, bold=True)
    text(d, when, "10:30  15/11", size=24)
    note = Box(420, 130, 690, 430)
    d.rectangle(note.xy, fill=LIGHT_GREEN, outline=INK, width=6)
    for i, line in enumerate(["Tiền nước", WATER_AMOUNT, "10:30 15/11"]):
        text(d, Box(note.x0 + 16, note.y0 + 24 + i * 84, note.x1 - 16, note.y0 + 94 + i * 84), line, size=34, bold=True)
    return p
