"""Pictures of the lesson `health-insurance-card`: the health-insurance card in VNeID's
document wallet and in VssID, checking its dates, and showing it (or the chip ID card) at the
clinic. Names and numbers are made up."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, kit, objects, screens
from lesson_toolkit.authoring.illustrations.avoid_scams import speech
from lesson_toolkit.authoring.illustrations.health_book_vneid import health_worker, services
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREEN,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    WHITE,
    Box,
    Picture,
    button,
    code_boxes,
    field,
    list_row,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

HOLDER = "NGUYỄN VĂN A"
BORN = "01/01/1960"
CARD_NUMBER = "0123456789"  # ten digits, like the social-insurance number the card carries
EXPIRES = "31/12/2026"


def wallet(d, screen: Box) -> tuple[Box, Box]:
    """VNeID's document wallet with its tab at the bottom; returns (card row, wallet tab)."""
    body, tabs = screen.rows([0, 76])
    inner = title_bar(d, body, "Ví giấy tờ", back=False)
    rows = inner.rows([66, 66, 66, 0])
    for row, label in zip(rows, ["Căn cước", "Thẻ BHYT", "Giấy phép lái xe"], strict=False):
        list_row(d, row, label, size=26)
    d.line([(tabs.x0, tabs.y0), (tabs.x1, tabs.y0)], fill=INK, width=3)
    home_tab, wallet_tab = tabs.cols([0, 0])
    text(d, home_tab, "Trang chủ", size=24)
    d.rectangle(wallet_tab.inset(4).xy, fill=LIGHT_BLUE)
    text(d, wallet_tab, "Ví giấy tờ", size=24, bold=True)
    return rows[1], wallet_tab


def card(d, screen: Box) -> list[Box]:
    """The card as the wallet shows it; returns the boxes of name, birth, number, expiry."""
    body = title_bar(d, screen, "Thẻ BHYT")
    head, *rows = body.rows([50, 0, 0, 0, 0], gap=6)
    d.rounded_rectangle(body.grow(4).xy, radius=14, outline=GREEN, width=4)
    icons.medical(d, head.x0 + 24, head.cy, 20)
    text(d, Box(head.x0 + 54, head.y0, head.x1, head.y1), "BẢO HIỂM Y TẾ", size=26, bold=True, align="left")
    details = [("Họ và tên", HOLDER), ("Ngày sinh", BORN), ("Mã số BHYT", CARD_NUMBER), ("Hết hạn", EXPIRES)]
    for row, (label, value) in zip(rows, details, strict=True):
        field(d, row, label, value, size=28)
    return rows


def arrow(d, x0: float, x1: float, y: float) -> None:
    """A thick arrow pointing right: 'show this to'."""
    kit.arrow(d, (x0, y), (x1, y))


def calendar(d, box: Box, day: str, head: str = "Hôm nay") -> None:
    """A wall-calendar sheet with rings at the top, a heading and a day written on it."""
    d.rectangle(box.xy, fill=WHITE, outline=INK, width=6)
    top = Box(box.x0, box.y0, box.x1, box.y0 + 50)
    d.rectangle(top.xy, fill=LIGHT_BLUE, outline=INK, width=6)
    for x in (box.x0 + 40, box.x1 - 40):
        d.rounded_rectangle((x - 7, box.y0 - 18, x + 7, box.y0 + 18), radius=6, fill=INK)
    text(d, top, head, size=28, bold=True)
    text(d, Box(box.x0 + 8, top.y1, box.x1 - 8, box.y1 - 8), day, size=40, bold=True)


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    card(d, screen)
    icons.medical(d, 540, 170, 90)
    icons.tick(d, 540, 400, 70)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    apps = [("VNeID", screens.app_icon("vneid")), ("Điện thoại", screens.app_icon("phone")),
            ("Tin nhắn", screens.app_icon("chat"))]  # fmt: skip
    tiles = screens.home(d, screen, apps)
    ring(d, tiles[0], pad=4)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    row, tab = wallet(d, screen)
    ring(d, row, pad=4)
    ring(d, tab.inset(4), pad=2)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Passcode")
    words, boxes, _ = body.rows([90, 52, 0], gap=14)
    text(d, words, "Nhập passcode", size=30, bold=True)
    code_boxes(d, boxes, "••••••")
    icons.person(d, 430, 330, 70)
    said = Box(470, 110, 700, 220)
    speech(d, said, "135790", size=44)
    icons.strike(d, said.grow(30))
    return p


def step_4() -> Picture:
    p = Picture()
    screen = draw_phone(p.draw, CENTRE_X)
    card(p.draw, screen)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    rows = card(d, screen)
    ring(d, rows[3], pad=6)
    calendar(d, Box(420, 130, 680, 340), "15/01/2026")
    icons.tick(d, 550, 430, 55)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    card(d, screen)
    arrow(d, 350, 450, 300)
    health_worker(d, 580, 260)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    tiles = services(d, screen)
    ring(d, tiles[3], pad=6)
    icons.tap(p, tiles[3], angle=30)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "VssID", fill=LIGHT_GREEN)
    path, head, image_button, use_button, _ = body.rows([40, 60, 70, 70, 0], gap=14)
    text(d, path, "Quản lý cá nhân ›", size=24, align="left")
    text(d, head, "Thẻ BHYT", size=32, bold=True, align="left")
    button(d, image_button, "Hình ảnh thẻ", size=28)
    button(d, use_button, "Sử dụng thẻ", size=28)
    ring(d, image_button, pad=5)
    ring(d, use_button, pad=5)
    # what "Sử dụng thẻ" shows: a QR code for the clinic to scan
    arrow(d, 360, 440, 380)
    objects.qr(d, Box(460, 250, 690, 480), seed=21)
    return p


def step_9() -> Picture:
    p = Picture()
    d = p.draw
    objects.id_card(d, Box(20, 170, 380, 390))
    arrow(d, 400, 480, 280)
    health_worker(d, 590, 250)
    return p
