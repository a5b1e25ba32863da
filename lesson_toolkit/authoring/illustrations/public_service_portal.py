"""Pictures of the lesson `public-service-portal`: the National Public Service Portal opened in
the phone's browser, logged in with the electronic identity (VNeID), a service found, a file
submitted and followed.

The portal's pages are redrawn plainly with the labels it uses ("Đăng nhập", "Nộp hồ sơ");
labels the lesson marks as possibly different are drawn as the most common wording. The
shield stands in for VNeID's icon, which is not copied; every number is made up.
"""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    WHITE,
    YELLOW,
    Box,
    Picture,
    button,
    field,
    input_box,
    list_row,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

ADDRESS = "dichvucong.gov.vn"
PORTAL = "Cổng Dịch vụ công quốc gia"
FILE_CODE = "H12.34-251115-0001"  # made up; real file codes look different from place to place


def browser(d, screen: Box, address: str = ADDRESS) -> tuple[Box, Box]:
    """The phone's web browser: the address bar at the top; returns (address field, page)."""
    bar, page = screen.rows([66, 0])
    d.rectangle(bar.xy, fill=GREY, outline=INK, width=3)
    field_box = bar.inset(10, 10)
    d.rounded_rectangle(field_box.xy, radius=20, fill=WHITE, outline=INK, width=3)
    icons.lock(d, field_box.x0 + 22, field_box.cy - 2, 14)
    text(d, Box(field_box.x0 + 40, field_box.y0, field_box.x1 - 8, field_box.y1), address, size=24, bold=True,
         align="left", min_size=16)  # fmt: skip
    return field_box, page.inset(12, 10)


def portal_head(d, page: Box, log_in: bool = True) -> tuple[Box, Box | None]:
    """The portal's header with its name (and the 'Đăng nhập' button); returns (rest, button)."""
    head, rest = page.rows([104, 0], gap=10)
    d.rectangle(head.xy, fill=LIGHT_BLUE, outline=INK, width=3)
    if not log_in:
        text(d, head.inset(10, 6), PORTAL, size=26, bold=True, min_size=18)
        return rest, None
    name, go = head.inset(8, 8).cols([0, 118], gap=8)
    text(d, name, PORTAL, size=24, bold=True, min_size=16)
    button(d, go, "Đăng nhập", size=22)
    return rest, go


def search_box(d, box: Box, typed: str = "") -> None:
    d.rounded_rectangle(box.xy, radius=box.h / 2, fill=WHITE, outline=INK, width=4)
    icons.magnifier(d, box.x0 + 28, box.cy - 3, 12)
    label = Box(box.x0 + 52, box.y0, box.x1 - 12, box.y1)
    if typed:
        text(d, label, typed, size=26, bold=True, align="left", min_size=16)
    else:
        text(d, label, "Tìm dịch vụ công", size=24, fill=(110, 110, 110), align="left", min_size=16)


