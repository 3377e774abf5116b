"""The network audit of one indicator over a period: funnel plots per hospital and per
surgeon, unadjusted (around the network's rate) and risk-adjusted (observed / expected, the
expected probabilities from a logistic model fitted on the network's own rows), and the
risk-adjusted CUSUM per surgeon with its alarms. Units with fewer than MIN_NAMED cases are
not named. The statistics are outcomes/analytics' (funnel_plot, ra_cusum, fit_logistic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tumorboard.network.audit_rows import ADVERSE, COVARIATES, OperationRow
from tumorboard.network.vocabulary import MIN_NAMED
from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.cusum import ra_cusum
from tumorboard.outcomes.analytics.funnel import funnel_plot
from tumorboard.outcomes.analytics.risk_model import fit_logistic

MIN_ROWS = 10  # fewer operations than this: no model, no funnel


@dataclass
class IndicatorAudit:
    indicator: str
    n: int
    events: int
    model: dict[str, Any] | None = None
    model_error: str | None = None
    funnels: dict[str, dict[str, Any]] = field(default_factory=dict)  # "site", "site_adj"...
    cusum: dict[str, Any] | None = None


def applicable(rows: list[OperationRow], indicator: str) -> list[OperationRow]:
    return [r for r in rows if r.values.get(indicator) is not None]


def expected_probabilities(rows: list[OperationRow], indicator: str,
                           audit: IndicatorAudit) -> list[float] | None:
    data = [{"y": r.values[indicator], **{c: getattr(r, c) for c in COVARIATES}}
            for r in rows]
    try:
        model = fit_logistic(data, "y", COVARIATES)
    except InputError as error:
        audit.model_error = error.message
        return None
    audit.model = model.as_json()
    return list(model.expected)


def unit_of(row: OperationRow, level: str) -> str:
    return str(row.site_id if level == "site" else row.surgeon_id)


def run(rows: list[OperationRow], indicator: str, *, odds_ratio: float = 2.0,
        threshold: float = 4.5) -> IndicatorAudit:
    chosen = applicable(rows, indicator)
    events = sum(int(r.values[indicator] or 0) for r in chosen)
    audit = IndicatorAudit(indicator, len(chosen), events)
    if len(chosen) < MIN_ROWS:
        return audit
    expected = expected_probabilities(chosen, indicator, audit)
    for level in ("site", "surgeon"):
        subset = [(i, r) for i, r in enumerate(chosen)
                  if level == "site" or r.surgeon_id is not None]
        if not subset:
            continue
        audit.funnels[level] = funnel_plot(
            [(unit_of(r, level), int(r.values[indicator] or 0), None) for _, r in subset])
        if expected is not None:
            audit.funnels[f"{level}_adjusted"] = funnel_plot(
                [(unit_of(r, level), int(r.values[indicator] or 0), expected[i])
                 for i, r in subset])
    if expected is not None and indicator in ADVERSE:
        audit.cusum = ra_cusum(
            [(str(r.surgeon_id), int(r.values[indicator] or 0), expected[i])
             for i, r in enumerate(chosen) if r.surgeon_id is not None],
            odds_ratio=odds_ratio, threshold=threshold)
    return audit


def named_units(report: dict[str, Any]) -> set[str]:
    """The units of a funnel with enough cases to be named on a shared page."""
    return {u["unit"] for u in report["units"] if u["n"] >= MIN_NAMED}
