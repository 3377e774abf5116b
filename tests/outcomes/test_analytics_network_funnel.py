"""Funnel limits against Spiegelhalter (Stat Med 2005;24:1185, appendix A.1.1), recomputed here
from the formula with exact sums (math.comb / the Poisson series), not with scipy."""

from __future__ import annotations

import math

import pytest

from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.funnel import binomial_limits, funnel_plot, poisson_limits

P = {"lower998": 0.001, "lower95": 0.025, "upper95": 0.975, "upper998": 0.999}


def spiegelhalter(cdf, p: float, scale: float, clip_high: float) -> float:
    """r_p = min{r: F(r) >= p}; alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)); (r_p - alpha)/n."""
    r = 0
    while cdf(r) < p:
        r += 1
    below = cdf(r - 1) if r > 0 else 0.0
    alpha = (cdf(r) - p) / (cdf(r) - below)
    return min(clip_high, max(0.0, (r - alpha) / scale))


def binomial_cdf(n: int, theta: float):
    def cdf(r: int) -> float:
        return math.fsum(math.comb(n, k) * theta**k * (1 - theta) ** (n - k) for k in range(r + 1))

    return cdf


def poisson_cdf(mean: float):
    def cdf(r: int) -> float:
        return math.fsum(
            math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(r + 1)
        )

    return cdf


@pytest.mark.parametrize(
    ("n", "theta"),
    [(1, 0.5), (10, 0.1), (37, 0.8), (50, 0.3), (100, 0.5), (200, 0.05), (400, 0.62)],
)
def test_it_matches_the_binomial_formula(n, theta):
    limits = binomial_limits(n, theta)
    for name, p in P.items():
        assert limits[name] == pytest.approx(
            spiegelhalter(binomial_cdf(n, theta), p, n, 1.0), abs=1e-10
        ), name


@pytest.mark.parametrize(
    ("expected", "theta"), [(0.5, 1.0), (3.2, 1.0), (10.0, 1.0), (57.3, 1.0), (20.0, 1.3)]
)
def test_it_matches_the_poisson_formula(expected, theta):
    limits = poisson_limits(expected, theta)
    for name, p in P.items():
        want = spiegelhalter(poisson_cdf(theta * expected), p, expected, math.inf)
        assert limits[name] == pytest.approx(want, abs=1e-10), name


def test_it_approaches_the_normal_limits_for_large_n():
    # for large n the exact limits tend to theta +- z sqrt(theta (1 - theta) / n)
    n, theta = 20000, 0.2
    limits = binomial_limits(n, theta)
    se = math.sqrt(theta * (1 - theta) / n)
    assert limits["upper95"] == pytest.approx(theta + 1.959964 * se, abs=2e-4)
    assert limits["lower998"] == pytest.approx(theta - 3.090232 * se, abs=2e-4)


def test_it_gives_the_worked_example_of_a_fair_coin():
    # n = 20, theta = 0.5: F(5) = 0.02069 < 0.025 <= F(6) = 0.05766, so r = 6 and
    # alpha = (0.05766 - 0.025) / (0.05766 - 0.02069) = 0.8835: limit (6 - 0.8835)/20 = 0.2558
    assert binomial_limits(20, 0.5)["lower95"] == pytest.approx(0.2558, abs=1e-4)
    # upper: F(13) = 0.94234 < 0.975 <= F(14) = 0.97931, alpha = 0.1165: (14 - 0.1165)/20 = 0.6942
    # (the interpolation inverts the piecewise-linear F, so the limits are not symmetric)
    assert binomial_limits(20, 0.5)["upper95"] == pytest.approx(0.6942, abs=1e-4)


def rows_for(counts: dict[str, tuple[int, int]], probability: float | None = None):
    rows = []
    for unit, (n, events) in counts.items():
        rows += [(unit, 1, probability)] * events + [(unit, 0, probability)] * (n - events)
    return rows


def test_it_flags_a_unit_outside_the_funnel():
    counts = {f"H{i}": (100, 20 + (i % 3) - 1) for i in range(1, 10)} | {"H10": (100, 45)}
    report = funnel_plot(rows_for(counts))
    theta = sum(e for _, e in counts.values()) / 1000
    assert report["measure"] == "proportion" and report["target"] == pytest.approx(theta)
    by_unit = {u["unit"]: u for u in report["units"]}
    assert (by_unit["H10"]["outside"], by_unit["H10"]["direction"]) == ("99.8", "high")
    assert by_unit["H10"]["z"] == pytest.approx(
        (0.45 - theta) / math.sqrt(theta * (1 - theta) / 100)
    )
    assert by_unit["H1"]["outside"] is None and by_unit["H1"]["expected"] is None
    ns = [row["n"] for row in report["limits"]]
    assert 100 in ns and ns == sorted(ns) and ns[0] == 1
    at_100 = next(row for row in report["limits"] if row["n"] == 100)
    assert at_100["upper998"] == pytest.approx(binomial_limits(100, theta)["upper998"])


def test_it_tells_95_from_998_and_low_from_high():
    limits = binomial_limits(200, 0.3)
    low = math.floor(limits["lower95"] * 200) - 1  # below 95% but above 99.8%
    assert low / 200 > limits["lower998"]
    report = funnel_plot(rows_for({"A": (200, low)}), target=0.3)
    assert (report["units"][0]["outside"], report["units"][0]["direction"]) == ("95", "low")


def test_it_compares_observed_with_expected_in_ratio_mode():
    rows = [("A", 1, 0.1)] * 11 + [("A", 0, 0.1)] * 19 + [("B", 1, 0.2)] * 4 + [("B", 0, 0.2)] * 36
    report = funnel_plot(rows)
    a, b = report["units"]
    assert report["measure"] == "ratio" and report["target"] == 1.0
    assert (a["expected"], a["ratio"]) == (pytest.approx(3.0), pytest.approx(11 / 3))
    assert a["z"] == pytest.approx((11 - 3) / math.sqrt(3))
    # Poisson(3): F(9) = 0.998898 < 0.999 <= F(10) = 0.999708, alpha = 0.874, so the upper
    # 99.8% limit is (10 - 0.874) / 3 = 3.042 < 11/3
    assert poisson_limits(3.0)["upper998"] == pytest.approx(3.042, abs=1e-3)
    assert (a["outside"], a["direction"]) == ("99.8", "high")
    assert b["ratio"] == pytest.approx(0.5) and b["outside"] is None
    at_3 = next(row for row in report["limits"] if row["n"] == pytest.approx(3.0))
    assert at_3 == {"n": pytest.approx(3.0), **poisson_limits(3.0)}


@pytest.mark.parametrize(
    ("rows", "target", "field"),
    [
        ([("A", 2, None)], None, "outcome"),
        ([("A", 1, 1.0)], None, "expected"),
        ([("A", 1, 0.0)], None, "expected"),
        ([("A", 1, 0.2), ("A", 0, None)], None, "expected"),
        ([("A", 1, None)], 1.5, "target"),
        ([], None, "input"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(rows, target, field):
    with pytest.raises(InputError) as problem:
        funnel_plot(rows, target=target)
    assert problem.value.field == field


@pytest.mark.parametrize(("theta", "n"), [(0.0, 12), (1.0, 12)])
def test_it_handles_a_target_at_the_edge(theta, n):
    # the count is certain (0 or n): the funnel collapses onto the target
    assert binomial_limits(n, theta) == dict.fromkeys(P, theta)
    report = funnel_plot([("A", int(theta), None)] * n)
    assert report["units"][0]["z"] is None and report["units"][0]["outside"] is None
