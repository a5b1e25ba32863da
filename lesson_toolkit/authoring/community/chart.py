"""A league as a horizontal bar chart in SVG, drawn on the server: a cheap phone shows it with
no chart library and no JavaScript. The table beside it holds the same figures, so the chart is
one picture with a title (`role="img"`), not a second source of data."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 360  # the narrowest phone screen the pages are made for
ROW = 34  # a label line above a bar
BAR = 14
VALUE_ROOM = 48  # right of the longest bar, for its number


def bar_chart(bars: Sequence[tuple[str, int]], title: str, chart_id: str = "league-chart") -> str:
    """SVG text: one labelled bar per (label, value), in the order given. `title` is read out
    by screen readers; labels and title are escaped here, so callers pass plain text."""
    most = max((value for _label, value in bars), default=0)
    height = max(ROW * len(bars), ROW)
    scale = (WIDTH - VALUE_ROOM) / most if most else 0.0
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg id="{escape(chart_id)}" class="league-chart" role="img" aria-labelledby="{escape(title_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(bars):
        top = index * ROW
        length = round(value * scale, 1)
        parts.append(
            f'<g><text x="0" y="{top + 12}" font-size="12">{escape(label)}</text>'
            f'<rect class="bar" x="0" y="{top + 16}" width="{length}" height="{BAR}" fill="#0b5d3b"/>'
            f'<text x="{length + 4}" y="{top + 28}" font-size="12">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
