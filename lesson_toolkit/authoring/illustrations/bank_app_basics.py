"""Pictures of the lesson `bank-app-basics`: the balance, the list of money in and out, a safe
transfer (the recipient's name, the app's scam warning), and registering one's face with the
chip ID card.

The bank app is no real bank's: a plain app titled "Ngân hàng" with the labels most Vietnamese
bank apps use. Names, numbers and amounts are made up.
"""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.health_insurance_card import arrow
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREEN,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_RED,
    RED,
    WHITE,
    YELLOW,
    Box,
    Picture,
    button,
    field,
    input_box,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

BALANCE = "1.250.000 đ"
RECIPIENT = "NGUYỄN THỊ B"
ACCOUNT = "0123 456 789"
AMOUNT = "500.000 đ"
HOME_APPS = [("Ngân hàng", screens.app_icon("bank")), ("Điện thoại", screens.app_icon("phone")),
             ("Tin nhắn", screens.app_icon("chat"))]  # fmt: skip


def eye(d, cx: float, cy: float, r: float = 18) -> None:
    """The 'show the amount' eye."""
    d.ellipse((cx - r * 1.4, cy - r * 0.8, cx + r * 1.4, cy + r * 0.8), fill=WHITE, outline=INK, width=4)
    d.ellipse((cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45), fill=INK)


def bank_home(d, screen: Box, balance: str = BALANCE) -> dict[str, Box]:
    """A bank app's first page: the account and its balance, and four services.
    Returns the boxes of 'account', 'eye' and each service by its label."""
    body = title_bar(d, screen, "Ngân hàng", back=False)
    account, grid = body.rows([140, 0], gap=12)
    d.rounded_rectangle(account.xy, radius=14, fill=LIGHT_BLUE, outline=INK, width=4)
    name, label, amount = account.inset(14, 6).rows([36, 32, 0])
    text(d, name, "Tài khoản", size=26, bold=True, align="left")
    text(d, label, "Số dư", size=24, align="left")
    money, eye_box = amount.cols([0, 64])
    text(d, money, balance, size=32, bold=True, align="left", min_size=22)
    eye(d, eye_box.cx, eye_box.cy)
    top, bottom = grid.rows([0, 0], gap=12)
    tiles = [*top.cols([0, 0], gap=12), *bottom.cols([0, 0], gap=12)]
    labels = ["Chuyển tiền", "Quét QR", "Thanh toán hóa đơn", "Lịch sử giao dịch"]
    boxes = {"account": account, "eye": eye_box}
    for tile, service in zip(tiles, labels, strict=True):
        d.rounded_rectangle(tile.xy, radius=14, fill=WHITE, outline=INK, width=4)
        text(d, tile.inset(6), service, size=24, bold=True, min_size=18)
        boxes[service] = tile
    return boxes


def history(d, screen: Box, rows: list[tuple[str, str, bool]]) -> list[Box]:
    """Money in (+, green) and out (−, red) as the app lists it; the sign shows without colour."""
    body = title_bar(d, screen, "Lịch sử giao dịch")
    boxes = body.rows([86] * len(rows) + [0], gap=6)[: len(rows)]
    for box, (what, amount, incoming) in zip(boxes, rows, strict=True):
        d.line([(box.x0, box.y1), (box.x1, box.y1)], fill=INK, width=2)
        top, bottom = box.rows([40, 0])
        text(d, top, what, size=24, align="left", min_size=18)
        sign = "+" if incoming else "-"
        text(d, bottom, f"{sign} {amount}", size=30, bold=True, align="right", fill=GREEN if incoming else RED)
    return boxes


def transfer_form(d, screen: Box, name: bool) -> Box:
    """The transfer form: the recipient's bank and account number and, once typed, the name the
    app looks up. Returns the box of that name (or where it appears)."""
    body = title_bar(d, screen, "Chuyển tiền")
    l1, f1, l2, f2, shown, _ = body.rows([34, 56, 34, 56, 90, 0], gap=8)
    text(d, l1, "Ngân hàng nhận", size=24, align="left")
    input_box(d, f1, "Ngân hàng B")
    d.polygon(
        [(f1.x1 - 40, f1.cy - 7), (f1.x1 - 16, f1.cy - 7), (f1.x1 - 28, f1.cy + 8)], fill=INK
    )  # a list to pick from
    text(d, l2, "Số tài khoản", size=24, align="left")
    input_box(d, f2, ACCOUNT)
    if name:
        field(d, shown, "Tên người nhận", RECIPIENT, size=30)
    return shown


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    bank_home(d, screen)
    icons.shield(d, 540, 200, 90)
    icons.lock(d, 540, 400, 60)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    tiles = screens.home(d, screen, HOME_APPS)
    ring(d, tiles[0], pad=4)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    boxes = bank_home(d, screen)
    ring(d, boxes["account"], pad=6)
    ring(d, boxes["eye"].inset(4), pad=2)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    history(d, screen, [("Tiền vào", "300.000 đ", True), ("Tiền điện", "245.000 đ", False),
                        ("Tiền vào", "1.000.000 đ", True)])  # fmt: skip
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    transfer_form(d, screen, name=False)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    shown = transfer_form(d, screen, name=True)
    ring(d, shown, pad=6)
    icons.tick(d, 540, 300, 70)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Cảnh báo", fill=LIGHT_RED)
    sign, words, _, cancel, go_on = body.rows([110, 120, 0, 64, 64], gap=10)
    icons.warning(d, sign.cx, sign.cy + 6, 48)
    text(d, words, "Tài khoản nhận có dấu hiệu lừa đảo", size=28, bold=True)
    button(d, cancel, "Hủy giao dịch")
    button(d, go_on, "Tiếp tục", primary=False)
    ring(d, cancel, pad=5)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Xác nhận")
    who, amount, note, _, go = body.rows([80, 80, 80, 0, 64], gap=8)
    field(d, who, "Người nhận", RECIPIENT, size=28)
    field(d, amount, "Số tiền", AMOUNT, size=28)
    field(d, note, "Nội dung", "Trả tiền gạo", size=26)
    button(d, go, "Xác nhận")
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    # the back of a phone with the chip ID card held against it
    back = Box(20, 40, 260, 500)
    d.rounded_rectangle(back.xy, radius=34, fill=GREY, outline=INK, width=6)
    d.rounded_rectangle((back.x0 + 24, back.y0 + 24, back.x0 + 100, back.y0 + 100), radius=16, fill=WHITE,
                        outline=INK, width=5)  # fmt: skip
    objects.id_card(d, Box(50, 200, 330, 370))
    for r in (40, 64):  # the card being read: waves beside it
        d.arc((330 - r, 285 - r, 330 + r, 285 + r), 300, 60, fill=INK, width=6)
    # the app scanning the face
    screen = draw_phone(d, 420, 40, w=280, h=460)
    body = title_bar(d, screen, "Khuôn mặt")
    face, words = body.rows([0, 60])
    d.ellipse((face.cx - 80, face.cy - 100, face.cx + 80, face.cy + 100), outline=INK, width=6)
    icons.person(d, face.cx, face.cy + 10, 80, fill=YELLOW)
    text(d, words, "Nhìn thẳng vào máy", size=24, bold=True, min_size=18)
    return p


def step_9() -> Picture:
    p = Picture()
    d = p.draw
    icons.building(d, Box(30, 60, 330, 500), "NGÂN HÀNG")
    arrow(d, 345, 400, 330)
    objects.id_card(d, Box(405, 220, 710, 440))
    return p
