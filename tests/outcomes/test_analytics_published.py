"""Kaplan-Meier, log-rank and Cox against figures printed by R's survival package.

Sources (R output as printed in public documentation and tutorials, see
docs/outcomes-analytics.md):
- aml (R ``survival::aml``): ``survfit(Surv(time, status) ~ x, data = aml)``,
  ``survdiff(...)``, ``coxph(...)``; the 23 rows are typed from R's printed Surv object;
- lung (R ``survival::lung``, shipped by lifelines as ``load_lung``): ``survfit`` overall and
  by sex, ``summary(fit, times = 365.25)``, ``survdiff(Surv(time, status) ~ sex)``;
- GBSG2 (TH.data, shipped by scikit-survival): ``survdiff(Surv(time, cens) ~ horTh)``,
  prodlim medians, survival at 1 and 5 years, ``coxph(... ~ horTh)``.
R's default interval is ``conf.type = "log"``, so those comparisons use ``ci="log"``.
"""

from __future__ import annotations

import numpy as np
import pytest
from lifelines.datasets import load_lung
from sksurv.datasets import load_gbsg2

from tumorboard.outcomes.analytics.counts import TimeCounts, time_counts_from_rows
from tumorboard.outcomes.analytics.cox import cox_hazard_ratios
from tumorboard.outcomes.analytics.kaplan_meier import kaplan_meier
from tumorboard.outcomes.analytics.logrank import logrank_test

# R: Surv(aml$time, aml$status) prints
#   9 13 13+ 18 23 28+ 31 34 45+ 48 161+ | 5 5 8 8 12 16+ 23 27 30 33 43 45
AML = {
    "Maintained": "9 13 13+ 18 23 28+ 31 34 45+ 48 161+",
    "Nonmaintained": "5 5 8 8 12 16+ 23 27 30 33 43 45",
}


def aml_counts(group: str) -> TimeCounts:
    cells = AML[group].split()
    times = [float(cell.rstrip("+")) for cell in cells]
    events = [0 if cell.endswith("+") else 1 for cell in cells]
    return time_counts_from_rows(times, events)


def lung_counts(sex: int | None = None) -> TimeCounts:
    lung = load_lung()
    if sex is not None:
        lung = lung[lung["sex"] == sex]
    return time_counts_from_rows(lung["time"], lung["status"])


def gbsg2_counts(hormonal: str) -> TimeCounts:
    features, outcome = load_gbsg2()
    chosen = (features["horTh"] == hormonal).to_numpy()
    return time_counts_from_rows(outcome["time"][chosen], outcome["cens"][chosen].astype(int))


@pytest.mark.parametrize(
    ("group", "median", "lcl", "ucl"),
    [("Maintained", 31.0, 18.0, None), ("Nonmaintained", 23.0, 8.0, None)],
)
def test_it_reproduces_r_survfit_medians_on_aml(group, median, lcl, ucl):
    curve = kaplan_meier(aml_counts(group), ci="log")
    assert curve.median() == median
    assert curve.median_ci() == (lcl, ucl)


# survfit(Surv(time, status) ~ x, data = aml): time, survival, std.err, lower, upper (log CI)
@pytest.mark.parametrize(
    ("group", "time", "survival", "std_err", "lower", "upper"),
    [
        (
            "Maintained",
            48,
            0.184090909090909,
            0.153492745786294,
            0.0359178984891853,
            0.943525769474552,
        ),
        ("Nonmaintained", 5, 0.833333333333333, 0.107582870727984, 0.647036987013362, 1.0),
        ("Nonmaintained", 8, 0.6666666666666667, None, 0.4468460811502639, 0.9946253602590915),
        (
            "Nonmaintained",
            12,
            0.583333333333333,
            0.142318760638328,
            0.361613705210385,
            0.940998012173809,
        ),
        ("Nonmaintained", 23, 0.4861111111111112, None, 0.2675182488582666, 0.8833192253395576),
        ("Nonmaintained", 27, 0.388888888888889, None, 0.1853965260955568, 0.8157357156912723),
        (
            "Nonmaintained",
            40,
            0.194444444444444,
            0.121874505380446,
            0.0569215525716042,
            0.664223659882563,
        ),
    ],
)
def test_it_reproduces_r_survfit_table_on_aml(group, time, survival, std_err, lower, upper):
    curve = kaplan_meier(aml_counts(group), ci="log")
    point = curve.at(time)
    assert point.survival == pytest.approx(survival, abs=1e-12)
    assert point.lower == pytest.approx(lower, abs=1e-12)
    assert point.upper == pytest.approx(upper, abs=1e-12)
    if std_err is not None:
        index = np.searchsorted(curve.time, time, side="right") - 1
        assert curve.std_err[index] == pytest.approx(std_err, abs=1e-12)


