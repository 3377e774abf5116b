"""Measures as SVG charts drawn with matplotlib's object API, as outcomes.charts does
(no pyplot, no inline <style>: the page's CSP refuses it)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from tumorboard.outcomes.charts import to_svg

COLOUR = "#1f4e79"


def bars(labels: Sequence[str], values: Sequence[float], title: str, ylabel: str) -> str:
    figure = Figure(figsize=(6.4, 2.8))
    axes = figure.add_subplot()
    axes.bar(range(len(values)), values, color=COLOUR)
    axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    axes.set_title(title, fontsize=10)
    axes.set_ylabel(ylabel, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return to_svg(figure, title)
