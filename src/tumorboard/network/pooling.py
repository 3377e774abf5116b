"""What the hub shows from its members' latest aggregates: per pathway, the pooled
Kaplan-Meier curve and each site's, the log-rank test between sites, and each indicator's
pooled rate with each site against it (a funnel on the sites' numerators and denominators).
Plain data in, plain data out; the statistics are outcomes/analytics'."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tumorboard.outcomes.analytics import KaplanMeierCurve, kaplan_meier
from tumorboard.outcomes.analytics.aggregate import (
    pool_aggregates,
    pooled_counts,
    pooled_indicators,
)
from tumorboard.outcomes.analytics.funnel import funnel_plot

Document = dict[str, Any]


@dataclass
class PathwayPool:
    pathway: str
    report: dict[str, Any]  # analyze survival's JSON on the pooled counts
    by_site: dict[str, Any]  # the same with one group per site (log-rank between sites)
    curves: list[tuple[str | None, KaplanMeierCurve]] = field(default_factory=list)


def pathways(documents: list[Document]) -> list[str]:
    return sorted({g["group"] for d in documents for g in d["groups"] if g["group"]})


def _of_pathway(documents: list[Document], pathway: str) -> list[Document]:
    out = []
    for document in documents:
        groups = [g for g in document["groups"] if g["group"] == pathway]
        if groups:
            out.append({**document, "groups": groups, "indicators": []})
    return out


def pool_pathway(documents: list[Document], pathway: str, at: tuple[float, ...] = ()
                 ) -> PathwayPool | None:
    """Pooled and per-site survival of one pathway; None when no site sent it."""
    chosen = _of_pathway(documents, pathway)
    if not chosen:
        return None
    pool = PathwayPool(pathway, pool_aggregates(chosen, at=at),
                       pool_aggregates(chosen, by_site=True, at=at))
    pool.curves = [(None, kaplan_meier(counts)) for _, counts in pooled_counts(chosen)]
    pool.curves += [(site, kaplan_meier(counts))
                    for site, counts in pooled_counts(chosen, by_site=True)]
    return pool


def indicator_funnels(documents: list[Document]) -> dict[str, dict[str, Any]]:
    """Per indicator, the funnel of sites around the pooled rate (counts expanded to 0/1)."""
    totals = pooled_indicators(documents)
    out: dict[str, dict[str, Any]] = {}
    for name in totals:
        rows: list[tuple[str, int, float | None]] = []
        for document in documents:
            for entry in document.get("indicators", []):
                if entry["indicator"] == name:
                    rows += [(document["site"], 1, None)] * entry["numerator"]
                    rows += [(document["site"], 0, None)] * (entry["denominator"]
                                                             - entry["numerator"])
        if rows:
            out[name] = {"pooled": totals[name], "funnel": funnel_plot(rows)}
    return out
