"""Pictures of the lesson `health-book-vneid`: the electronic health book and the health
insurance card in VNeID, and showing them at the clinic."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, kit, screens
from lesson_toolkit.authoring.illustrations.install_vneid import VNEID
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    INK,
    LIGHT_BLUE,
    WHITE,
    Box,
    Picture,
    button,
    code_boxes,
    input_box,
    list_row,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

SERVICES = ["Thủ tục hành chính", "Sổ sức khỏe điện tử", "Ví giấy tờ", "Tích hợp thông tin"]


def services(d, screen: Box) -> list[Box]:
    """VNeID's home screen with some of its services; returns their boxes."""
    body = title_bar(d, screen, "VNeID", back=False)
    top, bottom = body.rows([0, 0], gap=14)
    tiles = [*top.cols([0, 0], gap=14), *bottom.cols([0, 0], gap=14)]
    for tile, label in zip(tiles, SERVICES, strict=True):
        d.rounded_rectangle(tile.xy, radius=14, fill=WHITE, outline=INK, width=4)
        text(d, tile.inset(8), label, size=24, bold=True, min_size=16)
    return tiles


def health_book(d, screen: Box) -> None:
    body = title_bar(d, screen, "Sổ sức khỏe điện tử")
    rows = body.rows([64, 64, 64, 64, 0])
    for row, label in zip(
        rows, ["Thông tin cá nhân", "Lịch sử khám bệnh", "Đơn thuốc", "Lịch hẹn khám lại"], strict=False
    ):
        list_row(d, row, label, size=24)


def health_worker(d, cx: float, cy: float, r: float = 110) -> None:
    """A nurse or doctor: a person in a white coat with a green health cross on the cap."""
    icons.person(d, cx, cy, r, fill=WHITE)
    cap = (cx - r * 0.42, cy - r * 1.05, cx + r * 0.42, cy - r * 0.72)
    d.rounded_rectangle(cap, radius=8, fill=WHITE, outline=INK, width=4)
    icons.medical(d, cx, cy - r * 0.89, r * 0.12)
    icons.medical(d, cx, cy + r * 0.9, r * 0.22)


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    health_book(d, screen)
    icons.medical(d, 540, 200, 90)
    icons.shield(d, 540, 420, 60)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, go = screens.store_page(d, screen, "VNeID", VNEID, None, "Cập nhật")
    ring(d, go, pad=6)
    icons.tap(p, go)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Đăng nhập")
    l1, f1, l2, f2, _, go = body.rows([34, 56, 34, 56, 0, 64], gap=8)
    text(d, l1, "Số định danh cá nhân", size=22, align="left")
    input_box(d, f1, "001234567890")
    text(d, l2, "Mật khẩu", size=22, align="left")
    input_box(d, f2, "• • • • • • • • •")
    button(d, go, "Đăng nhập")
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    tiles = services(d, screen)
    ring(d, tiles[1], pad=6)
    icons.tap(p, tiles[1])
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Passcode")
    words, boxes, _ = body.rows([80, 52, 0], gap=14)
    text(d, words, "Nhập passcode", size=28, bold=True)
    code_boxes(d, boxes, "••••••")
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    health_book(d, screen)
    icons.medical(d, 540, 170, 80)
    # a paper appointment slip, as the book lists them
    slip = Box(410, 300, 670, 470)
    d.rectangle(slip.xy, fill=LIGHT_BLUE, outline=INK, width=5)
    text(d, slip.inset(14).rows([44, 0])[0], "Hẹn khám lại", size=28, bold=True)
    text(d, slip.inset(14).rows([44, 0])[1], "20/12", size=44, bold=True)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body, tabs = screen.rows([0, 76])
    inner = title_bar(d, body, "Ví giấy tờ", back=False)
    rows = inner.rows([64, 64, 64, 0])
    for row, label in zip(rows, ["Căn cước", "Thẻ BHYT", "Giấy phép lái xe"], strict=False):
        list_row(d, row, label, size=25)
    ring(d, rows[1], pad=4)
    d.line([(tabs.x0, tabs.y0), (tabs.x1, tabs.y0)], fill=INK, width=3)
    home_tab, wallet_tab = tabs.cols([0, 0])
    text(d, home_tab, "Trang chủ", size=22)
    d.rectangle(wallet_tab.inset(4).xy, fill=LIGHT_BLUE)
    text(d, wallet_tab, "Ví giấy tờ", size=22, bold=True)
    ring(d, wallet_tab.inset(4), pad=2)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    health_book(d, screen)
    health_worker(d, 560, 250)
    kit.arrow(d, (356, 300), (452, 300))
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    clock, padlock, _ = screen.inset(10).rows([120, 200, 0])
    text(d, clock, "10:30", size=60, bold=True)
    icons.lock(d, padlock.cx, padlock.cy, 80)
    return p
