"""The network audit of one indicator over a period: funnel plots per hospital and per
surgeon, unadjusted (around the network's rate) and risk-adjusted (observed / expected, the
expected probabilities from a logistic model fitted on the network's own rows), the same per
technique version, and the risk-adjusted CUSUM per surgeon with its alarms; hospitals,
surgeons and the CUSUM may be narrowed to one technique (and version). Units with fewer
than MIN_NAMED cases are not named. The statistics are outcomes/analytics' (funnel_plot,
ra_cusum, fit_logistic)."""

from __future__ import annotations

import datetime as dt
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
    too_few: bool = False  # the network has too few operations for a model and funnels
    model: dict[str, Any] | None = None
    model_error: str | None = None
    funnels: dict[str, dict[str, Any]] = field(default_factory=dict)  # "site", "site_adj"...
    cusum: dict[str, Any] | None = None
    cusum_dates: dict[str, list[dt.date]] = field(default_factory=dict)  # per surgeon, charted


@dataclass(frozen=True)
class TechniqueFilter:
    """Only the operations of one technique (any case of its name) and, if given, version."""

    technique: str = ""
    version: str = ""

    def keeps(self, row: OperationRow) -> bool:
        return ((not self.technique or row.technique.casefold() == self.technique.casefold())
                and (not self.version or row.technique_version == self.version))


EVERY = TechniqueFilter()
LEVELS = ("site", "surgeon", "technique")


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


def technique_unit(technique: str, version: str) -> str:
    return f"{technique}|{version}"


def unit_of(row: OperationRow, level: str) -> str | None:
    """The row's unit at ``level``; None: the row has none there (no surgeon, no technique)."""
    if level == "site":
        return str(row.site_id)
    if level == "surgeon":
        return None if row.surgeon_id is None else str(row.surgeon_id)
    return technique_unit(row.technique, row.technique_version) if row.technique else None


def _funnels(audit: IndicatorAudit, rows: list[OperationRow], picked: list[int],
             expected: list[float] | None) -> None:
    """Hospitals and surgeons over the picked rows; technique versions over every row."""
    for level in LEVELS:
        indices = range(len(rows)) if level == "technique" else picked
        subset = [(i, unit) for i in indices if (unit := unit_of(rows[i], level)) is not None]
        if not subset:
            continue
        outcome = [int(rows[i].values[audit.indicator] or 0) for i, _ in subset]
        audit.funnels[level] = funnel_plot(
            [(unit, y, None) for (_, unit), y in zip(subset, outcome, strict=True)])
        if expected is not None:
            audit.funnels[f"{level}_adjusted"] = funnel_plot(
                [(unit, y, expected[i]) for (i, unit), y in zip(subset, outcome, strict=True)])


def run(rows: list[OperationRow], indicator: str, *, technique: TechniqueFilter = EVERY,
        odds_ratio: float = 2.0, threshold: float = 4.5) -> IndicatorAudit:
    """The indicator over ``rows``; the risk model is fitted on every applicable row (the
    network's own data), hospitals, surgeons and the CUSUM use those ``technique`` keeps."""
    chosen = applicable(rows, indicator)
    picked = [i for i, r in enumerate(chosen) if technique.keeps(r)]
    audit = IndicatorAudit(indicator, len(picked),
                           sum(int(chosen[i].values[indicator] or 0) for i in picked))
    if len(chosen) < MIN_ROWS:
        audit.too_few = True
        return audit
    expected = expected_probabilities(chosen, indicator, audit)
    _funnels(audit, chosen, picked, expected)
    charted = [(str(chosen[i].surgeon_id), int(chosen[i].values[indicator] or 0),
                expected[i]) for i in picked if chosen[i].surgeon_id is not None] \
        if expected is not None and indicator in ADVERSE else []
    if charted:
        audit.cusum = ra_cusum(charted, odds_ratio=odds_ratio, threshold=threshold)
        for i in picked:
            if chosen[i].surgeon_id is not None:
                audit.cusum_dates.setdefault(str(chosen[i].surgeon_id), []).append(
                    chosen[i].date)
    return audit


def named_units(report: dict[str, Any]) -> set[str]:
    """The units of a funnel with enough cases to be named on a shared page."""
    return {u["unit"] for u in report["units"] if u["n"] >= MIN_NAMED}