def vneid_confirm(d, screen: Box) -> Box:
    """VNeID asking to confirm a log-in to the portal; returns the confirm button."""
    body = title_bar(d, screen, "VNeID", back=False)
    logo, words, where, _, go, no = body.rows([80, 70, 56, 0, 56, 56], gap=6)
    icons.shield(d, logo.cx, logo.cy, 42)
    text(d, words, "Xác nhận đăng nhập", size=26, bold=True)
    text(d, where, PORTAL, size=22, min_size=16)
    button(d, go, "Xác nhận", size=24)
    button(d, no, "Từ chối", primary=False, size=24)
    return go


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    _, page = browser(d, screen)
    rest, _ = portal_head(d, page)
    box, _ = rest.rows([56, 0], gap=0)
    search_box(d, Box(box.x0, box.y0 + 10, box.x1, box.y1 + 10))
    icons.shield(d, 540, 170, 90)
    icons.building(d, Box(420, 300, 680, 510), "XÃ")
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    address, page = browser(d, screen)
    portal_head(d, page, log_in=False)
    ring(d, address, pad=6)
    icons.tick(d, 175, 330, 60)
    # a look-alike address in a text message: crossed out
    message = Box(380, 110, 705, 300)
    d.rounded_rectangle(message.xy, radius=16, fill=WHITE, outline=INK, width=4)
    top, link = message.inset(14, 10).rows([70, 0], gap=4)
    text(d, top, "Nộp phạt ngay tại:", size=28, bold=True)
    text(d, link, "dich-vu-cong.top", size=30, bold=True)
    icons.cross(d, message.x1 - 6, message.y0 + 6, 40)
    text(d, Box(380, 330, 705, 470), "Chỉ gõ đúng: dichvucong.gov.vn", size=32, bold=True)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, page = browser(d, screen)
    rest, go = portal_head(d, page)
    assert go is not None
    box, _ = rest.rows([56, 0])
    search_box(d, Box(box.x0, box.y0 + 10, box.x1, box.y1 + 10))
    ring(d, go, pad=6)
    icons.tap(p, go, angle=20)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, page = browser(d, screen)
    head, _, choice, _, other = page.rows([60, 20, 150, 0, 64], gap=10)
    text(d, head, "Đăng nhập", size=30, bold=True)
    d.rounded_rectangle(choice.xy, radius=14, fill=LIGHT_BLUE, outline=INK, width=4)
    logo, words = choice.inset(10).cols([70, 0], gap=8)
    icons.shield(d, logo.cx, logo.cy, 30)
    text(d, words, "Đăng nhập bằng tài khoản định danh điện tử", size=24, bold=True, min_size=16)
    button(d, other, "Cách khác", primary=False, size=22)
    ring(d, choice, pad=6)
    icons.tap(p, choice, angle=20)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    # left: the portal's log-in form in the browser; right: VNeID asking to confirm
    screen = draw_phone(d, 14, w=300)
    _, page = browser(d, screen)
    label_1, number, label_2, password, _, go = page.rows([34, 56, 34, 56, 0, 60], gap=8)
    text(d, label_1, "Số định danh cá nhân", size=21, align="left", min_size=14)
    input_box(d, number, "001234567890")
    text(d, label_2, "Mật khẩu", size=21, align="left", min_size=14)
    input_box(d, password, "• • • • • • • •")
    button(d, go, "Đăng nhập", size=24)
    other = draw_phone(d, 406, w=300)
    confirm = vneid_confirm(d, other)
    ring(d, confirm, pad=6)
    d.line([(322, 270), (392, 270)], fill=INK, width=8)
    d.polygon([(400, 270), (382, 256), (382, 284)], fill=INK)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, page = browser(d, screen)
    box, results = page.rows([56, 0], gap=16)
    search_box(d, box, "khai sinh")
    rows = results.rows([84, 84, 84], gap=6)
    for row, label in zip(rows, ["Đăng ký khai sinh", "Đăng ký lại khai sinh", "Cấp bản sao trích lục"], strict=True):
        list_row(d, row, label, size=24)
    ring(d, rows[0], pad=4)
    icons.tap(p, rows[0], angle=20)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, page = browser(d, screen)
    head, place_label, province, commune, _, go = page.rows([70, 34, 56, 56, 0, 64], gap=8)
    text(d, head, "Đăng ký khai sinh", size=28, bold=True)
    text(d, place_label, "Cơ quan thực hiện", size=22, align="left")
    input_box(d, province, "Tỉnh: Thái Nguyên")
    input_box(d, commune, "Xã: Xã A")
    button(d, go, "Nộp trực tuyến", size=26)
    ring(d, go, pad=6)
    icons.tap(p, go, angle=20)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    _, page = browser(d, screen)
    name, place, attach, _, go = page.rows([70, 70, 90, 0, 60], gap=8)
    field(d, name, "Người đi khai", objects.CUSTOMER, size=24)
    field(d, place, "Nơi cư trú", "Xã A, Thái Nguyên", size=24)
    d.rounded_rectangle(attach.xy, radius=10, fill=WHITE, outline=INK, width=3)
    photo, words = attach.inset(8).cols([70, 0], gap=8)
    d.rectangle(photo.xy, fill=YELLOW, outline=INK, width=3)
    icons.plus(d, photo.cx, photo.cy, 14)
    text(d, words, "Đính kèm giấy tờ", size=22, bold=True, align="left", min_size=16)
    button(d, go, "Nộp hồ sơ", size=26)
    ring(d, go, pad=6)
    # beside the phone: a paper being photographed to attach
    paper = Box(420, 120, 680, 440)
    objects.paper(d, paper)
    inner = paper.inset(20, 24)
    head, *lines = inner.rows([50, 30, 30, 30, 0], gap=12)
    text(d, head, "GIẤY CHỨNG SINH", size=26, bold=True, min_size=16)
    for line in lines[:3]:
        d.line([(line.x0, line.cy), (line.x1 - 20, line.cy)], fill=GREY, width=10)
    icons.tick(d, paper.x1 - 30, paper.y1 - 30, 36)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    _, page = browser(d, screen)
    mark, words, label, code, _, follow = page.rows([110, 60, 34, 50, 0, 60], gap=6)
    icons.tick(d, mark.cx, mark.cy, 48)
    text(d, words, "Nộp hồ sơ thành công", size=26, bold=True)
    text(d, label, "Mã hồ sơ", size=22, align="left")
    text(d, code, FILE_CODE, size=24, bold=True, align="left", min_size=16)
    button(d, follow, "Tra cứu hồ sơ", primary=False, size=24)
    ring(d, code, pad=4)
    # the file code written down on paper
    note = Box(390, 130, 700, 410)
    d.rectangle(note.xy, fill=LIGHT_GREEN, outline=INK, width=6)
    head, value = note.inset(16, 20).rows([70, 0], gap=6)
    text(d, head, "Mã hồ sơ:", size=34, bold=True)
    text(d, value, FILE_CODE, size=30, bold=True, min_size=18)
    return p
