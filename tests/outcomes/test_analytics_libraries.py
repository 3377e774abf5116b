"""Kaplan-Meier and log-rank against lifelines to 1e-9; aggregate fits equal row fits."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter
from lifelines.datasets import load_gbsg2, load_leukemia, load_lung, load_rossi, load_waltons
from lifelines.statistics import multivariate_logrank_test

from tumorboard.outcomes.analytics.counts import (
    split_by_group,
    time_counts_from_aggregates,
    time_counts_from_rows,
)
from tumorboard.outcomes.analytics.kaplan_meier import kaplan_meier
from tumorboard.outcomes.analytics.logrank import logrank_test

TOL = 1e-9

DATASETS = {
    # name: (loader, time column, event column, group column)
    "lung": (load_lung, "time", "status", "sex"),
    "waltons": (load_waltons, "T", "E", "group"),
    "gbsg2": (load_gbsg2, "time", "cens", "tgrade"),
    "leukemia": (load_leukemia, "t", "status", "Rx"),
    "rossi": (load_rossi, "week", "arrest", "prio"),
}


def frame(name: str) -> tuple[pd.DataFrame, str, str, str]:
    loader, time_col, event_col, group_col = DATASETS[name]
    data = loader().dropna(subset=[time_col, event_col, group_col])
    return data, time_col, event_col, group_col


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_it_matches_lifelines_kaplan_meier(name):
    data, time_col, event_col, _ = frame(name)
    reference = KaplanMeierFitter().fit(data[time_col], data[event_col])
    curve = kaplan_meier(time_counts_from_rows(data[time_col], data[event_col]))
    table = reference.survival_function_.join(reference.confidence_interval_)
    table = table.join(reference.event_table["at_risk"]).loc[curve.time]
    np.testing.assert_allclose(curve.survival, table.iloc[:, 0], rtol=0, atol=TOL)
    defined = ~np.isnan(curve.lower)
    np.testing.assert_allclose(curve.lower[defined], table.iloc[:, 1][defined], rtol=0, atol=TOL)
    np.testing.assert_allclose(curve.upper[defined], table.iloc[:, 2][defined], rtol=0, atol=TOL)
    np.testing.assert_array_equal(curve.at_risk, table["at_risk"])
    if np.isfinite(reference.median_survival_time_):
        assert curve.median() == reference.median_survival_time_


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_it_matches_lifelines_logrank(name):
    data, time_col, event_col, group_col = frame(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = multivariate_logrank_test(data[time_col], data[group_col], data[event_col])
    groups = [
        time_counts_from_rows(data[time_col].to_numpy()[rows], data[event_col].to_numpy()[rows])
        for _, rows in split_by_group(data[group_col].to_numpy())
    ]
    result = logrank_test(groups)
    assert result.df == len(groups) - 1 == reference.degrees_of_freedom
    assert result.statistic == pytest.approx(reference.test_statistic, rel=TOL, abs=TOL)
    assert result.p == pytest.approx(reference.p_value, rel=1e-7, abs=TOL)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_it_fits_aggregates_exactly_like_rows(seed):
    rng = np.random.default_rng(seed)
    time = rng.integers(0, 60, 400).astype(float)
    event = rng.integers(0, 2, 400)
    from_rows = time_counts_from_rows(time, event)
    # SQL-style rows: (time, events, censored), shuffled and split into repeated keys
    chunks = [(float(t), int(e), int(1 - e)) for t, e in zip(time, event, strict=True)]
    rng.shuffle(chunks)
    from_aggregates = time_counts_from_aggregates(chunks)
    for field in ("time", "events", "censored"):
        np.testing.assert_array_equal(getattr(from_rows, field), getattr(from_aggregates, field))
    for ci in ("log-log", "log"):
        a, b = kaplan_meier(from_rows, ci=ci), kaplan_meier(from_aggregates, ci=ci)
        for field in ("survival", "variance", "lower", "upper", "at_risk"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
        assert (a.median(), a.median_ci()) == (b.median(), b.median_ci())


@pytest.mark.parametrize(
    ("t", "expected_survival", "expected_at_risk"),
    [(0.5, 1.0, 6), (1.0, 5 / 6, 6), (2.5, 5 / 6, 4), (4.0, 5 / 6 * 2 / 3, 3), (9.0, 0.0, 0)],
)
def test_it_reads_the_step_function_and_risk_set_at_a_time(t, expected_survival, expected_at_risk):
    # times 1, 2+, 3+, 4, 4, 8: S jumps at 1 (1/6) and at 4 (2 of 3), and at 8 (1 of 1)
    counts = time_counts_from_rows([1, 2, 3, 4, 4, 8], [1, 0, 0, 1, 0, 1])
    point = kaplan_meier(counts).at(t)
    assert point.survival == pytest.approx(expected_survival, abs=1e-15)
    assert point.at_risk == expected_at_risk


@pytest.mark.parametrize(
    ("times", "events", "median"),
    [
        ([1, 2, 3, 4], [1, 1, 1, 1], 2.5),  # S = 0.5 exactly on [2, 3): R takes the midpoint
        ([1, 2, 3, 4], [1, 1, 0, 0], 3.0),  # flat at 0.5 to the end: midpoint of 2 and last time 4
        ([1, 2, 3], [1, 1, 1], 2.0),  # S = 1/3 at 2: first time S <= 0.5
        ([1, 2, 3, 4], [1, 0, 0, 0], None),  # never reaches 0.5
    ],
)
def test_it_follows_r_median_conventions(times, events, median):
    assert kaplan_meier(time_counts_from_rows(times, events)).median() == median


def test_it_rejects_codes_other_than_zero_and_one_for_survival():
    with pytest.raises(ValueError, match="0 or 1"):
        time_counts_from_rows([1, 2], [1, 2])
