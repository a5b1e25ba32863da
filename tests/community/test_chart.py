"""The league's bar chart: one labelled bar per row, scaled to the longest, text escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from lesson_toolkit.authoring.community.chart import WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_one_bar_per_row_in_order_scaled_to_the_most():
    svg = ElementTree.fromstring(bar_chart([("Thôn Nà Mòn", 42), ("Thôn Bản Tát", 21), ("Thôn Mới", 0)], "Hộ"))
    assert svg.get("role") == "img" and svg.get("viewBox") == f"0 0 {WIDTH} 102"
    assert svg.find(f"{SVG}title").text == "Hộ"
    assert svg.get("aria-labelledby") == svg.find(f"{SVG}title").get("id")
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] <= WIDTH and widths == [widths[0], widths[0] / 2, 0]
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert labels == ["Thôn Nà Mòn", "42", "Thôn Bản Tát", "21", "Thôn Mới", "0"]


def test_names_are_escaped_a_zero_is_a_bar_of_no_length_and_no_rows_no_bar():
    text = bar_chart([('<script>"x"</script>', 0)], "a & b")
    assert "<script>" not in text and "&lt;script&gt;" in text and "a &amp; b" in text
    assert [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', text)] == [0.0]
    assert ElementTree.fromstring(bar_chart([], "empty")).find(f"{SVG}rect") is None
