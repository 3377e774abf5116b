"""SVG charts drawn with matplotlib's object API (no pyplot state, no GUI backend).

The SVG is returned as a string to inline in the page: no file, no CDN, no JavaScript.
Each figure gets its own hash salt so the element ids of two charts on a page differ.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Sequence

import matplotlib
import numpy as np
from django.utils.translation import gettext
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tumorboard.outcomes.analytics import MIN_CELL_COUNT, IncidenceCurve, KaplanMeierCurve
from tumorboard.outcomes.analytics.rates import is_suppressed
from tumorboard.outcomes.registry import RISK_YEARS, YEAR
from tumorboard.outcomes.summary import TREATMENT_LABELS

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#843c0c")
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)


def _to_svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": uuid.uuid4().hex, "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    svg = _HEADER.sub("", buffer.getvalue(), count=1)
    # The page's Content-Security-Policy refuses inline <style>: app.css carries its rules.
    svg = _STYLE.sub("", svg, count=1)
    return svg.replace("<svg ", f'<svg role="img" class="mpl-chart" aria-label="{label}" ', 1)


def _visible(curve: KaplanMeierCurve, suppress: bool) -> np.ndarray | None:
    """Points to draw; with suppression, none for a small group and no tail under 5 at risk."""
    if not suppress:
        return np.ones(curve.time.size, dtype=bool)
    if is_suppressed(curve.n) or is_suppressed(curve.total_events):
        return None
    return np.asarray(curve.at_risk >= MIN_CELL_COUNT)


def _step(axes: Axes, time: np.ndarray, values: np.ndarray, lower: np.ndarray,
          upper: np.ndarray, colour: str, label: str) -> None:
    x = np.concatenate(([0.0], time / YEAR))
    axes.step(x, np.concatenate(([1.0], values)), where="post", color=colour, label=label,
              linewidth=1.6)
    axes.fill_between(x, np.concatenate(([1.0], np.nan_to_num(lower))),
                      np.concatenate(([1.0], np.nan_to_num(upper))), step="post",
                      color=colour, alpha=0.15, linewidth=0)


def km_svg(curves: Sequence[tuple[str, KaplanMeierCurve]], title: str, *,
           suppress: bool) -> str:
    """Kaplan-Meier curves with 95% bands and a number-at-risk table under the axes."""
    total_height = 3.6 + 0.22 * len(curves)
    height = 0.22 * len(curves) / total_height
    figure = Figure(figsize=(8.0, total_height))
    axes = figure.add_axes((0.36, 0.12 + height + 0.06, 0.6, 0.78 - height - 0.08))
    table = figure.add_axes((0.36, 0.02, 0.6, height), sharex=axes)
    rows: list[tuple[str, str, list[str]]] = []
    for index, (group, curve) in enumerate(curves):
        colour = COLOURS[index % len(COLOURS)]
        label = str(TREATMENT_LABELS.get(group, gettext("All cases")))
        keep = _visible(curve, suppress)
        if keep is not None and keep.any():
            _step(axes, curve.time[keep], curve.survival[keep], curve.lower[keep],
                  curve.upper[keep], colour, label)
        risk = [curve.at(years * YEAR).at_risk for years in RISK_YEARS]
        rows.append((label, colour, ["<5" if suppress and is_suppressed(n) else str(n)
                                     for n in risk]))
    axes.set_ylim(0, 1.02)
    axes.set_xlim(0, RISK_YEARS[-1] + 0.2)
    axes.set_title(title, fontsize=11)
    axes.set_ylabel(gettext("Probability"))
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(fontsize=7, loc="lower left", framealpha=0.85)
    axes.tick_params(labelbottom=True)
    axes.set_xlabel(gettext("Years from diagnosis"))
    table.axis("off")
    table.set_ylim(-0.5, len(rows) - 0.5)
    table.text(-0.1, len(rows) - 0.3, gettext("Number at risk"), ha="right", fontsize=8,
               fontweight="bold", transform=table.transData)
    for row, (label, colour, counts) in enumerate(rows):
        y = len(rows) - 1 - row - 0.3
        table.text(-0.25, y, label, ha="right", va="center", fontsize=8, color=colour)
        for years, count in zip(RISK_YEARS, counts, strict=True):
            table.text(years, y, count, ha="center", va="center", fontsize=8)
    return _to_svg(figure, title)


def incidence_svg(curves: Sequence[IncidenceCurve], *, suppress: bool, n: int) -> str:
    """Cumulative incidence of local recurrence and of death without it."""
    figure = Figure(figsize=(7.2, 3.2))
    axes = figure.add_axes((0.12, 0.16, 0.84, 0.74))
    names = {1: gettext("Local recurrence"), 2: gettext("Death without local recurrence")}
    for index, curve in enumerate(curves):
        if suppress and (is_suppressed(curve.total_events) or is_suppressed(n)):
            continue
        x = np.concatenate(([0.0], curve.time / YEAR))
        colour = COLOURS[index]
        axes.step(x, np.concatenate(([0.0], curve.incidence)), where="post", color=colour,
                  label=names.get(curve.cause, str(curve.cause)))
        axes.fill_between(x, np.concatenate(([0.0], np.nan_to_num(curve.lower))),
                          np.concatenate(([0.0], np.nan_to_num(curve.upper))), step="post",
                          color=colour, alpha=0.15, linewidth=0)
    axes.set_xlim(0, RISK_YEARS[-1] + 0.2)
    axes.set_ylim(0, 1)
    axes.set_xlabel(gettext("Years from diagnosis"))
    axes.set_ylabel(gettext("Cumulative incidence"))
    axes.set_title(gettext("Local recurrence, death as competing event"), fontsize=11)
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(fontsize=8, loc="upper left")
    return _to_svg(figure, "Cumulative incidence of local recurrence")


def trend_svg(series: dict[str, list[tuple[int, float]]],
              ranges: dict[str, tuple[float, float]]) -> str:
    """One small panel per instrument: total against months after surgery."""
    figure = Figure(figsize=(6.0, 1.9 * max(1, len(series))))
    panels = figure.subplots(max(1, len(series)), 1, squeeze=False)[:, 0]
    for index, (axes, (instrument, points)) in enumerate(zip(panels, series.items(),
                                                             strict=False)):
        months = [m for m, _ in points]
        totals = [t for _, t in points]
        axes.plot(months, totals, marker="o", color=COLOURS[index % len(COLOURS)])
        for month, total in points:
            axes.annotate(f"{total:g}", (month, total), textcoords="offset points",
                          xytext=(0, 5), ha="center", fontsize=7)
        low, high = ranges.get(instrument, (0.0, max(totals or [1.0])))
        axes.set_ylim(low, high * 1.12)
        axes.set_xlim(0, max([*months, 24]) + 2)
        axes.set_ylabel(instrument.upper(), fontsize=8)
        axes.grid(alpha=0.3)
    panels[-1].set_xlabel(gettext("Months after surgery"))
    figure.tight_layout()
    return _to_svg(figure, "Function scores over time")
