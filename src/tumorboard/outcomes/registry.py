"""The registry's figures: counts per (group, time) from SQL, fitted with the pure core.

Every figure is fitted on counts (aggregates.py): the pre-aggregated tallies (tallies.py)
when only pathway and sites filter, a GROUP BY over CaseOutcome with year / surgeon / stage
filters; the cost grows with the number of distinct (group, day) pairs, not patients.
Figures are flat rows (one dict per group / rate / bin), the same rows the CSV export
writes; ``suppress`` blanks cells of 1-4 patients with the core's helper.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Site
from tumorboard.outcomes.aggregates import (
    CCI_BINS,
    GroupedTimes,
    RegistryCounts,
    Rows,
    from_cases,
    from_tallies,
)
from tumorboard.outcomes.analytics import (
    IncidenceCurve,
    KaplanMeierCurve,
    competing_counts_from_aggregates,
    cumulative_incidence,
    kaplan_meier,
    logrank_test,
    suppress_small_cells,
    time_counts_from_aggregates,
    wilson_interval,
)
from tumorboard.outcomes.models import CaseOutcome
from tumorboard.outcomes.summary import TREATMENT_LABELS
from tumorboard.patients.models import Pathway
from tumorboard.patients.validation import InvalidInput

YEAR = 365.25
FIVE_YEARS = 5 * YEAR
RISK_YEARS = (0, 1, 2, 3, 4, 5)
INCIDENCE_YEARS = (1, 2, 3, 5)
STAGES = ("0", "I", "II", "III", "IV")
ENDPOINTS = {"os": ("os_days", "os_event", _("Overall survival")),
             "dfs": ("dfs_days", "dfs_event", _("Disease-free survival"))}
RATES: dict[str, tuple[Any, str]] = {
    "reconstruction": (_("Reconstruction rate (mastectomy cases)"), "breast"),
    "sphincter_preserved": (_("Sphincter-preservation rate (rectal resections)"), "rectum"),
    "permanent_stoma": (_("Permanent stoma rate (rectal resections, 18 months)"), "rectum"),
    "anastomotic_leak": (_("Anastomotic-leak rate (LAR/ISR)"), "rectum"),
    "limb_salvage": (_("Limb-salvage rate"), "sarcoma bone_metastasis"),
    "death_90d": (_("90-day mortality after the first operation"), "all"),
}
LACKING_FOLLOW_UP_DAYS = 365
CAUSE_LABELS = {1: _("Local recurrence"), 2: _("Death without local recurrence")}


@dataclass(frozen=True)
class RegistryFilters:
    pathway: str
    site_ids: frozenset[int]
    year_from: int | None = None
    year_to: int | None = None
    surgeon_id: int | None = None
    stage: str = ""

    def queryset(self) -> QuerySet[CaseOutcome]:
        rows = CaseOutcome.objects.filter(pathway=self.pathway, site_id__in=self.site_ids)
        if self.year_from is not None:
            rows = rows.filter(diagnosis_year__gte=self.year_from)
        if self.year_to is not None:
            rows = rows.filter(diagnosis_year__lte=self.year_to)
        if self.surgeon_id is not None:
            rows = rows.filter(surgeon_id=self.surgeon_id)
        if self.stage:
            rows = rows.filter(stage=self.stage)
        return rows.order_by()

    @property
    def tallied(self) -> bool:
        """Only pathway and sites filter: the pre-aggregated counts have every figure."""
        return (self.year_from is None and self.year_to is None and self.surgeon_id is None
                and not self.stage)

    @property
    def multi_site(self) -> bool:
        return len(self.site_ids) > 1

    def echo(self) -> dict[str, Any]:
        codes = sorted(Site.objects.filter(pk__in=self.site_ids).values_list("code", flat=True))
        surgeon = (User.objects.filter(pk=self.surgeon_id).values_list("username", flat=True)
                   .first() if self.surgeon_id else None)
        return {"pathway": self.pathway, "sites": codes, "year_from": self.year_from,
                "year_to": self.year_to, "surgeon": surgeon, "stage": self.stage or None}


def _year(params: Mapping[str, str], name: str) -> int | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise InvalidInput({name: gettext("Give a year such as 2021.")})
    return int(text)


def parse_filters(user: AnyUser, params: Mapping[str, str]) -> RegistryFilters:
    """Filters from a query string; the site is always among the user's own sites."""
    door.require(user, door.AGGREGATES)
    pathway = params.get("pathway") or Pathway.BREAST
    if pathway not in Pathway.values:
        raise InvalidInput({"pathway": gettext("Choose one of the listed pathways.")})
    own = door.report_sites(user, params.get("site") or "")
    year_from, year_to = _year(params, "year_from"), _year(params, "year_to")
    if year_from and year_to and year_from > year_to:
        raise InvalidInput({"year_to": gettext("The last year is before the first year.")})
    surgeon_id = None
    if params.get("surgeon"):
        surgeon_id = User.objects.filter(username=params["surgeon"]).values_list(
            "pk", flat=True).first()
        if surgeon_id is None:
            raise InvalidInput({"surgeon": gettext("Choose a surgeon of this hospital.")})
    stage = (params.get("stage") or "").strip()
    if stage and stage not in STAGES:
        raise InvalidInput({"stage": gettext("Choose one of the stages %(stages)s.") % {
            "stages": ", ".join(STAGES)}})
    return RegistryFilters(pathway, frozenset(own), year_from, year_to, surgeon_id, stage)


