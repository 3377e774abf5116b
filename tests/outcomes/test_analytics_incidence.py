"""Aalen-Johansen cumulative incidence: hand-worked ties, R's aml table, scikit-survival."""

from __future__ import annotations

import numpy as np
import pytest
from sksurv.datasets import load_bmt
from sksurv.nonparametric import cumulative_incidence_competing_risks

from tumorboard.outcomes.analytics.counts import (
    competing_counts_from_aggregates,
    competing_counts_from_rows,
)
from tumorboard.outcomes.analytics.incidence import cumulative_incidence


def by_cause(time, event, causes=None):
    counts = competing_counts_from_rows(time, event, causes)
    return {curve.cause: curve for curve in cumulative_incidence(counts)}


# Five patients: at t=1 one dies of cause 1 and one of cause 2 (tied, handled together),
# t=2 cause 1, t=3 censored, t=4 cause 2. By hand with S(t-) the all-cause KM before t:
#   t=1: n=5, S(1-)=1    -> F1 = 1/5, F2 = 1/5, S(1) = 3/5
#   t=2: n=3, S(2-)=3/5  -> F1 = 1/5 + 3/5 * 1/3 = 2/5, S(2) = 2/5
#   t=4: n=1, S(4-)=2/5  -> F2 = 1/5 + 2/5 * 1 = 3/5
@pytest.mark.parametrize(
    ("cause", "t", "expected"),
    [(1, 0.5, 0.0), (1, 1, 0.2), (2, 1, 0.2), (1, 2, 0.4), (2, 3, 0.2), (2, 4, 0.6), (1, 9, 0.4)],
)
def test_it_handles_tied_causes_together(cause, t, expected):
    curves = by_cause([1, 1, 2, 3, 4], [1, 2, 1, 0, 2])
    assert curves[cause].at(t).incidence == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(
    ("t", "survival"),
    [
        (5, 0.833333333333333),
        (12, 0.583333333333333),
        (23, 0.4861111111111112),
        (27, 0.388888888888889),
        (40, 0.194444444444444),
    ],
)
def test_it_equals_one_minus_r_survfit_with_a_single_cause(t, survival):
    # R survfit on aml, Nonmaintained arm: with one cause the incidence is 1 - KM.
    cells = ["5", "5", "8", "8", "12", "16+", "23", "27", "30", "33", "43", "45"]
    time = [float(cell.rstrip("+")) for cell in cells]
    event = [0 if cell.endswith("+") else 1 for cell in cells]
    assert by_cause(time, event)[1].at(t).incidence == pytest.approx(1 - survival, abs=1e-12)


def bmt_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    features, outcome = load_bmt()
    disease = features["dis"].astype(str).to_numpy()
    cases = [("all", outcome["ftime"], outcome["status"])]
    for label in sorted(set(disease)):
        chosen = disease == label
        cases.append((f"dis={label}", outcome["ftime"][chosen], outcome["status"][chosen]))
    return cases


def random_tied_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(7)
    cases = []
    for index in range(3):
        time = rng.integers(0, 25, 200).astype(float)  # heavy ties, events at time 0 too
        event = rng.choice([0, 1, 2, 3], size=200, p=[0.4, 0.3, 0.2, 0.1])
        cases.append((f"random{index}", time, event))
    return cases


@pytest.mark.parametrize(("name", "time", "event"), bmt_cases() + random_tied_cases())
def test_it_matches_scikit_survival_estimate_and_log_log_interval(name, time, event):
    _, reference, interval = cumulative_incidence_competing_risks(event, time, conf_type="log-log")
    causes = list(range(1, int(event.max()) + 1))  # scikit-survival numbers causes 1..max
    curves = by_cause(time, event, causes)
    for cause in causes:
        np.testing.assert_allclose(curves[cause].incidence, reference[cause], rtol=0, atol=1e-12)
        np.testing.assert_allclose(curves[cause].lower, interval[cause, 0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(curves[cause].upper, interval[cause, 1], rtol=0, atol=1e-12)


def test_it_fits_aggregates_exactly_like_rows():
    rng = np.random.default_rng(3)
    time = rng.integers(0, 30, 300).astype(float)
    event = rng.integers(0, 3, 300)
    rows = [(float(t), int(e), 1) for t, e in zip(time, event, strict=True)]
    rng.shuffle(rows)
    from_rows = cumulative_incidence(competing_counts_from_rows(time, event))
    from_sql = cumulative_incidence(competing_counts_from_aggregates(rows))
    for a, b in zip(from_rows, from_sql, strict=True):
        assert a.cause == b.cause
        for field in ("incidence", "variance", "lower", "upper"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))


def test_it_reports_a_cause_absent_from_a_group_as_zero():
    curves = by_cause([1, 2, 3], [1, 0, 1], causes=[1, 2])
    assert curves[2].total_events == 0
    assert curves[2].at(3).incidence == curves[2].at(3).upper == 0.0
