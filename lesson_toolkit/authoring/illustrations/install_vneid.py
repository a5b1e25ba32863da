"""Pictures of the lesson `install-vneid`: installing VNeID from the store and activating the
account. The app's screens are redrawn plainly with its Vietnamese labels; the shield stands in
for the app's icon, which is not copied."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    INK,
    LIGHT_GREEN,
    Box,
    Picture,
    button,
    code_boxes,
    input_box,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

MAKER = "Trung tâm dữ liệu quốc gia về dân cư"
VNEID = screens.app_icon("vneid")
STORE = screens.app_icon("store")


def welcome(d, screen: Box) -> tuple[Box, Box]:
    """VNeID's first screen; returns the log-in and the activation buttons."""
    body = screen.inset(16, 20)
    logo, name, _, log_in, activate = body.rows([110, 56, 0, 64, 110], gap=14)
    icons.shield(d, logo.cx, logo.cy, 54)
    text(d, name, "VNeID", size=40, bold=True)
    button(d, log_in, "Đăng nhập")
    button(d, activate, "Kích hoạt tài khoản định danh điện tử", primary=False, size=24)
    return log_in, activate


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 50)
    welcome(d, screen)
    objects.id_card(d, Box(370, 190, 700, 400))
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    # an Android phone: CH Play only (an iPhone has the App Store instead, never both)
    apps = [("CH Play", STORE), ("Điện thoại", screens.app_icon("phone")), ("Tin nhắn", screens.app_icon("chat"))]
    boxes = screens.home(d, screen, apps)
    ring(d, boxes[0], pad=4)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    maker, _ = screens.store_page(d, screen, "VNeID", VNEID, MAKER, "Cài đặt")
    ring(d, maker, pad=10)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, go = screens.store_page(d, screen, "VNeID", VNEID, MAKER, "Cài đặt")
    ring(d, go, pad=6)
    icons.tap(p, go)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, activate = welcome(d, screen)
    ring(d, activate, pad=6)
    icons.tap(p, activate, angle=25)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Kích hoạt")
    l1, f1, l2, f2, _, go = body.rows([34, 56, 34, 56, 0, 64], gap=8)
    text(d, l1, "Số định danh cá nhân", size=22, align="left")
    input_box(d, f1, "001234567890")
    text(d, l2, "Số điện thoại", size=22, align="left")
    input_box(d, f2, "0912345678")
    button(d, go, "Gửi yêu cầu")
    card = Box(370, 160, 700, 370)
    objects.id_card(d, card)
    ring(d, Box(card.x0 + 118, card.y0 + 96, card.x1 - 14, card.y0 + 134), pad=4)
    return p


def sms_code(p: Picture, label: str) -> None:
    """A phone with boxes for a one-time code, and beside it the SMS that brings the code."""
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Xác thực")
    words, boxes, _ = body.rows([80, 52, 0], gap=14)
    text(d, words, label, size=28, bold=True)
    code_boxes(d, boxes, "482")
    note = Box(370, 140, 700, 330)
    d.rounded_rectangle(note.xy, radius=20, fill="white", outline=INK, width=6)
    head, code = note.inset(18, 12).rows([50, 0])
    envelope = Box(head.x0, head.y0 + 8, head.x0 + 52, head.y1 - 6)
    d.rectangle(envelope.xy, fill=LIGHT_GREEN, outline=INK, width=4)
    d.line([(envelope.x0, envelope.y0), (envelope.cx, envelope.cy + 4), (envelope.x1, envelope.y0)], fill=INK, width=4)
    text(d, Box(envelope.x1 + 12, head.y0, head.x1, head.y1), "Tin nhắn SMS", size=26, bold=True, align="left")
    text(d, code, "482715", size=60, bold=True)
    icons.lock(d, 535, 420, 40)


def step_6() -> Picture:
    p = Picture()
    sms_code(p, "Nhập mã OTP")
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Mật khẩu")
    label, field_box, _ = body.rows([34, 56, 0], gap=8)
    text(d, label, "Mật khẩu mới", size=22, align="left")
    input_box(d, field_box, "• • • • • • • • •")
    rules = ["8 đến 20 ký tự", "Chữ hoa: A B C", "Chữ thường: a b c", "Chữ số: 1 2 3", "Ký tự đặc biệt: @ #"]
    area = Box(364, 60, 716, 480)
    for row, rule in zip(area.rows([0] * len(rules), gap=10), rules, strict=True):
        icons.tick(d, row.x0 + 30, row.cy, 26)
        text(d, Box(row.x0 + 68, row.y0, row.x1, row.y1), rule, size=28, bold=True, align="left", min_size=28)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Passcode")
    words, boxes, hint, _ = body.rows([80, 52, 60, 0], gap=14)
    text(d, words, "Nhập passcode", size=28, bold=True)
    code_boxes(d, boxes, "••••••")
    text(d, hint, "6 chữ số", size=26)
    ring(d, boxes, pad=8)
    return p


def step_9() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Bảo mật")
    q1, a1, q2, a2, _ = body.rows([34, 54, 34, 54, 0], gap=10)
    text(d, q1, "Câu hỏi 1", size=22, align="left")
    input_box(d, a1, "Trả lời", hint=True)
    text(d, q2, "Câu hỏi 2", size=22, align="left")
    input_box(d, a2, "Trả lời", hint=True)
    icons.tick(d, 530, 200, 90)
    icons.shield(d, 530, 400, 60)
    return p
