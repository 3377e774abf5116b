"""The week's operating lists as inline SVG, one row per session, rendered on the server
(no script: the page's Content-Security-Policy forbids inline script)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 260
ROW = 34
HEADER = 24
PX = 1.4  # pixels per minute
DAY_START, DAY_END = 7 * 60, 20 * 60
FILL = {"P1": "#ea9999", "P2": "#f9cb9c", "P3": "#ffe599", "P4": "#b6d7a8"}


@dataclass(frozen=True)
class Bar:
    start: int  # minutes from midnight
    end: int
    text: str
    title: str
    priority: str
    fixed: bool


@dataclass(frozen=True)
class Row:
    label: str
    start: int
    end: int
    bars: Sequence[Bar]


def _x(minute: float) -> float:
    return LABEL_WIDTH + (minute - DAY_START) * PX


def week_svg(rows: Sequence[Row], title: str) -> SafeString:
    width = _x(DAY_END) + 10
    height = HEADER + ROW * max(1, len(rows)) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="theatre-week" role="img" '
             f'aria-label="{escape(title)}" width="{width:.0f}" height="{height}" '
             f'viewBox="0 0 {width:.0f} {height}" font-family="sans-serif" font-size="11">']
    for hour in range(DAY_START // 60, DAY_END // 60 + 1):
        x = _x(hour * 60)
        parts.append(f'<line x1="{x:.1f}" y1="{HEADER - 6}" x2="{x:.1f}" y2="{height}" '
                     f'stroke="#d9e2ec"/><text x="{x + 2:.1f}" y="{HEADER - 10}" '
                     f'fill="#52606d">{hour:02d}:00</text>')
    for index, row in enumerate(rows):
        y = HEADER + index * ROW
        parts.append(f'<g class="session-row"><text x="4" y="{y + ROW / 2 + 4:.0f}" '
                     f'fill="#1f2933">{escape(row.label)}</text>'
                     f'<rect x="{_x(row.start):.1f}" y="{y + 3}" '
                     f'width="{(row.end - row.start) * PX:.1f}" height="{ROW - 6}" '
                     f'fill="#ffffff" stroke="#bcccdc"/>')
        for bar in row.bars:
            stroke = ' stroke-width="3"' if bar.fixed else ""
            parts.append(f'<g class="case"><rect x="{_x(bar.start):.1f}" y="{y + 5}" '
                         f'width="{(bar.end - bar.start) * PX:.1f}" height="{ROW - 10}" rx="3" '
                         f'fill="{FILL.get(bar.priority, "#c9daf8")}" stroke="#334e68"{stroke}>'
                         f'<title>{escape(bar.title)}</title></rect>'
                         f'<text x="{_x(bar.start) + 3:.1f}" y="{y + ROW / 2 + 4:.0f}" '
                         f'fill="#102a43">{escape(bar.text)}</text></g>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()
