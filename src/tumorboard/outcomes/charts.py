"""SVG charts drawn with matplotlib's object API (no pyplot state, no GUI backend).

The SVG is returned as a string to inline in the page: no file, no CDN, no JavaScript.
Each figure gets its own hash salt so the element ids of two charts on a page differ.
"""

from __future__ import annotations

import io
import re
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib
import numpy as np
from django.utils.translation import gettext
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tumorboard.outcomes.analytics import MIN_CELL_COUNT, IncidenceCurve, KaplanMeierCurve
from tumorboard.outcomes.analytics.rates import is_suppressed
from tumorboard.outcomes.registry import RISK_YEARS, YEAR
from tumorboard.outcomes.summary import TREATMENT_LABELS

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#843c0c")
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
CJK_FAMILY = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk, as for the PDFs


def font_families() -> list[str]:
    """DejaVu Sans for Latin text and, where installed, the CJK font for Chinese: matplotlib
    falls back glyph by glyph, so a Chinese label or legend is measured with the glyphs the
    reader sees (with DejaVu alone it warned "Glyph missing" and sized boxes for nothing)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *([CJK_FAMILY] if CJK_FAMILY in installed else [])]


# Set once at import, before any figure of the project is made (the other apps' charts
# import to_svg from here); a Text takes its font when it is created.
matplotlib.rcParams["font.family"] = font_families()


# rcParams are global: two threads of the server drawing at once (the dashboard's charts
# load in parallel) would undo each other's rc_context and write text as paths.
_SVG_LOCK = threading.Lock()


def to_svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    with _SVG_LOCK, matplotlib.rc_context({"svg.hashsalt": uuid.uuid4().hex,
                                           "svg.fonttype": "none"}):
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


def step_x(time: np.ndarray) -> np.ndarray:
    """x of a drawn step curve in years: from 0 to the last observed time, not beyond."""
    return np.concatenate(([0.0], time / YEAR))


def _step(axes: Axes, time: np.ndarray, values: np.ndarray, lower: np.ndarray,
          upper: np.ndarray, colour: str, label: str) -> None:
    x = step_x(time)
    axes.step(x, np.concatenate(([1.0], values)), where="post", color=colour, label=label,
              linewidth=1.6)
    axes.fill_between(x, np.concatenate(([1.0], np.nan_to_num(lower))),
                      np.concatenate(([1.0], np.nan_to_num(upper))), step="post",
                      color=colour, alpha=0.15, linewidth=0)


def _risk_layout(rows: int, height: float) -> tuple[Figure, Axes, Axes]:
    """A figure with the plot above and a number-at-risk table of ``rows`` lines below."""
    total_height = height + 0.22 * rows
    table_height = 0.22 * rows / total_height
    figure = Figure(figsize=(8.0, total_height))
    axes = figure.add_axes((0.36, 0.12 + table_height + 0.06, 0.6, 0.78 - table_height - 0.08))
    table = figure.add_axes((0.36, 0.02, 0.6, table_height), sharex=axes)
    return figure, axes, table


def _risk_counts(counts: Sequence[int], suppress: bool) -> list[str]:
    return ["<5" if suppress and is_suppressed(n) else str(n) for n in counts]


def _risk_table(table: Axes, rows: Sequence[tuple[str, str, list[str]]]) -> None:
    """The number at risk at each of RISK_YEARS, one line per curve, under the x axis."""
    table.axis("off")
    table.set_ylim(-0.5, len(rows) - 0.5)
    table.text(-0.1, len(rows) - 0.3, gettext("Number at risk"), ha="right", fontsize=8,
               fontweight="bold", transform=table.transData)
    for row, (label, colour, counts) in enumerate(rows):
        y = len(rows) - 1 - row - 0.3
        table.text(-0.25, y, label, ha="right", va="center", fontsize=8, color=colour)
        for years, count in zip(RISK_YEARS, counts, strict=True):
            table.text(years, y, count, ha="center", va="center", fontsize=8)


def _finish(axes: Axes, title: str, ylabel: str, legend: Literal["lower left", "upper left"],
            ) -> None:
    axes.set_xlim(0, RISK_YEARS[-1] + 0.2)
    axes.set_title(title, fontsize=11)
    axes.set_ylabel(ylabel)
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(fontsize=7, loc=legend, framealpha=0.85)
    axes.tick_params(labelbottom=True)
    axes.set_xlabel(gettext("Years from diagnosis"))


def km_svg(curves: Sequence[tuple[str, KaplanMeierCurve]], title: str, *,
           suppress: bool, labels: Mapping[str, str] | None = None) -> str:
    """Kaplan-Meier curves with 95% bands, each ending at its last observed time (nothing
    is drawn past the end of follow-up), and the number at risk under the axes. Groups are
    named by ``labels`` (default: the treatment vocabulary)."""
    figure, axes, table = _risk_layout(len(curves), 3.6)
    rows: list[tuple[str, str, list[str]]] = []
    names: Mapping[str, object] = TREATMENT_LABELS if labels is None else labels
    for index, (group, curve) in enumerate(curves):
        colour = COLOURS[index % len(COLOURS)]
        label = str(names.get(group, gettext("All cases")))
        keep = _visible(curve, suppress)
        if keep is not None and keep.any():
            _step(axes, curve.time[keep], curve.survival[keep], curve.lower[keep],
                  curve.upper[keep], colour, label)
        risk = [curve.at(years * YEAR).at_risk for years in RISK_YEARS]
        rows.append((label, colour, _risk_counts(risk, suppress)))
    axes.set_ylim(0, 1.02)
    _finish(axes, title, gettext("Probability"), "lower left")
    _risk_table(table, rows)
    return to_svg(figure, title)


def incidence_svg(curves: Sequence[IncidenceCurve], at_risk: Sequence[int], *,
                  suppress: bool, n: int) -> str:
    """Cumulative incidence of local recurrence and of death without it, ending at the
    last observed time, with the number still followed under the axes."""
    figure, axes, table = _risk_layout(1, 3.4)
    names = {1: gettext("Local recurrence"), 2: gettext("Death without local recurrence")}
    for index, curve in enumerate(curves):
        if suppress and (is_suppressed(curve.total_events) or is_suppressed(n)):
            continue
        x = step_x(curve.time)
        colour = COLOURS[index]
        axes.step(x, np.concatenate(([0.0], curve.incidence)), where="post", color=colour,
                  label=names.get(curve.cause, str(curve.cause)))
        axes.fill_between(x, np.concatenate(([0.0], np.nan_to_num(curve.lower))),
                          np.concatenate(([0.0], np.nan_to_num(curve.upper))), step="post",
                          color=colour, alpha=0.15, linewidth=0)
    axes.set_ylim(0, 1)
    title = gettext("Local recurrence, death as competing event")
    _finish(axes, title, gettext("Cumulative incidence"), "upper left")
    _risk_table(table, [(gettext("All cases"), "#000000", _risk_counts(at_risk, suppress))])
    return to_svg(figure, gettext("Cumulative incidence of local recurrence"))


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
    return to_svg(figure, gettext("Function scores over time"))
