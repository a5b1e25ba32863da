"""Pictures of the lesson `avoid-scams`: what a scam looks like, crossed out in red, and what to
do instead. Phone numbers and links on them are made up and lead nowhere."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREEN,
    INK,
    LIGHT_GREEN,
    LIGHT_RED,
    RED,
    WHITE,
    Box,
    Picture,
    arrow,
    bubble,
    caption,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone


def speech(d, box: Box, words: str, size: int = 30) -> None:
    """A speech bubble with its tail at the lower left: what a caller says."""
    d.rounded_rectangle(box.xy, radius=30, fill=WHITE, outline=INK, width=5)
    d.polygon([(box.x0 + 30, box.y1 - 4), (box.x0 + 6, box.y1 + 40), (box.x0 + 66, box.y1 - 4)], fill=WHITE)
    d.line([(box.x0 + 30, box.y1), (box.x0 + 6, box.y1 + 40), (box.x0 + 66, box.y1)], fill=INK, width=5)
    text(d, box.inset(18, 12), words, size=size, bold=True, min_size=20)


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    screens.incoming_call(d, screen, "Số lạ", "0987 654 321")
    icons.warning(d, 540, 200, 120)
    icons.lock(d, 540, 430, 50)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    screens.sms(d, screen, "Ngân hàng", "Mã OTP của bạn là 482715. Không đưa mã này cho bất kỳ ai.")
    icons.person(d, 430, 330, 70)
    words = Box(470, 110, 700, 220)
    speech(d, words, "482715", size=44)
    icons.strike(d, words.grow(30))
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    decline, _ = screens.incoming_call(d, screen, "Số lạ", "0987 654 321")
    ring(d, decline, pad=6)
    words = Box(400, 60, 700, 250)
    speech(d, words, "Tôi là công an. Hãy cập nhật VNeID qua đường link!", size=28)
    icons.warning(d, 560, 380, 70)
    icons.tap(p, decline, angle=-20)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    boxes = screens.chat(d, screen, "Điện lực?", [("Trả tiền điện ngay, nếu không sẽ cắt điện!", False)],
                         heights=[140])  # fmt: skip
    code = Box(boxes["m0"].x0 + 40, boxes["m0"].y1 + 16, boxes["m0"].x0 + 176, boxes["m0"].y1 + 152)
    objects.qr(d, code, 11)
    icons.strike(d, code.grow(14))
    return p


def step_4() -> Picture:
    """The shop's sign with a second code stuck over its own; a magnifying glass shows the
    sticker's lifted corner up close."""
    p = Picture()
    d = p.draw
    code = objects.qr_poster(d, Box(10, 50, 350, 490), sticker=True)
    corner = Box(code.x1 - 76, code.y1 - 76, code.x1 + 6, code.y1 + 6)
    ring(d, corner, pad=6)
    glass = Box(396, 40, 696, 340)
    arrow(d, (corner.x1 + 12, corner.cy - 20), (glass.x0 + 10, glass.y1 - 40))
    p.paste(objects.lifted_corner(round(glass.w)), glass.x0, glass.y0)
    d.ellipse(glass.xy, outline=INK, width=12)
    d.line([(glass.x1 - 50, glass.y1 - 50), (glass.x1 + 6, glass.y1 + 60)], fill=INK, width=26)
    caption(d, Box(380, 420, 640, 510), "Mã dán đè!", size=34)
    icons.warning(d, 672, 462, 34)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Danh bạ")
    face, name, number, _, call = body.rows([130, 50, 40, 0, 70], gap=8)
    icons.person(d, face.cx, face.cy - 10, 60)
    text(d, name, "Con trai", size=32, bold=True)
    text(d, number, "0912 000 111", size=26)
    d.rounded_rectangle(call.xy, radius=14, fill=LIGHT_GREEN, outline=INK, width=4)
    icons.handset(d, call.x0 + 50, call.cy, 18, colour=GREEN)
    text(d, Box(call.x0 + 80, call.y0, call.x1 - 10, call.y1), "Gọi", size=30, bold=True)
    ring(d, call, pad=6)
    # the message that came on Zalo
    message = Box(380, 70, 700, 230)
    bubble(d, message, "Bố ơi, chuyển gấp cho con 5 triệu!", size=30)
    icons.warning(d, 540, 340, 60)
    return p


def step_6() -> Picture:
    """An SMS with a link to an .apk file: the link written large beside it, with a red X; only
    CH Play, the phone's own store, gets a tick."""
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    link = screens.sms(d, screen, "Số lạ", "Cài ứng dụng mới tại: http://app-la.apk")
    icons.cross(d, link.x1 - 40, link.y1 + 44, 34)
    big = Box(360, 40, 706, 200)
    d.rounded_rectangle(big.xy, radius=18, fill=LIGHT_RED, outline=INK, width=5)
    top, bottom = big.inset(16, 12).rows([0, 0])
    text(d, top, "http://", size=38, bold=True, align="left")
    text(d, bottom, "app-la.apk", size=46, bold=True, align="left")
    icons.cross(d, big.x1 - 16, big.y0 + 10, 38)
    icons.app_tile(d, Box(420, 270, 640, 430), "CH Play", screens.app_icon("store"))
    icons.tick(d, 640, 300, 40)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    screens.incoming_call(d, screen, "Số lạ", "0987 654 321")
    words = Box(390, 60, 700, 250)
    speech(d, words, "Nộp phí để nhận tiền hỗ trợ!", size=30)
    fee = Box(450, 320, 650, 490)
    objects.paper(d, fee)
    text(d, fee.inset(14), "Phí 500.000 đ", size=32, bold=True)
    icons.strike(d, fee.grow(6))
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Đang gọi", back=False)
    face, name, _, end = body.rows([150, 60, 0, 80], gap=8)
    screens.app_icon("bank")(d, face.cx, face.cy)
    text(d, name, "Tổng đài ngân hàng", size=28, bold=True)
    end_button = Box(end.cx - 40, end.y0, end.cx + 40, end.y1)
    d.ellipse(end_button.xy, fill=LIGHT_RED, outline=RED, width=6)
    icons.handset(d, end_button.cx, end_button.cy + 6, 22, colour=RED, hang_up=True)
    icons.lock(d, 450, 120, 60)
    icons.building(d, Box(420, 220, 680, 500), "CÔNG AN XÃ")
    return p
