"""The day's timeline as inline SVG, one row per clinician, rendered on the server."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 200
ROW_HEIGHT = 38
HEADER = 28
PX_PER_MINUTE = 1.8
FONT_PX = 13
# the picture shrinks with the page down to this size of its text, then scrolls: a whole
# 08:00-17:00 day fits a 1366-px screen without scrolling
SMALLEST_FONT_PX = 12
CHAR_PX = 7.2  # mean advance of a character at FONT_PX in a sans-serif face
WIDE_CHAR_PX = 13.0  # a Chinese character takes about a full em
RIGHT_MARGIN = 30  # room for the last clock tick ("17:00") centred on the closing line
PALETTE = ("#9fc5e8", "#b6d7a8", "#ffe599", "#f9cb9c", "#d5a6bd", "#a2c4c9", "#b4a7d6",
           "#ea9999", "#c9daf8", "#d9ead3")


@dataclass(frozen=True)
class Bar:
    start: int
    end: int
    text: str
    title: str
    colour_key: int


@dataclass(frozen=True)
class Row:
    label: str
    available: Sequence[Sequence[int]]
    bars: Sequence[Bar]


def _x(minute: float) -> float:
    return LABEL_WIDTH + minute * PX_PER_MINUTE


def timeline_svg(rows: Sequence[Row], horizon: int, clock: Sequence[tuple[int, str]],
                 now: int | None = None) -> SafeString:
    """`clock`: (minute, 'HH:MM') tick marks; `now`: a vertical line when re-planning."""
    width = _x(horizon) + RIGHT_MARGIN
    height = HEADER + ROW_HEIGHT * max(1, len(rows)) + 4
    narrowest = math.ceil(width * SMALLEST_FONT_PX / FONT_PX)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="clinic-timeline" role="img" '
             f'width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}" '
             f'style="width:100%;height:auto;min-width:{narrowest}px;max-width:{width:.0f}px" '
             f'font-family="sans-serif" font-size="{FONT_PX}">']
    for minute, label in clock:
        x = _x(minute)
        parts.append(f'<line x1="{x:.1f}" y1="{HEADER - 6}" x2="{x:.1f}" y2="{height}" '
                     'stroke="#d9e2ec"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEADER - 10}" fill="#52606d" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for index, row in enumerate(rows):
        parts.extend(_row(index, row, horizon))
    if now is not None:
        x = _x(now)
        parts.append(f'<line class="now" x1="{x:.1f}" y1="{HEADER - 6}" x2="{x:.1f}" '
                     f'y2="{height}" stroke="#c0392b" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def _row(index: int, row: Row, horizon: int) -> list[str]:
    y = HEADER + index * ROW_HEIGHT
    parts = [f'<g class="clinician-row" data-clinician="{escape(row.label)}">',
             f'<text x="4" y="{y + ROW_HEIGHT / 2 + 4:.0f}" fill="#1f2933">'
             f"{escape(_fit(row.label, LABEL_WIDTH - 8))}<title>{escape(row.label)}</title>"
             "</text>",
             f'<rect x="{_x(0):.1f}" y="{y + 3}" width="{horizon * PX_PER_MINUTE:.1f}" '
             f'height="{ROW_HEIGHT - 6}" fill="#e4e7eb"/>']
    for start, end in row.available:
        parts.append(f'<rect class="available" x="{_x(start):.1f}" y="{y + 3}" '
                     f'width="{(end - start) * PX_PER_MINUTE:.1f}" height="{ROW_HEIGHT - 6}" '
                     'fill="#ffffff" stroke="#bcccdc"/>')
    for bar in row.bars:
        colour = PALETTE[bar.colour_key % len(PALETTE)]
        width = (bar.end - bar.start) * PX_PER_MINUTE
        parts.append(
            f'<g class="appointment"><rect x="{_x(bar.start):.1f}" y="{y + 5}" '
            f'width="{width:.1f}" height="{ROW_HEIGHT - 10}" rx="3" fill="{colour}" '
            f'stroke="#334e68"><title>{escape(bar.title)}</title></rect>'
            f'<text x="{_x(bar.start) + 3:.1f}" y="{y + ROW_HEIGHT / 2 + 4:.0f}" '
            f'fill="#102a43">{escape(_fit(bar.text, width))}</text></g>')
    parts.append("</g>")
    return parts


def _fit(text: str, width: float) -> str:
    """Cut the label to what fits in the bar; the full text is in the bar's title."""
    room = width - 4
    if _advance(text) <= room:
        return text
    kept = ""
    for char in text:
        if _advance(kept + char) + CHAR_PX > room:
            break
        kept += char
    return kept + "…" if kept else ""


def _advance(text: str) -> float:
    """Estimated width of `text` at FONT_PX; Chinese characters are about twice as wide."""
    return sum(WIDE_CHAR_PX if unicodedata.east_asian_width(char) in "WF" else CHAR_PX
               for char in text)
