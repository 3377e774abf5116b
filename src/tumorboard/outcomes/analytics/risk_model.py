"""Logistic risk model for case-mix adjustment of the network audit (statsmodels).

``fit_logistic`` fits P(outcome = 1 | covariates) by maximum likelihood (``statsmodels``
``Logit``, Newton-Raphson) on the network's own rows and returns what the audit pages show
beside a risk-adjusted funnel or CUSUM: the coefficients with standard errors and Wald
95% intervals, n, events, AIC, the c-statistic (area under the ROC curve, by the
Mann-Whitney identity with mid-ranks for ties), the Hosmer-Lemeshow test over (at most) 10
groups of the sorted expected probabilities (Hosmer & Lemeshow, Applied Logistic
Regression, 2nd ed., 5.2.2; df = groups - 2), calibration in the large (observed minus
expected events; 0 on the fitting data by the score equations, informative when the model
is applied to new rows with :meth:`RiskModel.predict`) and each row's expected probability.

Covariates whose values are all numbers (booleans count as 0/1) enter linearly; any other
covariate is categorical, dummy-coded against its first level in sorted order.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from tumorboard.outcomes.analytics.counts import group_sort_key
from tumorboard.outcomes.analytics.csv_input import InputError

INTERCEPT = "(intercept)"
HL_GROUPS = 10


@dataclass(frozen=True)
class Coefficient:
    term: str
    estimate: float
    std_error: float
    p_value: float
    lower: float
    upper: float

    @property
    def odds_ratio(self) -> float:
        return math.exp(self.estimate)


@dataclass(frozen=True)
class HosmerLemeshow:
    statistic: float
    df: int
    p: float
    groups: int


@dataclass(frozen=True)
class RiskModel:
    outcome: str
    covariates: tuple[str, ...]
    coefficients: tuple[Coefficient, ...]
    n: int
    events: int
    aic: float
    c_statistic: float
    hosmer_lemeshow: HosmerLemeshow
    calibration_in_the_large: float
    expected: tuple[float, ...]
    levels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def predict(self, row: Mapping[str, Any]) -> float:
        """Expected probability for a new row (same covariates)."""
        design = _design_row(row, self.covariates, self.levels)
        linear = sum(c.estimate * x for c, x in zip(self.coefficients, design, strict=True))
        return 1.0 / (1.0 + math.exp(-linear))

    def as_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "covariates": list(self.covariates),
            "coefficients": [
                {
                    "term": c.term,
                    "estimate": c.estimate,
                    "std_error": c.std_error,
                    "p": c.p_value,
                    "lower": c.lower,
                    "upper": c.upper,
                    "odds_ratio": c.odds_ratio,
                }
                for c in self.coefficients
            ],
            "n": self.n,
            "events": self.events,
            "aic": self.aic,
            "c_statistic": self.c_statistic,
            "hosmer_lemeshow": vars(self.hosmer_lemeshow),
            "calibration_in_the_large": self.calibration_in_the_large,
        }


def _is_number(value: Any) -> bool:
    return isinstance(value, (bool, int, float, np.integer, np.floating))


def _levels(
    rows: Sequence[Mapping[str, Any]], covariates: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Categorical covariates and their levels (reference first)."""
    levels: dict[str, tuple[str, ...]] = {}
    for name in covariates:
        values = [row.get(name) for row in rows]
        for position, value in enumerate(values, start=1):
            if value is None or value == "" or (_is_number(value) and not math.isfinite(value)):
                raise InputError(f"row {position}: covariate {name!r} is missing", name)
        if not all(_is_number(value) for value in values):
            levels[name] = tuple(sorted({str(value) for value in values}, key=group_sort_key))
    return levels


def _design_row(
    row: Mapping[str, Any], covariates: Sequence[str], levels: Mapping[str, tuple[str, ...]]
) -> list[float]:
    design = [1.0]
    for name in covariates:
        value = row.get(name)
        if name in levels:
            if str(value) not in levels[name]:
                raise InputError(f"covariate {name!r} has an unknown level {value!r}", name)
            design.extend(float(str(value) == level) for level in levels[name][1:])
        else:
            if value is None or not _is_number(value):
                raise InputError(f"covariate {name!r} must be a number, not {value!r}", name)
            design.append(float(value))
    return design


