"""Screens that several lessons show: the phone's home screen, an app store page, an SMS,
an incoming call, a chat. Each draws inside a phone's screen box and returns the boxes a
picture may mark (with a ring or a pointing hand)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import ImageDraw

from lesson_toolkit.authoring.illustrations import icons
from lesson_toolkit.authoring.illustrations.kit import (
    GREEN,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    LIGHT_RED,
    RED,
    WHITE,
    Box,
    bubble,
    button,
    input_box,
    text,
    title_bar,
)

Draw = ImageDraw.ImageDraw
Icon = Callable[[Draw, float, float], None]


def home(d: Draw, screen: Box, apps: Sequence[tuple[str, Icon]]) -> list[Box]:
    """The phone's home screen: apps in two columns; returns each app's box."""
    d.rectangle(screen.inset(2).xy, fill=WHITE)
    text(d, screen.rows([50, 0])[0], "10:30", size=26, bold=True)
    area = screen.inset(14, 0).rows([54, 0])[1]
    rows = area.rows([150] * ((len(apps) + 1) // 2), gap=18)
    boxes = [cell for row in rows for cell in row.cols([0, 0], gap=10)]
    for box, (name, draw_icon) in zip(boxes, apps, strict=False):
        icons.app_tile(d, box, name, draw_icon)
    return boxes[: len(apps)]


def app_icon(kind: str) -> Icon:
    """Plain pictures standing in for apps (no real logo)."""

    def draw(d: Draw, cx: float, cy: float) -> None:
        if kind == "store":
            icons.store(d, cx, cy + 4, 30)
        elif kind == "vneid":
            icons.shield(d, cx, cy, 32)
        elif kind == "chat":
            d.rounded_rectangle((cx - 30, cy - 24, cx + 30, cy + 16), radius=14, fill=LIGHT_BLUE, outline=INK, width=4)
            d.polygon([(cx - 14, cy + 14), (cx - 20, cy + 30), (cx, cy + 14)], fill=INK)
        elif kind == "phone":
            icons.handset(d, cx, cy, 20, colour=GREEN)
        elif kind == "bank":
            d.polygon([(cx - 32, cy - 8), (cx, cy - 30), (cx + 32, cy - 8)], fill=LIGHT_BLUE, outline=INK)
            for x in (-20, 0, 20):
                d.rectangle((cx + x - 5, cy - 6, cx + x + 5, cy + 18), fill=INK)
            d.rectangle((cx - 32, cy + 20, cx + 32, cy + 28), fill=INK)

    return draw


def store_page(d: Draw, screen: Box, app: str, icon: Icon, maker: str | None, action: str) -> tuple[Box, Box]:
    """An app's page in the store; returns (maker line, action button)."""
    body = screen.inset(14, 16)
    search, head, maker_row, _, go = body.rows([52, 110, 70, 0, 64], gap=12)
    d.rounded_rectangle(search.xy, radius=26, fill=WHITE, outline=INK, width=3)
    icons.magnifier(d, search.x0 + 28, search.cy - 3, 12)
    text(d, Box(search.x0 + 52, search.y0, search.x1 - 10, search.y1), app, size=25, bold=True, align="left")
    tile_box, name = head.cols([100, 0], gap=14)
    d.rounded_rectangle(tile_box.inset(4).xy, radius=22, fill=WHITE, outline=INK, width=5)
    icon(d, tile_box.cx, tile_box.cy)
    text(d, name, app, size=34, bold=True, align="left")
    if maker:
        text(d, maker_row, maker, size=22, align="left", min_size=16)
    button(d, go, action)
    return maker_row, go


def sms(d: Draw, screen: Box, sender: str, message: str) -> Box:
    """A text message as the phone's Messages app shows it; returns the message bubble."""
    body = title_bar(d, screen, sender)
    when, msg, _ = body.rows([36, 150, 0], gap=8)
    text(d, when, "10:30", size=22)
    box = Box(msg.x0, msg.y0, msg.x1 - 20, msg.y1)
    bubble(d, box, message, size=26)
    return box


def incoming_call(d: Draw, screen: Box, caller: str, number: str) -> tuple[Box, Box]:
    """An incoming call; returns the (red) decline and (green) answer buttons."""
    d.rectangle(screen.inset(2).xy, fill=WHITE)
    top, avatar, who, num, _, buttons = screen.inset(16, 14).rows([36, 140, 44, 36, 0, 100])
    text(d, top, "Cuộc gọi đến", size=24)
    icons.person(d, avatar.cx, avatar.cy - 4, 60, fill=GREY)
    text(d, who, caller, size=30, bold=True)
    text(d, num, number, size=26)
    left, right = buttons.cols([0, 0], gap=40)
    decline = Box(left.cx - 44, left.cy - 44, left.cx + 44, left.cy + 44)
    answer = Box(right.cx - 44, right.cy - 44, right.cx + 44, right.cy + 44)
    d.ellipse(decline.xy, fill=LIGHT_RED, outline=RED, width=6)
    icons.handset(d, decline.cx, decline.cy + 6, 24, colour=RED, hang_up=True)
    d.ellipse(answer.xy, fill=LIGHT_GREEN, outline=GREEN, width=6)
    icons.handset(d, answer.cx, answer.cy, 24, colour=GREEN)
    return decline, answer


