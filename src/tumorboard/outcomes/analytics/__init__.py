"""Pure statistics core of the outcomes registry (no Django).

Every estimator fits on per-distinct-time counts, so the Django layer can aggregate in SQL
(``GROUP BY group, time[, cause]``) and pass the rows to the ``*_from_aggregates`` builders.
Conventions and the published figures it was checked against: docs/outcomes-analytics.md.
"""

from tumorboard.outcomes.analytics.counts import (
    CompetingCounts,
    TimeCounts,
    competing_counts_from_aggregates,
    competing_counts_from_rows,
    split_by_group,
    time_counts_from_aggregates,
    time_counts_from_rows,
)
from tumorboard.outcomes.analytics.cox import HazardRatio, cox_hazard_ratios
from tumorboard.outcomes.analytics.incidence import IncidenceCurve, cumulative_incidence
from tumorboard.outcomes.analytics.kaplan_meier import KaplanMeierCurve, kaplan_meier
from tumorboard.outcomes.analytics.logrank import LogRankResult, logrank_test
from tumorboard.outcomes.analytics.rates import (
    MIN_CELL_COUNT,
    Rate,
    is_suppressed,
    suppress_small_cells,
    wilson_interval,
)

__all__ = [
    "MIN_CELL_COUNT",
    "CompetingCounts",
    "HazardRatio",
    "IncidenceCurve",
    "KaplanMeierCurve",
    "LogRankResult",
    "Rate",
    "TimeCounts",
    "competing_counts_from_aggregates",
    "competing_counts_from_rows",
    "cox_hazard_ratios",
    "cumulative_incidence",
    "is_suppressed",
    "kaplan_meier",
    "logrank_test",
    "split_by_group",
    "suppress_small_cells",
    "time_counts_from_aggregates",
    "time_counts_from_rows",
    "wilson_interval",
]
