"""Honest curves: no survival or incidence figure past the last time anyone is followed,
curves end where follow-up ends, and the number at risk is printed under every plot.

The ten-patient registry (registry_fixtures.py): the three mastectomy cases without
reconstruction are followed to day 900 at most (2.46 years), so their "5-year survival"
is unknown, not the 50% the curve would carry forward; the reconstruction group all died
by day 400 (S = 0 is known), the breast-conserving pair is followed past 5 years.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import numpy as np
from matplotlib.axes import Axes
from tests.base import BaseTestCase
from tests.outcomes.registry_fixtures import build_registry

from tumorboard.outcomes import charts, registry, summary
from tumorboard.outcomes.analytics import (
    competing_counts_from_rows,
    cumulative_incidence,
    kaplan_meier,
    time_counts_from_rows,
)

TODAY = dt.date(2026, 11, 23)
YEAR = 365.25


def test_it_knows_when_a_curve_is_an_estimate() -> None:
    censored_last = kaplan_meier(time_counts_from_rows([100, 200, 900], [1, 0, 0]))
    assert censored_last.follow_up_end == 900.0
    assert censored_last.estimable_at(900.0) and not censored_last.estimable_at(901.0)
    all_died = kaplan_meier(time_counts_from_rows([100, 400], [1, 1]))
    assert all_died.estimable_at(5 * YEAR)  # S = 0 stays 0
    empty = kaplan_meier(time_counts_from_rows([], []))
    assert empty.follow_up_end is None and not empty.estimable_at(0.0)


def test_it_draws_each_curve_only_to_its_last_observed_time() -> None:
    short = kaplan_meier(time_counts_from_rows([100, 200, 900], [1, 0, 0]))
    long = kaplan_meier(time_counts_from_rows([50, 1000, 2100], [1, 1, 0]))
    drawn: list[np.ndarray] = []
    original = Axes.step

    def record(self: Axes, x: Any, *args: Any, **kwargs: Any) -> Any:
        drawn.append(np.asarray(x))
        return original(self, x, *args, **kwargs)

    with mock.patch.object(Axes, "step", record):
        svg = charts.km_svg(
            [("a", short), ("b", long)], "OS", suppress=False, labels={"a": "Short", "b": "Long"}
        )
    assert [x.max() for x in drawn] == [900 / YEAR, 2100 / YEAR]
    assert "Number at risk" in svg and "Short" in svg and "Long" in svg


def test_it_prints_the_number_at_risk_under_the_incidence_plot() -> None:
    counts = competing_counts_from_rows([100, 400, 800, 2000], [1, 2, 0, 0], causes=(1, 2))
    svg = charts.incidence_svg(
        cumulative_incidence(counts), [4, 3, 2, 1, 1, 1], suppress=False, n=4
    )
    assert "Number at risk" in svg
    suppressed = charts.incidence_svg(
        cumulative_incidence(counts), [4, 3, 2, 1, 1, 1], suppress=True, n=4
    )
    assert "&lt;5" in suppressed


class HonestRegistryTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_registry(cls.coordinator, cls.site)
        type(cls.case).objects.filter(pk=cls.case.pk).update(pathway="melanoma")
        summary.refresh_cases([cls.case.pk])

    def groups(self) -> dict[str, dict[str, Any]]:
        filters = registry.parse_filters(self.clinician, {"pathway": "breast"})
        figures = registry.compute_registry(filters, suppress=False, today=TODAY).figures
        return {g["group"]: g for g in figures["os"]["groups"]}

    def test_it_gives_no_five_year_figure_once_follow_up_has_ended(self) -> None:
        groups = self.groups()
        short = groups["no_reconstruction"]
        self.assertEqual(short["at_risk_5y"], 0)
        self.assertIsNone(short["survival_5y"])  # not 50% carried forward from day 700
        self.assertIsNone(short["lower_5y"])
        self.assertEqual(short["follow_up_years"], 2.4)  # day 900, rounded down
        self.assertEqual(groups["reconstruction"]["survival_5y"], 0.0)  # everyone died
        self.assertEqual(groups["breast_conserving"]["survival_5y"], 1.0)  # 2 still followed

    def test_it_says_where_follow_up_ends_on_the_page(self) -> None:
        response = self.client_for(self.clinician).get("/outcomes/registry/?pathway=breast")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        row = page.split('class="group-no_reconstruction"', 1)[1].split("</tr>", 1)[0]
        self.assertIn("follow-up ends at 2.4 years", row)
        self.assertNotIn("50.0%", row)
        # the charts load after the page: OS, DFS and incidence each print the number at risk
        charts_drawn = [self.client_for(self.clinician).get(url).content.decode()
                        for url in re.findall(r'hx-get="(/outcomes/registry/charts/[^"]+)"',
                                              page)]
        self.assertEqual(len(charts_drawn), 3)
        self.assertTrue(all("Number at risk" in svg for svg in charts_drawn))

    def test_it_blanks_the_export_past_follow_up(self) -> None:
        response = self.client_for(self.clinician).get(
            "/outcomes/registry/export.csv?pathway=breast"
        )
        lines = response.content.decode().splitlines()
        self.assertIn("os,no_reconstruction,survival_5y,", lines)

    def test_it_names_surgeons_in_the_filter_not_their_accounts(self) -> None:
        type(self.clinician).objects.filter(pk=self.clinician.pk).update(
            first_name="Sarah", last_name="Clarke"
        )
        response = self.client_for(self.clinician).get("/outcomes/registry/?pathway=breast")
        select = response.content.decode().split('id="f-surgeon"', 1)[1].split("</select>")[0]
        self.assertIn(">Sarah Clarke</option>", select)
        self.assertNotIn(">clinician</option>", select)