def test_it_reproduces_r_survdiff_on_aml():
    result = logrank_test([aml_counts("Maintained"), aml_counts("Nonmaintained")])
    assert result.observed.tolist() == [7, 11]
    assert result.expected == pytest.approx([10.69, 7.31], abs=0.005)
    assert result.df == 1
    assert round(result.statistic, 1) == 3.4
    assert result.p == pytest.approx(0.0653, abs=5e-5)  # printed "p= 0.07" (0.0653 in older R)


@pytest.mark.parametrize(
    ("sex", "n", "events", "median", "lcl", "ucl"),
    [
        (None, 228, 165, 310.0, 285.0, 363.0),
        (1, 138, 112, 270.0, 212.0, 310.0),
        (2, 90, 53, 426.0, 348.0, 550.0),
    ],
)
def test_it_reproduces_r_survfit_medians_on_lung(sex, n, events, median, lcl, ucl):
    curve = kaplan_meier(lung_counts(sex), ci="log")
    assert (curve.n, curve.total_events) == (n, events)
    assert curve.median() == median
    assert curve.median_ci() == (lcl, ucl)


def test_it_reproduces_r_one_year_summary_on_lung():
    # summary(survfit(Surv(time, status) ~ 1, lung), times = 365.25):
    #   n.risk 65, survival 0.409, std.err 0.0358, 95% CI 0.345 - 0.486
    curve = kaplan_meier(lung_counts(), ci="log")
    point = curve.at(365.25)
    index = np.searchsorted(curve.time, 365.25, side="right") - 1
    assert point.at_risk == 65
    assert round(point.survival, 3) == 0.409
    assert round(float(curve.std_err[index]), 4) == 0.0358
    assert (round(point.lower, 3), round(point.upper, 3)) == (0.345, 0.486)


def test_it_reproduces_r_survdiff_on_lung_by_sex():
    # N Observed Expected: sex=1 138 112 91.5817; sex=2 90 53 73.4183; Chisq 10.3267
    result = logrank_test([lung_counts(1), lung_counts(2)])
    assert result.observed.tolist() == [112, 53]
    assert result.expected == pytest.approx([91.5817, 73.4183], abs=5e-5)
    assert result.statistic == pytest.approx(10.3267, abs=5e-5)
    assert result.p == pytest.approx(0.00131116, abs=5e-9)


def test_it_reproduces_r_survdiff_on_gbsg2_by_hormonal_therapy():
    # horTh=no 440 205 180 3.37 8.56; horTh=yes 246 94 119 5.12 8.56; p= 0.003
    result = logrank_test([gbsg2_counts("no"), gbsg2_counts("yes")])
    assert result.observed.tolist() == [205, 94]
    assert np.round(result.expected).tolist() == [180, 119]
    contributions = (result.observed - result.expected) ** 2 / result.expected
    assert np.round(contributions, 2).tolist() == [3.37, 5.12]
    assert round(result.statistic, 2) == 8.56
    assert round(result.p, 3) == 0.003


@pytest.mark.parametrize(
    ("hormonal", "median", "one_year", "five_years"),
    [("no", 1528.0, 0.897, 0.437), ("yes", 2018.0, 0.950, 0.581)],
)
def test_it_reproduces_published_gbsg2_survival(hormonal, median, one_year, five_years):
    # prodlim quantile(..., 0.5) medians; summary at 1 and 5 years with years = days / 365.24
    curve = kaplan_meier(gbsg2_counts(hormonal))
    assert curve.median() == median
    assert round(curve.at(365.24).survival, 3) == one_year
    assert round(curve.at(5 * 365.24).survival, 3) == five_years


@pytest.mark.parametrize(
    ("case", "hazard_ratio", "lower", "upper", "std_err", "p"),
    [("aml", 2.4981, None, None, 0.5119, 0.0737), ("gbsg2", 0.6949, 0.5438, 0.8879, None, None)],
)
def test_it_reproduces_r_coxph_hazard_ratios(case, hazard_ratio, lower, upper, std_err, p):
    if case == "aml":
        pairs = [(cell, group == "Nonmaintained") for group in AML for cell in AML[group].split()]
        time = [float(cell.rstrip("+")) for cell, _ in pairs]
        event = [0 if cell.endswith("+") else 1 for cell, _ in pairs]
        covariate = [int(flag) for _, flag in pairs]
    else:
        features, outcome = load_gbsg2()
        time, event = outcome["time"], outcome["cens"].astype(int)
        covariate = (features["horTh"] == "yes").astype(int).to_numpy()
    [result] = cox_hazard_ratios(time, event, {"x": covariate})
    assert round(result.hazard_ratio, 4) == hazard_ratio
    if lower is not None:
        assert (round(result.lower, 4), round(result.upper, 4)) == (lower, upper)
    if std_err is not None:
        assert round(result.std_err, 4) == std_err
        assert round(result.p, 4) == p
