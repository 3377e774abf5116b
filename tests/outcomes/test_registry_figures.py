"""Dashboard figures on a ten-patient registry whose values are worked out by hand."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from tests.base import BaseTestCase
from tests.outcomes.registry_fixtures import build_registry

from tumorboard.outcomes import registry, summary
from tumorboard.outcomes.models import CaseOutcome

TODAY = dt.date(2026, 11, 23)
Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson (1927) score interval, written out independently of the core."""
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def log_log_interval(s: float, terms: list[tuple[int, int]]) -> tuple[float, float]:
    """Greenwood on the log(-log) scale: S^exp(±z·se/|log S|), se² = Σ d/(n(n-d))."""
    se = math.sqrt(sum(d / (n * (n - d)) for n, d in terms))
    width = Z * se / abs(math.log(s))
    return s ** math.exp(width), s ** math.exp(-width)


class RegistryFiguresTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_registry(cls.coordinator, cls.site)
        # The cast's own case (no records) would be an 11th breast case: move it away.
        type(cls.case).objects.filter(pk=cls.case.pk).update(pathway="melanoma")
        summary.refresh_cases([cls.case.pk])

    def figures(self, **params: str) -> dict[str, Any]:
        filters = registry.parse_filters(self.clinician, {"pathway": "breast", **params})
        return registry.compute_registry(filters, suppress=False, today=TODAY).figures

    def group(self, endpoint: str, name: str) -> dict[str, Any]:
        figures = self.figures()
        return next(g for g in figures[endpoint]["groups"] if g["group"] == name)

    def test_it_counts_the_cases(self) -> None:
        self.assertEqual(self.figures()["n"], 10)

    def test_it_gives_overall_survival_by_hand(self) -> None:
        overall = self.group("os", "all")
        # S(100)=9/10, S(200)=8/10, S(400)=8/10·5/7=4/7, S(700)=4/7·3/4=3/7.
        self.assertEqual((overall["n"], overall["events"]), (10, 5))
        self.assertAlmostEqual(overall["survival_5y"], 3 / 7, places=12)
        low, high = log_log_interval(3 / 7, [(10, 1), (9, 1), (7, 2), (4, 1)])
        self.assertAlmostEqual(overall["lower_5y"], low, places=12)
        self.assertAlmostEqual(overall["upper_5y"], high, places=12)
        self.assertEqual(overall["median_days"], 700)
        self.assertEqual(overall["at_risk_5y"], 2)
        self.assertEqual([overall[f"at_risk_{y}y"] for y in range(6)], [10, 7, 3, 2, 2, 2])
        # at risk = followed for at least 0, 1, ... 5 years (365.25 days each)

    def test_it_gives_disease_free_survival_by_hand(self) -> None:
        overall = self.group("dfs", "all")
        # Recurrences at 250 and 450 join the deaths: S = .9, .8, .7, .5, .4, .3.
        self.assertEqual(overall["events"], 7)
        self.assertAlmostEqual(overall["survival_5y"], 0.3, places=12)
        # S is exactly 0.5 from day 400 to day 450: R's median is the midpoint.
        self.assertEqual(overall["median_days"], 425)

    def test_it_splits_survival_by_treatment(self) -> None:
        self.assertAlmostEqual(self.group("os", "reconstruction")["survival_5y"], 0.0)
        # Followed to day 900 at most: no 5-year figure (the curve's 0.5 is not an estimate).
        self.assertIsNone(self.group("os", "no_reconstruction")["survival_5y"])
        self.assertAlmostEqual(self.group("os", "breast_conserving")["survival_5y"], 1.0)
        self.assertIsNotNone(self.figures()["os"]["logrank"])

    def test_it_gives_the_cumulative_incidence_of_local_recurrence(self) -> None:
        rows = {row["cause"]: row for row in self.figures()["local_recurrence"]}
        # Aalen-Johansen: LR 0.8/8 at 250 and 0.5/5 at 450; deaths .1, .1, .2, .1.
        self.assertAlmostEqual(rows["local_recurrence"]["incidence_5y"], 0.2, places=12)
        self.assertAlmostEqual(rows["local_recurrence"]["incidence_1y"], 0.1, places=12)
        self.assertAlmostEqual(rows["death_without_local_recurrence"]["incidence_5y"], 0.5,
                               places=12)

    def test_it_gives_rates_with_wilson_intervals(self) -> None:
        rates = {r["rate"]: r for r in self.figures()["rates"]}
        self.assertEqual((rates["reconstruction"]["events"], rates["reconstruction"]["total"]),
                         (5, 8))
        low, high = wilson(5, 8)
        self.assertAlmostEqual(rates["reconstruction"]["lower"], low, places=12)
        self.assertAlmostEqual(rates["reconstruction"]["upper"], high, places=12)
        # Patient 1 died 70 days after the operation; everyone else is known at 90 days.
        self.assertEqual((rates["death_90d"]["events"], rates["death_90d"]["total"]), (1, 10))

    def test_it_bins_the_complication_index(self) -> None:
        bins = {b["cci"]: b["operations"] for b in self.figures()["cci"]}
        # CCI = sqrt(1750 + 4550) / 2 = 39.7 for grades II + IIIb.
        self.assertEqual(bins, {"0": 9, "0.1-20.9": 0, "21-39.9": 1, "40-59.9": 0,
                                "60-99.9": 0, "100": 0})

    def test_it_counts_cases_lacking_follow_up(self) -> None:
        completeness = self.figures()["completeness"]
        # The five living patients were last seen more than a year before TODAY.
        self.assertEqual((completeness["alive_cases"], completeness["lacking_follow_up"]),
                         (5, 5))

    def test_it_suppresses_small_cells(self) -> None:
        filters = registry.parse_filters(self.clinician, {"pathway": "breast"})
        figures = registry.compute_registry(filters, suppress=True, today=TODAY).figures
        groups = {g["group"]: g for g in figures["os"]["groups"]}
        self.assertIsNone(groups["breast_conserving"]["n"])  # 2 patients
        self.assertIsNone(groups["no_reconstruction"]["survival_5y"])  # 3 patients
        self.assertEqual(groups["reconstruction"]["n"], 5)
        self.assertIsNone(groups["reconstruction"]["events"])  # 4 deaths
        self.assertIsNone(groups["reconstruction"]["survival_5y"])
        self.assertIsNone(figures["os"]["logrank"])
        self.assertEqual(groups["all"]["n"], 10)
        self.assertIsNone(groups["all"]["survival_5y"])  # 2 at risk at 5 years
        cci = {b["cci"]: b["operations"] for b in figures["cci"]}
        self.assertEqual((cci["0"], cci["21-39.9"], cci["100"]), (9, None, 0))
        causes = {row["cause"]: row for row in figures["local_recurrence"]}
        # small counts hide the figures, never the name of the cause
        self.assertIsNone(causes["local_recurrence"]["events"])
        self.assertEqual(str(causes["local_recurrence"]["label"]), "Local recurrence")

    def test_it_filters_by_year_stage_and_surgeon(self) -> None:
        for params, n in [({"year_from": "2018", "year_to": "2018"}, 10),
                          ({"year_from": "2019"}, 0), ({"stage": "II"}, 10),
                          ({"stage": "IV"}, 0), ({"surgeon": "clinician"}, 0)]:
            with self.subTest(params=params):
                self.assertEqual(self.figures(**params)["n"], n)
        self.assertEqual(CaseOutcome.objects.filter(pathway="breast").count(), 10)
