"""Pictures of the lesson `receive-support-payments`: the two ways State support arrives (a
bank account linked in VNeID, or cash at the commune's paying point), pensions, checking the
balance oneself, and the scams around payments, crossed out in red.

The bank app is the plain "Ngân hàng" app of the lesson `bank-app-basics`; amounts, names and
numbers are made up."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, screens
from lesson_toolkit.authoring.illustrations.avoid_scams import speech
from lesson_toolkit.authoring.illustrations.bank_app_basics import history
from lesson_toolkit.authoring.illustrations.health_insurance_card import calendar
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREEN,
    INK,
    LIGHT_GREEN,
    Box,
    Picture,
    button,
    input_box,
    list_row,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

SUPPORT = "100.000 đ"


def banknotes(d, cx: float, cy: float, w: float = 150) -> None:
    """Three banknotes fanned out: cash (no real note's design)."""
    h = w * 0.5
    for i, dx in enumerate((-16, 0, 16)):
        box = Box(cx - w / 2 + dx, cy - h / 2 - i * 12, cx + w / 2 + dx, cy + h / 2 - i * 12)
        d.rectangle(box.xy, fill=LIGHT_GREEN, outline=INK, width=4)
    top = Box(cx - w / 2 + 16, cy - h / 2 - 24, cx + w / 2 + 16, cy + h / 2 - 24)
    d.ellipse((top.cx - h * 0.3, top.cy - h * 0.3, top.cx + h * 0.3, top.cy + h * 0.3), outline=GREEN, width=4)
    text(d, Box(top.x0 + 4, top.y0, top.x0 + w * 0.36, top.y1), "đ", size=30, bold=True, fill=GREEN)


def money_in(d, screen: Box, what: str, amount: str) -> Box:
    """The bank app's list with one new amount at the top; returns its row."""
    return history(d, screen, [(what, amount, True), ("Tiền điện", "245.000 đ", False)])[0]


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    money_in(d, screen, "Tiền hỗ trợ", SUPPORT)
    banknotes(d, 540, 170, 170)
    icons.shield(d, 540, 400, 70)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 14, 40, w=270, h=460)
    body = title_bar(d, screen, "Ngân hàng", back=False)
    label, amount, _ = body.rows([50, 60, 0], gap=8)
    text(d, label, "Tiền hỗ trợ", size=26, align="left")
    text(d, amount, f"+ {SUPPORT}", size=32, bold=True, fill=GREEN, align="left")
    icons.shield(d, body.cx, body.y1 - 90, 60)
    caption = Box(290, 230, 400, 290)
    text(d, caption, "HOẶC", size=30, bold=True)
    icons.building(d, Box(420, 40, 700, 330), "UBND XÃ")
    banknotes(d, 560, 440, 170)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "An sinh xã hội")
    row, l1, f1, l2, f2, _, go = body.rows([76, 32, 52, 32, 52, 0, 60], gap=8)
    list_row(d, row, "Tài khoản hưởng an sinh xã hội", size=24)
    ring(d, row, pad=4)
    text(d, l1, "Ngân hàng", size=22, align="left")
    input_box(d, f1, "Ngân hàng B")
    text(d, l2, "Số tài khoản", size=22, align="left")
    input_box(d, f2, "0123 456 789")
    button(d, go, "Gửi yêu cầu", size=26)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    icons.building(d, Box(30, 50, 360, 500), "ĐIỂM CHI TRẢ")
    icons.person(d, 540, 200, 100)
    banknotes(d, 540, 430, 170)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    calendar(d, Box(40, 90, 330, 330), "Lương hưu", head="Hằng tháng")
    banknotes(d, 185, 440, 170)
    screen = draw_phone(d, 380, 14, w=300)
    money_in(d, screen, "Lương hưu", "3.500.000 đ")
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    row = money_in(d, screen, "Tiền hỗ trợ", SUPPORT)
    ring(d, row, pad=6)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    decline, _ = screens.incoming_call(d, screen, "Số lạ", "0987 654 321")
    ring(d, decline, pad=6)
    said = Box(370, 40, 710, 250)
    speech(d, said, "Nộp phí 200.000 đ để nhận tiền hỗ trợ!", size=32)
    icons.cross(d, 560, 410, 80)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    screens.chat(d, screen, "BHXH?", [("Tôi là cán bộ bảo hiểm. Gửi mã OTP để tăng lương hưu.", False)],
                 heights=[210])  # fmt: skip
    icons.cross(d, 540, 270, 100)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    row = money_in(d, screen, "Tiền vào", "5.000.000 đ")
    ring(d, row, pad=6)
    said = Box(370, 40, 710, 250)
    speech(d, said, "Tôi chuyển nhầm! Chuyển trả tôi ngay!", size=32)
    icons.cross(d, 560, 410, 80)
    return p


def step_9() -> Picture:
    p = Picture()
    icons.building(p.draw, Box(150, 60, 570, 500), "UBND XÃ")
    return p
