"""The registry dashboard answers with its tables and loads each chart on its own request;
a chart is drawn once per data and language, and guarded as the dashboard is."""

from __future__ import annotations

import datetime as dt
import warnings
from unittest import mock

from django.core.cache import cache
from tests.base import BaseTestCase
from tests.outcomes.registry_fixtures import build_registry

from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes import charts, services
from tumorboard.outcomes.models import CaseOutcome

CHART = "/outcomes/registry/charts/{}.svg?pathway=breast&site=EAST"


class RegistryChartsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_registry(cls.coordinator, cls.site)

    def setUp(self) -> None:
        cache.clear()

    def test_it_draws_no_chart_while_answering_the_dashboard(self) -> None:
        with mock.patch.object(charts, "km_svg") as km, \
                mock.patch.object(charts, "incidence_svg") as incidence:
            page = self.client_for(self.clinician).get("/outcomes/registry/?pathway=breast")
        self.assertEqual(page.status_code, 200)
        km.assert_not_called()
        incidence.assert_not_called()
        for name in ("os", "dfs", "incidence"):
            url = f"/outcomes/registry/charts/{name}.svg?pathway=breast"
            self.assertContains(page, f'hx-get="{url}"')

    def test_it_draws_each_chart_with_its_number_at_risk(self) -> None:
        for name in ("os", "dfs", "incidence"):
            answer = self.client_for(self.clinician).get(CHART.format(name))
            self.assertEqual(answer.status_code, 200)
            self.assertTrue(answer["Content-Type"].startswith("image/svg+xml"))
            self.assertContains(answer, "<svg")
            self.assertContains(answer, "Number at risk")
        self.assertTrue(AuditEvent.objects.filter(
            object_type="outcomes_registry", detail__chart="incidence").exists())

    def test_it_draws_a_chart_once_for_the_same_data_and_again_when_it_changes(self) -> None:
        client = self.client_for(self.clinician)
        with mock.patch.object(charts, "km_svg", wraps=charts.km_svg) as km:
            first = client.get(CHART.format("os")).content
            self.assertEqual(client.get(CHART.format("os")).content, first)
            self.assertEqual(km.call_count, 1)
            alive = CaseOutcome.objects.filter(case__in=self.cases, dead=0).first()
            assert alive is not None
            services.do_record_follow_up(self.coordinator, alive.case, {
                "type": "death", "date": dt.date(2026, 11, 1), "cause_of_death": "cancer"})
            client.get(CHART.format("os"))
            self.assertEqual(km.call_count, 2)

    def test_it_draws_in_the_readers_language(self) -> None:
        english = self.client_for(self.clinician).get(CHART.format("os")).content.decode()
        chinese = self.client_for(self.clinician).get(
            CHART.format("os"), headers={"Accept-Language": "zh-hans"}).content.decode()
        self.assertIn("Number at risk", english)
        self.assertNotIn("Number at risk", chinese)

    def test_it_measures_chinese_text_with_the_cjk_font(self) -> None:
        if charts.CJK_FAMILY not in charts.font_families():
            self.skipTest("fonts-noto-cjk is not installed (make sysdeps)")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            chinese = self.client_for(self.clinician).get(
                CHART.format("os"), headers={"Accept-Language": "zh-hans"}).content.decode()
        self.assertIn(charts.CJK_FAMILY, chinese)  # the SVG names it for the browser too
        self.assertEqual([str(w.message) for w in caught if "Glyph" in str(w.message)], [])

    def test_it_refuses_another_sites_charts(self) -> None:
        answer = self.client_for(self.outsider).get(CHART.format("os"))
        self.assertEqual(answer.status_code, 403)

    def test_it_names_a_bad_filter_and_knows_only_its_charts(self) -> None:
        bad = self.client_for(self.clinician).get(
            "/outcomes/registry/charts/os.svg?pathway=lung")
        self.assertEqual(bad.status_code, 422)
        self.assertIn("Choose one of the listed pathways", bad.content.decode())
        unknown = self.client_for(self.clinician).get("/outcomes/registry/charts/pie.svg")
        self.assertEqual(unknown.status_code, 404)


def test_it_writes_text_as_text_when_threads_draw_at_once() -> None:
    """The server draws the dashboard's charts in parallel threads; matplotlib's rcParams
    are global, so unguarded drawing writes some charts' text as paths."""
    from concurrent.futures import ThreadPoolExecutor

    from tumorboard.outcomes.analytics import kaplan_meier, time_counts_from_rows

    curve = kaplan_meier(time_counts_from_rows([100, 400, 900, 1500], [1, 0, 1, 0]))

    def draw(_: int) -> str:
        return charts.km_svg([("all", curve)], "OS", suppress=False)

    with ThreadPoolExecutor(max_workers=6) as pool:
        drawn = list(pool.map(draw, range(18)))
    assert all(svg.count("<text") >= 3 for svg in drawn)