@dataclass
class Registry:
    filters: RegistryFilters
    suppressed: bool
    figures: dict[str, Any]
    curves: dict[str, list[tuple[str, KaplanMeierCurve]]] = field(default_factory=dict)
    incidence: list[IncidenceCurve] = field(default_factory=list)
    incidence_at_risk: list[int] = field(default_factory=list)  # at RISK_YEARS


def _optional(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)  # NaN -> None


def follow_up_years(end: float | None) -> float | None:
    """The end of follow-up in years, rounded down to a tenth (shown, never overstated)."""
    return None if end is None else math.floor(end / YEAR * 10) / 10


def _survival_row(group: str, curve: KaplanMeierCurve) -> dict[str, Any]:
    at5 = curve.at(FIVE_YEARS)
    # Honest figures: no 5-year estimate once no one is followed that long.
    known = curve.estimable_at(FIVE_YEARS)
    low, high = curve.median_ci()
    row: dict[str, Any] = {
        "group": group, "label": TREATMENT_LABELS.get(group, _("All cases")),
        "n": curve.n, "events": curve.total_events, "median_days": curve.median(),
        "median_lower": low, "median_upper": high,
        "survival_5y": at5.survival if known else None,
        "lower_5y": _optional(at5.lower) if known else None,
        "upper_5y": _optional(at5.upper) if known else None, "at_risk_5y": at5.at_risk,
        "follow_up_years": follow_up_years(curve.follow_up_end),
    }
    for years in RISK_YEARS:
        row[f"at_risk_{years}y"] = curve.at(years * YEAR).at_risk
    return row


SURVIVAL_COUNTS = ["n", "events", "at_risk_5y", *(f"at_risk_{y}y" for y in RISK_YEARS)]
SURVIVAL_DERIVED = {name: ["n", "events"] for name in ("median_days", "median_lower",
                                                        "median_upper")}
SURVIVAL_DERIVED.update({name: ["n", "events", "at_risk_5y"]
                         for name in ("survival_5y", "lower_5y", "upper_5y")})
SURVIVAL_DERIVED["follow_up_years"] = ["n"]


def _survival(grouped: GroupedTimes, endpoint: str, suppress: bool,
              ) -> tuple[dict[str, Any], list[tuple[str, KaplanMeierCurve]]]:
    """KM for all cases and per group from each group's (time, events, censored) rows."""
    title = ENDPOINTS[endpoint][2]
    names = sorted(grouped)
    per_group = [time_counts_from_aggregates(grouped[g]) for g in names]
    curves = ([("all", kaplan_meier(time_counts_from_aggregates(
        np.concatenate([grouped[g] for g in names]))))] if names else [])
    curves += [(g, kaplan_meier(counts)) for g, counts in zip(names, per_group, strict=True)]
    table = [_survival_row(group, curve) for group, curve in curves]
    logrank = None
    if len(grouped) >= 2:
        test = logrank_test(per_group)
        logrank = {"statistic": test.statistic, "df": test.df, "p": test.p}
    if suppress:
        table = suppress_small_cells(table, SURVIVAL_COUNTS, SURVIVAL_DERIVED)
        if logrank and any(row["n"] is None or row["events"] is None for row in table):
            logrank = None
    return {"title": title, "time_unit": "days", "groups": table, "logrank": logrank}, curves


