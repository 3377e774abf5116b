"""Per fund and period: patients helped, money committed and spent, and the outcomes of
funded patients beside the unfunded operated patients of the same site and pathway
(1-year overall survival by Kaplan-Meier, outcomes.analytics).
Counts of 1-4 patients are suppressed (outcomes.analytics.rates.is_suppressed), and a
percentage of a suppressed group or count is not shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from tumorboard.outcomes.analytics.counts import time_counts_from_rows
from tumorboard.outcomes.analytics.kaplan_meier import kaplan_meier
from tumorboard.outcomes.analytics.rates import MIN_CELL_COUNT, is_suppressed
from tumorboard.outcomes.models import CaseOutcome
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Application, Fund, LedgerTransaction

SUPPRESSED = f"<{MIN_CELL_COUNT}"


@dataclass
class Group:
    label: str
    n: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class FundReport:
    fund: Fund
    start: dt.date
    end: dt.date
    helped: str
    committed_fen: int
    spent_fen: int
    released_fen: int
    groups: list[Group]


def count(n: int) -> str:
    return SUPPRESSED if is_suppressed(n) else str(n)


def share(k: int, n: int) -> str:
    if n == 0 or is_suppressed(n) or is_suppressed(k) or is_suppressed(n - k):
        return "—" if n == 0 else SUPPRESSED
    return f"{k} ({100 * k / n:.0f} %)"


def fund_report(fund: Fund, start: dt.date, end: dt.date) -> FundReport:
    moves = LedgerTransaction.objects.filter(fund=fund, created__date__gte=start,
                                             created__date__lte=end)

    def total(kind: str) -> int:
        return int(moves.filter(kind=kind, lines__amount_fen__gt=0)
                   .aggregate(s=Sum("lines__amount_fen"))["s"] or 0)

    funded = set(moves.filter(kind=v.COMMIT).values_list("application__case_id", flat=True))
    operated = CaseOutcome.objects.filter(site_id=fund.site_id, operated=1)
    if fund.pathway:
        operated = operated.filter(pathway=fund.pathway)
    ever_funded = set(Application.objects.filter(status__in=(v.APPROVED, v.SETTLED))
                      .values_list("case_id", flat=True))
    groups = [_group(str(v.FUNDED_LABEL), operated.filter(case_id__in=funded)),
              _group(str(v.UNFUNDED_LABEL), operated.exclude(case_id__in=ever_funded))]
    return FundReport(fund, start, end, count(len(funded)), total(v.COMMIT), total(v.SETTLE),
                      total(v.RELEASE), groups)


def _group(label: str, rows: object) -> Group:
    values = list(rows.values_list(  # type: ignore[attr-defined]
        "sphincter_preserved", "index_cci", "death_90d", "dead", "os_days", "os_event"))
    n = len(values)
    group = Group(label, n)
    group.cells = {
        "n": count(n),
        "sphincter": share(sum(1 for r in values if r[0] == 1),
                           sum(1 for r in values if r[0] is not None)),
        "complication": share(sum(1 for r in values if (r[1] or 0) > 0), n),
        "death_90d": share(sum(1 for r in values if r[2] == 1), n),
        "alive": share(sum(1 for r in values if r[3] == 0), n),
        "survival_1y": survival_at(values, 365),
    }
    return group


def survival_at(values: list[tuple[Any, ...]], day: int) -> str:
    """Kaplan-Meier overall survival at ``day`` (outcomes.analytics); suppressed when the
    group or those still at risk then number 1-4, blank with nobody followed that long."""
    if not values or is_suppressed(len(values)):
        return SUPPRESSED if values else "—"
    curve = kaplan_meier(time_counts_from_rows([r[4] for r in values], [r[5] for r in values]))
    point = curve.at(day)
    if point.at_risk == 0:
        return "—"
    if is_suppressed(point.at_risk):
        return SUPPRESSED
    return f"{100 * point.survival:.0f} %"
