"""The network's charts, drawn with matplotlib's object API as inline SVG: Kaplan-Meier
curves (each ending where its follow-up ends, with the number at risk under the plot),
funnel plots with 95% and 99.8% limits, and RA-CUSUM charts with their threshold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from django.utils.translation import gettext
from matplotlib.figure import Figure

from tumorboard.outcomes.analytics import KaplanMeierCurve
from tumorboard.outcomes.charts import to_svg

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#843c0c")
YEAR = 365.25
RISK_YEARS = (0, 1, 2, 3, 4, 5)


def km_svg(curves: Sequence[tuple[str, KaplanMeierCurve]], title: str) -> str:
    """Survival curves; a curve stops at its last time with anyone at risk, and the table
    under the axes prints the number at risk at each year."""
    rows = len(curves)
    figure = Figure(figsize=(8.0, 3.4 + 0.22 * rows))
    share = 0.22 * rows / (3.4 + 0.22 * rows)
    axes = figure.add_axes((0.3, 0.14 + share, 0.66, 0.76 - share))
    table = figure.add_axes((0.3, 0.02, 0.66, share), sharex=axes)
    for index, (label, curve) in enumerate(curves):
        colour = COLOURS[index % len(COLOURS)]
        x = np.concatenate(([0.0], curve.time / YEAR))
        axes.step(x, np.concatenate(([1.0], curve.survival)), where="post", color=colour,
                  label=label, linewidth=2.2 if index == 0 else 1.2)
        y = rows - 1 - index
        table.text(-0.3, y, label, ha="right", va="center", fontsize=8, color=colour)
        for years in RISK_YEARS:
            table.text(years, y, str(curve.at(years * YEAR).at_risk), ha="center",
                       va="center", fontsize=8)
    axes.set_ylim(0, 1.02)
    axes.set_xlim(0, RISK_YEARS[-1] + 0.2)
    axes.set_title(title, fontsize=11)
    axes.set_ylabel(gettext("Probability"))
    axes.set_xlabel(gettext("Years from diagnosis"))
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(fontsize=7, loc="lower left", framealpha=0.85)
    table.axis("off")
    table.set_ylim(-0.5, rows - 0.2)
    table.text(-0.3, rows - 0.35, gettext("Number at risk"), ha="right", fontsize=8,
               fontweight="bold")
    return to_svg(figure, title)


def funnel_svg(report: dict[str, Any], title: str, names: dict[str, str]) -> str:
    """Each unit's rate (or O/E ratio) against its number of cases (or expected count),
    with the target and the 95% and 99.8% limits; units not in ``names`` are unlabelled."""
    ratio = report["measure"] == "ratio"
    figure = Figure(figsize=(6.8, 3.8))
    axes = figure.add_axes((0.12, 0.14, 0.84, 0.76))
    limits = report["limits"]
    x = [row["n"] for row in limits]
    for name, style in (("95", "--"), ("998", ":")):
        axes.plot(x, [row[f"upper{name}"] for row in limits], style, color="#7f7f7f",
                  linewidth=1)
        axes.plot(x, [row[f"lower{name}"] for row in limits], style, color="#7f7f7f",
                  linewidth=1, label=gettext("95% limits") if name == "95"
                  else gettext("99.8% limits"))
    axes.axhline(report["target"], color="#1f4e79", linewidth=1, label=gettext("Target"))
    for unit in report["units"]:
        px = unit["expected"] if ratio else unit["n"]
        py = unit["ratio"] if ratio else unit["rate"]
        colour = "#c00000" if unit["outside"] else "#1f4e79"
        axes.plot([px], [py], "o", color=colour, markersize=5)
        if unit["unit"] in names:
            axes.annotate(names[unit["unit"]], (px, py), textcoords="offset points",
                          xytext=(4, 4), fontsize=7)
    axes.set_xlabel(gettext("Expected events") if ratio else gettext("Number of cases"))
    axes.set_ylabel(gettext("Observed / expected") if ratio else gettext("Rate"))
    axes.set_title(title, fontsize=11)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="upper right")
    return to_svg(figure, title)


def cusum_svg(values: Sequence[float], signals: Sequence[int], threshold: float,
              title: str, sign_offs: Sequence[float] = ()) -> str:
    """One surgeon's RA-CUSUM: the chart by case, the threshold, each signal, and where the
    surgeon was signed off as independent (a vertical line between two operations)."""
    figure = Figure(figsize=(6.0, 2.4))
    axes = figure.add_axes((0.1, 0.2, 0.86, 0.68))
    cases = list(range(1, len(values) + 1))
    axes.step(cases, values, where="post", color="#1f4e79", linewidth=1.4)
    axes.axhline(threshold, color="#c00000", linestyle="--", linewidth=1,
                 label=gettext("Threshold"))
    for case in signals:
        axes.plot([case], [values[case - 1]], "v", color="#c00000", markersize=6)
    for index, x in enumerate(sign_offs):
        axes.axvline(x, color="#548235", linestyle=":", linewidth=1.4,
                     label=gettext("Signed off as independent") if index == 0 else None)
    if sign_offs:
        axes.legend(fontsize=7, loc="upper left")
    axes.set_xlabel(gettext("Operations in order"))
    axes.set_ylabel("CUSUM")
    axes.set_ylim(0, max([threshold * 1.15, *values]) if values else threshold * 1.15)
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    return to_svg(figure, title)