def _incidence(data: Rows, suppress: bool,
               ) -> tuple[list[dict[str, Any]], list[IncidenceCurve], list[int]]:
    """Aalen-Johansen from (time, cause, count) rows, cause 0 = censored; with the number
    at risk at each of RISK_YEARS (for the chart)."""
    if not len(data):
        return [], [], []
    counts = competing_counts_from_aggregates(data, causes=(1, 2))
    curves = cumulative_incidence(counts)
    anyone = kaplan_meier(counts.all_cause())  # who is still followed, whatever the cause
    at_risk = [anyone.at(years * YEAR).at_risk for years in RISK_YEARS]
    names = {1: "local_recurrence", 2: "death_without_local_recurrence"}
    table: list[dict[str, Any]] = []
    for curve in curves:
        row: dict[str, Any] = {"cause": names[curve.cause], "label": CAUSE_LABELS[curve.cause],
                               "n": counts.n,
                               "events": curve.total_events}
        for years in INCIDENCE_YEARS:
            point = curve.at(years * YEAR)
            known = anyone.estimable_at(years * YEAR)
            row[f"incidence_{years}y"] = point.incidence if known else None
            row[f"lower_{years}y"] = _optional(point.lower) if known else None
            row[f"upper_{years}y"] = _optional(point.upper) if known else None
        row["follow_up_years"] = follow_up_years(anyone.follow_up_end)
        table.append(row)
    if suppress:
        shown = ("cause", "label", "n", "events")  # the cause's name is never suppressed
        derived = {k: ["n", "events"] for k in table[0] if k not in shown}
        table = suppress_small_cells(table, ["n", "events"], derived)
    return table, curves, at_risk


def _rates(sums: dict[str, Any], suppress: bool) -> list[dict[str, Any]]:
    table = []
    for name in sums["names"]:
        events, total = int(sums[f"{name}__events"] or 0), int(sums[f"{name}__total"])
        row: dict[str, Any] = {"rate": name, "label": RATES[name][0], "events": events,
                               "without": total - events, "total": total,
                               "proportion": None, "lower": None, "upper": None}
        if total:
            rate = wilson_interval(events, total)
            row.update(proportion=rate.proportion, lower=rate.lower, upper=rate.upper)
        table.append(row)
    if suppress:
        counts = ["events", "without", "total"]
        table = suppress_small_cells(table, counts, {k: counts for k in
                                                     ("proportion", "lower", "upper")})
    return table


def _cci(sums: dict[str, Any], suppress: bool) -> list[dict[str, Any]]:
    table = [{"cci": label, "operations": int(sums[f"bin{i}"])}
             for i, (label, _) in enumerate(CCI_BINS)]
    return suppress_small_cells(table, ["operations"]) if suppress else table


def _completeness(sums: dict[str, Any], suppress: bool) -> dict[str, Any]:
    row = {"alive_cases": sums["alive"], "lacking_follow_up": sums["lacking"],
           "since": sums["cutoff"].isoformat()}
    return suppress_small_cells([row], ["alive_cases", "lacking_follow_up"])[0] \
        if suppress else row


def rate_names(pathway: str) -> list[str]:
    return [name for name, (_, scope) in RATES.items()
            if scope == "all" or pathway in scope.split()]


def counts_from_tallies(filters: RegistryFilters, cutoff: dt.date) -> RegistryCounts:
    return from_tallies(filters.pathway, filters.site_ids, rate_names(filters.pathway), cutoff)


def counts_from_cases(filters: RegistryFilters, cutoff: dt.date) -> RegistryCounts:
    return from_cases(filters.queryset(), rate_names(filters.pathway), cutoff)


@contextmanager
def _analytic_session() -> Iterator[None]:
    """PostgreSQL's JIT compiles these short aggregate queries for longer than they run."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def compute_registry(filters: RegistryFilters, *, suppress: bool,
                     today: dt.date) -> Registry:
    """Every figure of the dashboard; from the tallies when only pathway and sites filter."""
    cutoff = today - dt.timedelta(days=LACKING_FOLLOW_UP_DAYS)
    with _analytic_session():
        counts = (counts_from_tallies(filters, cutoff) if filters.tallied
                  else counts_from_cases(filters, cutoff))
    total = int(counts.sums["n"])
    figures: dict[str, Any] = {"filters": filters.echo(), "suppressed": suppress, "n": total}
    registry = Registry(filters, suppress, figures)
    for endpoint in ENDPOINTS:
        figures[endpoint], registry.curves[endpoint] = _survival(
            counts.survival[endpoint], endpoint, suppress)
    figures["local_recurrence"], registry.incidence, registry.incidence_at_risk = _incidence(
        counts.incidence, suppress)
    figures["rates"] = _rates(counts.sums, suppress)
    figures["cci"] = _cci(counts.sums, suppress)
    figures["completeness"] = _completeness(counts.sums, suppress)
    if suppress:
        figures["n"] = suppress_small_cells([{"n": total}], ["n"])[0]["n"]
    return registry
