"""The missed-opportunity report on a hand-made set whose figures are known by construction.

A planned mastectomy raises three options under screen 2.0 (immediate and delayed
reconstruction, and breast conservation to be discussed first; NICE NG101). EAST: case A (the
base mastectomy: three raised, all decided), case B (mastectomy: three raised, undecided),
case C (breast-conserving surgery: nothing raised), case D (mastectomy, imported and never
screened). WEST: case W (mastectomy: three raised, undecided). Every screen happens "now"; the
report is asked as of now + 20 days, so B's undecided options are 20 days old.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions import report, services
from tumorboard.decisions.models import ScreenedOption, ScreeningResult
from tumorboard.patients.models import Case

OPTION = "breast_immediate_reconstruction"
OPTIONS = (OPTION, "breast_delayed_reconstruction", "breast_conserving_surgery")


class ReportTest(DecisionsTestCase):
    case_b: Case
    case_c: Case
    case_d: Case
    case_w: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        user = cls.coordinator
        cls.case_b = make_case(user, make_patient(user, cls.site, mrn="B"),
                               diagnosis_date=dt.date(2025, 3, 1), lead_clinician=cls.clinician)
        cls.case_c = make_case(user, make_patient(user, cls.site, mrn="C"),
                               details={"planned_surgery": "conserving"})
        cls.case_d = make_case(user, make_patient(user, cls.site, mrn="D"))
        # As if D had been bulk-imported before `screen_cases` ran (cases are screened when
        # they change, so only an import leaves one unscreened).
        ScreenedOption.objects.filter(case=cls.case_d).delete()
        ScreeningResult.objects.filter(case=cls.case_d).delete()
        west = make_patient(cls.outsider, cls.other_site, mrn="W")
        cls.case_w = make_case(cls.outsider, west)
        for code in OPTIONS:
            services.do_record_decision(user, cls.case, code, "offered_accepted")

    def figures(self, user: Any = None, days_later: int = 20,
                params: dict[str, str] | None = None) -> dict[str, Any]:
        params = params or {}
        filters = report.parse_filters(user or self.clinician, params)
        now = timezone.now() + dt.timedelta(days=days_later)
        return report.missed_opportunities(filters, now=now)

    def test_it_counts_screened_raised_decided_and_overdue(self) -> None:
        data = self.figures()
        self.assertEqual((data["cases"], data["cases_screened"], data["options_raised"],
                          data["options_decided"], data["overdue"]), (4, 3, 6, 3, 3))
        self.assertEqual(data["share_decided"], 0.5)
        self.assertEqual(data["decisions"], {"offered_accepted": 3})
        self.assertEqual(sorted((r["case"], r["option_code"]) for r in data["overdue_cases"]),
                         sorted((self.case_b.external_id, code) for code in OPTIONS))
        self.assertEqual(data["overdue_cases"][0]["days_waiting"], 20)

    def test_it_only_calls_an_option_overdue_after_n_days(self) -> None:
        self.assertEqual(self.figures(days_later=5)["overdue"], 0)
        self.assertEqual(self.figures(days_later=5, params={"days": "3"})["overdue"], 3)

    def test_it_applies_the_filters(self) -> None:
        cases = [
            ({"pathway": "rectum"}, (0, 0, 0)),
            ({"surgeon": "clinician"}, (1, 3, 0)),
            ({"date_from": "2025-01-01", "date_to": "2025-04-30"}, (1, 3, 0)),
            ({"site": "EAST"}, (3, 6, 3)),
        ]
        for params, (screened, raised, decided) in cases:
            with self.subTest(params=params):
                data = self.figures(params=params)
                self.assertEqual((data["cases_screened"], data["options_raised"],
                                  data["options_decided"]), (screened, raised, decided))

    def test_it_keeps_to_the_users_sites(self) -> None:
        west = self.figures(user=self.outsider)
        self.assertEqual((west["cases_screened"], west["options_raised"], west["overdue"]),
                         (1, 3, 3))
        response = self.api_get(self.clinician,
                                "/api/v1/reports/missed-opportunities?site=WEST")
        self.assertEqual(response.status_code, 403)  # another site's code: refused, named
        self.assertEqual(response.json()["field"], "site")

    def test_it_refuses_bad_filters_naming_the_parameter(self) -> None:
        for query, field in [("days=-1", "days"), ("date_from=May", "date_from"),
                             ("pathway=lung", "pathway"), ("surgeon=nobody", "surgeon"),
                             ("date_from=2025-05-01&date_to=2025-01-01", "date_to")]:
            with self.subTest(query=query):
                response = self.api_get(self.clinician,
                                        f"/api/v1/reports/missed-opportunities?{query}")
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["field"], field)
        page = self.client_for(self.clinician).get("/decisions/report/?days=x")
        self.assertEqual(page.status_code, 422)

    def test_it_serves_the_report_page_and_the_api(self) -> None:
        page = self.client_for(self.clinician).get("/decisions/report/?days=0")
        self.assertContains(page, 'id="fig-raised">6<')
        self.assertContains(page, 'id="fig-decided">3<')
        self.assertContains(page, f"/cases/{self.case_b.external_id}/#option-{OPTION}")
        api = self.api_get(self.clinician, "/api/v1/reports/missed-opportunities?days=0")
        self.assertEqual(api.status_code, 200)
        self.assertEqual(api.json()["options_raised"], 6)
        self.assertEqual(len(api.json()["overdue_cases"]), 3)

    def test_it_gives_the_auditor_figures_without_patients(self) -> None:
        api = self.api_get(self.auditor, "/api/v1/reports/missed-opportunities?days=0")
        self.assertEqual(api.status_code, 200)
        self.assertEqual(api.json()["options_raised"], 6)
        self.assertIsNone(api.json().get("overdue_cases"))
        page = self.client_for(self.auditor).get("/decisions/report/?days=0")
        self.assertNotContains(page, str(self.case_b.external_id))

    def test_it_shows_an_empty_state(self) -> None:
        page = self.client_for(self.clinician).get("/decisions/report/?pathway=sarcoma")
        self.assertContains(page, 'id="report-empty"')

    def test_it_shows_the_headline_on_the_dashboard(self) -> None:
        page = self.client_for(self.clinician).get("/")
        self.assertContains(page, 'id="headline-screened">3<')
        self.assertContains(page, 'id="headline-raised">6<')
        self.assertContains(page, 'id="headline-decided">3<')
        # The auditor reads aggregates (the role matrix): the figures, never a case.
        auditor = self.client_for(self.auditor).get("/")
        self.assertContains(auditor, 'id="headline-raised">6<')
        self.assertNotContains(auditor, str(self.case_b.external_id))