def _terms(covariates: Sequence[str], levels: Mapping[str, tuple[str, ...]]) -> list[str]:
    terms = [INTERCEPT]
    for name in covariates:
        if name in levels:
            terms.extend(f"{name}={level}" for level in levels[name][1:])
        else:
            terms.append(name)
    return terms


def _outcomes(rows: Sequence[Mapping[str, Any]], outcome: str) -> npt.NDArray[np.float64]:
    values = []
    for position, row in enumerate(rows, start=1):
        value = row.get(outcome)
        if not _is_number(value) or value not in (0, 1):
            raise InputError(f"row {position}: outcome {value!r} must be 0 or 1", outcome)
        values.append(float(value))
    y = np.asarray(values, dtype=np.float64)
    if y.size == 0 or y.min() == y.max():
        raise InputError("the outcome needs both 0s and 1s to fit a model", outcome)
    return y


def c_statistic(y: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """Area under the ROC curve: P(score of a 1 > score of a 0), ties counting one half."""
    outcome = np.asarray(y, dtype=np.float64)
    ranks = stats.rankdata(np.asarray(score, dtype=np.float64))
    positives = float(outcome.sum())
    negatives = float(outcome.size - positives)
    rank_sum = float(ranks[outcome == 1].sum())
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def hosmer_lemeshow(
    y: npt.ArrayLike, expected: npt.ArrayLike, groups: int = HL_GROUPS
) -> HosmerLemeshow:
    """Sum over groups of sorted expected risk of (O - E)^2 / (E (1 - E / n_g))."""
    outcome = np.asarray(y, dtype=np.float64)
    probability = np.asarray(expected, dtype=np.float64)
    order = np.argsort(probability, kind="stable")
    count = min(groups, outcome.size)
    statistic = 0.0
    for chunk in np.array_split(order, count):
        observed = float(outcome[chunk].sum())
        predicted = float(probability[chunk].sum())
        variance = predicted * (1.0 - predicted / chunk.size)
        if variance > 0:
            statistic += (observed - predicted) ** 2 / variance
    df = max(count - 2, 1)
    return HosmerLemeshow(statistic, df, float(stats.chi2.sf(statistic, df)), count)


def fit_logistic(
    rows: Sequence[Mapping[str, Any]], outcome: str, covariates: Sequence[str]
) -> RiskModel:
    """Maximum-likelihood logistic regression of ``outcome`` on ``covariates``."""
    import statsmodels.api as sm  # heavy: imported only when a model is fitted
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    rows = list(rows)
    y = _outcomes(rows, outcome)
    levels = _levels(rows, covariates)
    design = np.asarray([_design_row(row, covariates, levels) for row in rows], dtype=np.float64)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise InputError("the covariates are collinear (a term is redundant)", "covariates")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        try:
            result = sm.Logit(y, design).fit(method="newton", maxiter=100, disp=0)
        except (PerfectSeparationWarning, np.linalg.LinAlgError) as problem:
            raise InputError(
                f"the model cannot be fitted ({problem}): some covariate separates the outcome",
                "covariates",
            ) from problem
    expected = np.asarray(result.predict(design), dtype=np.float64)
    intervals = np.asarray(result.conf_int(0.05))
    coefficients = tuple(
        Coefficient(term, float(b), float(se), float(p), float(low), float(high))
        for term, b, se, p, (low, high) in zip(
            _terms(covariates, levels),
            result.params,
            result.bse,
            result.pvalues,
            intervals,
            strict=True,
        )
    )
    return RiskModel(
        outcome=outcome,
        covariates=tuple(covariates),
        coefficients=coefficients,
        n=int(y.size),
        events=int(y.sum()),
        aic=float(result.aic),
        c_statistic=c_statistic(y, expected),
        hosmer_lemeshow=hosmer_lemeshow(y, expected),
        calibration_in_the_large=float(y.sum() - expected.sum()),
        expected=tuple(float(p) for p in expected),
        levels=levels,
    )
