"""Measures of a clinic day from plain facts (no Django): planned vs actual waiting,
consults completed, no-shows, over-runs and the one-stop rate ("all consults in one
visit"), and the SVG chart of that rate over days.

Definitions (docs/clinic-app.md):
- planned waiting of a patient: idle minutes between the start of her first planned
  appointment and the end of her last (the solver contract's waiting);
- actual waiting: idle minutes between her check-in (or her first actual start, if later
  recorded) and the end of her last finished consult, minus her consult minutes — waiting
  for the first consult counts, since she sits in the waiting room;
- over-run: a finished consult that lasted longer than booked, by more than OVERRUN_GRACE
  minutes (one that started late behind another and took its own time did not over-run);
- one-stop rate: of the patients who came, the share whose every consult was completed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from statistics import mean

OVERRUN_GRACE = 5  # minutes: finishing a little late is not an over-run

Span = tuple[int, int]


@dataclass(frozen=True)
class PatientFacts:
    planned: Sequence[Span]  # first plan of the day
    actual: Sequence[Span]  # finished consults, as they happened
    lengths: Sequence[tuple[int, int]]  # (booked, actual) minutes of finished consults
    consults: int
    checked_in: int | None
    no_show: bool


@dataclass(frozen=True)
class DayMeasures:
    patients: int
    came: int
    no_shows: int
    consults: int
    completed: int
    over_runs: int
    planned_wait: float | None
    actual_wait: float | None
    one_stop_rate: float | None


def idle(spans: Sequence[Span], begin: int | None = None) -> int:
    """Idle minutes from `begin` (default: the first start) to the last end."""
    first = min(s for s, _ in spans) if begin is None else min(begin, *(s for s, _ in spans))
    return max(e for _, e in spans) - first - sum(e - s for s, e in spans)


def _mean(values: list[int]) -> float | None:
    return round(mean(values), 1) if values else None


def day_measures(patients: Sequence[PatientFacts]) -> DayMeasures:
    came = [p for p in patients if not p.no_show and p.checked_in is not None]
    planned = [idle(p.planned) for p in patients if p.planned and not p.no_show]
    actual = [idle(p.actual, p.checked_in) for p in came if p.actual]
    completed = sum(len(p.actual) for p in came)
    over = sum(1 for p in came for booked, took in p.lengths if took > booked + OVERRUN_GRACE)
    whole = sum(1 for p in came if p.consults and len(p.actual) >= p.consults)
    return DayMeasures(
        patients=len(patients), came=len(came), no_shows=sum(p.no_show for p in patients),
        consults=sum(p.consults for p in patients), completed=completed, over_runs=over,
        planned_wait=_mean(planned), actual_wait=_mean(actual),
        one_stop_rate=round(whole / len(came), 3) if came else None)


def rate_chart(points: Sequence[tuple[str, float]], title: str, width: int = 640,
               height: int = 220) -> str:
    """A line chart of rates in [0, 1] over labelled days, as SVG text (labels escaped)."""
    left, right, top, bottom = 48, 16, 16, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(1, len(points) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(points) > 1 else inner_w / 2)

    def y(rate: float) -> float:
        return top + (1 - rate) * inner_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="measure-chart" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'font-family="sans-serif" font-size="13"><title>{escape(title)}</title>']
    for tick in (0.0, 0.5, 1.0):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" '
                     f'y2="{y(tick):.1f}" stroke="#d9e2ec"/><text x="{left - 6}" '
                     f'y="{y(tick) + 4:.1f}" text-anchor="end" fill="#52606d">'
                     f"{tick:.0%}</text>")
    path = " ".join(f"{x(i):.1f},{y(rate):.1f}" for i, (_, rate) in enumerate(points))
    if points:
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2f6fb0" '
                     'stroke-width="2"/>')
    for i, (label, rate) in enumerate(points):
        parts.append(f'<circle class="point" cx="{x(i):.1f}" cy="{y(rate):.1f}" r="4" '
                     f'fill="#2f6fb0"><title>{escape(label)}: {rate:.0%}</title></circle>'
                     f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                     f'fill="#52606d">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
