"""RA-CUSUM of Steiner, Cook, Farewell & Treasure (Biostatistics 2000;1:441), recomputed here."""

from __future__ import annotations

import math

import pytest

from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.cusum import cusum_weight, ra_cusum


def test_it_scores_as_the_paper():
    # Steiner et al. eq. (2) with R0 = 1, RA = 2: a death of a patient at risk p scores
    # ln 2 - ln(1 + p), a survival -ln(1 + p).
    assert cusum_weight(1, 0.5, 2.0) == pytest.approx(math.log(2) - math.log(1.5))  # 0.2877
    assert cusum_weight(0, 0.5, 2.0) == pytest.approx(-math.log(1.5))  # -0.4055
    assert cusum_weight(1, 0.05, 2.0) == pytest.approx(0.6444, abs=1e-4)
    assert cusum_weight(1, 0.2, 0.5) == pytest.approx(math.log(0.5) - math.log(0.9))


def hand_chart(rows, r, h):
    values, signals, c = [], [], 0.0
    for i, (y, p) in enumerate(rows, start=1):
        c = max(0.0, c + y * math.log(r) - math.log(1 - p + r * p))
        values.append(c)
        if c >= h:
            signals.append(i)
            c = 0.0
    return values, signals


def test_it_charts_restarts_and_signals():
    rows = [(1, 0.05), (1, 0.1), (0, 0.3), (1, 0.02), (1, 0.05), (1, 0.1), (0, 0.5), (0, 0.9)]
    report = ra_cusum([("S", y, p) for y, p in rows], odds_ratio=2.0, threshold=1.5)
    values, signals = hand_chart(rows, 2.0, 1.5)
    (unit,) = report["units"]
    assert unit["values"] == pytest.approx(values)
    assert unit["signals"] == signals and signals  # the chart signals at least once
    assert unit["final"] == pytest.approx(values[-1]) and unit["max"] == pytest.approx(max(values))
    assert (unit["n"], unit["observed"]) == (8, 5)
    assert unit["expected"] == pytest.approx(sum(p for _, p in rows))
    assert (report["odds_ratio"], report["threshold"]) == (2.0, 1.5)


def test_it_stays_at_zero_when_all_goes_well():
    report = ra_cusum([("S", 0, 0.2)] * 50)
    assert report["units"][0]["values"] == [0.0] * 50 and report["units"][0]["signals"] == []


def test_it_keeps_units_apart_in_their_own_order():
    rows = [("B", 1, 0.1), ("A", 0, 0.2), ("B", 0, 0.3), ("A", 1, 0.4)]
    report = ra_cusum(rows)
    assert [u["unit"] for u in report["units"]] == ["A", "B"]
    a_values, _ = hand_chart([(0, 0.2), (1, 0.4)], 2.0, 4.5)
    assert report["units"][0]["values"] == pytest.approx(a_values)


@pytest.mark.parametrize(
    ("rows", "odds_ratio", "threshold", "field"),
    [
        ([("A", 1, 0.2)], 1.0, 4.5, "odds-ratio"),
        ([("A", 1, 0.2)], -2.0, 4.5, "odds-ratio"),
        ([("A", 1, 0.2)], 2.0, 0.0, "threshold"),
        ([("A", 2, 0.2)], 2.0, 4.5, "outcome"),
        ([("A", 1, 1.0)], 2.0, 4.5, "expected"),
        ([("A", 1, None)], 2.0, 4.5, "expected"),
        ([], 2.0, 4.5, "input"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(rows, odds_ratio, threshold, field):
    with pytest.raises(InputError) as problem:
        ra_cusum(rows, odds_ratio=odds_ratio, threshold=threshold)
    assert problem.value.field == field
