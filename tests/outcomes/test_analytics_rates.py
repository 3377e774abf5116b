"""Wilson score intervals (Newcombe 1998, Table II) and small-cell suppression."""

from __future__ import annotations

import pytest

from tumorboard.outcomes.analytics.rates import (
    is_suppressed,
    suppress_small_cells,
    wilson_interval,
)


# Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of
# seven methods. Stat Med 1998;17:857-872, Table II, method 3 (score, no continuity
# correction), 95% limits to 4 decimals.
@pytest.mark.parametrize(
    ("events", "total", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_it_reproduces_newcombe_wilson_limits(events, total, lower, upper):
    rate = wilson_interval(events, total)
    assert rate.proportion == events / total
    assert (round(rate.lower, 4), round(rate.upper, 4)) == (lower, upper)


@pytest.mark.parametrize(("events", "total"), [(0, 0), (-1, 5), (6, 5)])
def test_it_refuses_impossible_counts(events, total):
    with pytest.raises(ValueError):
        wilson_interval(events, total)


def test_it_reaches_one_when_every_patient_has_the_event():
    rate = wilson_interval(12, 12)
    assert rate.upper == 1.0
    assert rate.lower < 1.0


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (4, True), (5, False)])
def test_it_suppresses_one_to_four_patients(count, hidden):
    assert is_suppressed(count) is hidden


def test_it_blanks_small_counts_and_the_rates_built_from_them():
    rows = [
        {"site": "A", "events": 3, "patients": 40, "rate": 0.075},
        {"site": "B", "events": 12, "patients": 60, "rate": 0.2},
        {"site": "C", "events": 0, "patients": 4, "rate": 0.0},
    ]
    cleaned = suppress_small_cells(rows, ["events", "patients"], {"rate": ["events", "patients"]})
    assert cleaned[0] == {"site": "A", "events": None, "patients": 40, "rate": None}
    assert cleaned[1] == rows[1]
    assert cleaned[2] == {"site": "C", "events": 0, "patients": None, "rate": None}
    assert rows[0]["events"] == 3  # the input is not modified