def chat(
    d: Draw,
    screen: Box,
    name: str,
    messages: Sequence[tuple[str, bool]],
    typing: str = "",
    heights: Sequence[float] = (),
) -> dict[str, Box]:
    """A chat: the person's name with call buttons at the top, messages (text, mine), and the
    box to type in. Returns the boxes of 'voice', 'video', 'send' and each message 'm0', 'm1'…"""
    bar, rest = screen.rows([62, 0])
    d.rectangle(bar.xy, fill=LIGHT_BLUE, outline=INK, width=3)
    d.line([(bar.x0 + 26, bar.cy - 11), (bar.x0 + 15, bar.cy), (bar.x0 + 26, bar.cy + 11)], fill=INK, width=5)
    text(d, Box(bar.x0 + 40, bar.y0, bar.x1 - 92, bar.y1), name, size=26, bold=True, align="left", min_size=18)
    voice = Box(bar.x1 - 92, bar.y0 + 8, bar.x1 - 50, bar.y1 - 8)
    video = Box(bar.x1 - 46, bar.y0 + 8, bar.x1 - 4, bar.y1 - 8)
    icons.handset(d, voice.cx, voice.cy, 13)
    icons.video(d, video.cx, video.cy, 14)
    body, entry = rest.rows([0, 64])
    boxes = {"voice": voice, "video": video}
    y = body.y0 + 14
    for i, (content, mine) in enumerate(messages):
        height = heights[i] if i < len(heights) else 80
        box = Box(body.x0 + 60, y, body.x1 - 12, y + height) if mine else Box(body.x0 + 12, y, body.x1 - 60, y + height)
        bubble(d, box, content, mine=mine)
        boxes[f"m{i}"] = box
        y += height + 12
    d.line([(entry.x0, entry.y0), (entry.x1, entry.y0)], fill=INK, width=3)
    field_box = Box(entry.x0 + 10, entry.y0 + 10, entry.x1 - 58, entry.y1 - 10)
    d.rounded_rectangle(field_box.xy, radius=20, fill=WHITE, outline=INK, width=3)
    text(d, field_box.inset(12, 2), typing or "Tin nhắn", size=22, bold=bool(typing), align="left",
         fill=INK if typing else (110, 110, 110), min_size=14)  # fmt: skip
    send = Box(entry.x1 - 52, entry.y0 + 8, entry.x1 - 6, entry.y1 - 8)
    icons.send(d, send.cx + 2, send.cy, 16)
    boxes["send"] = send
    return boxes


BANK_TILES = ["Chuyển tiền", "Quét QR", "Thanh toán hóa đơn", "Tài khoản"]


def bank_home(d: ImageDraw.ImageDraw, screen: Box) -> dict[str, Box]:
    """The home screen of a bank app (no real bank's: the labels most apps use); its tiles by label."""
    body = title_bar(d, screen, "Ngân hàng", back=False)
    greeting, grid = body.rows([70, 0], gap=10)
    text(d, greeting, "Xin chào", size=26, align="left")
    top, bottom = grid.rows([0, 0], gap=14)
    tiles = [*top.cols([0, 0], gap=14), *bottom.cols([0, 0], gap=14)]
    for tile, label in zip(tiles, BANK_TILES, strict=True):
        d.rounded_rectangle(tile.xy, radius=14, fill=WHITE, outline=INK, width=4)
        text(d, tile.inset(8), label, size=24, bold=True, min_size=16)
    return dict(zip(BANK_TILES, tiles, strict=True))


def bank_login(d: ImageDraw.ImageDraw, screen: Box) -> Box:
    """A bank app asking for its password; returns the 'Đăng nhập' button."""
    body = title_bar(d, screen, "Ngân hàng", back=False)
    icon, label, pin, _, go = body.rows([100, 40, 60, 0, 64], gap=10)
    icons.lock(d, icon.cx, icon.cy + 6, 40)
    text(d, label, "Mật khẩu", size=24, align="left")
    input_box(d, pin, "• • • • • •")
    button(d, go, "Đăng nhập")
    return go
