"""The network audit page and its quarterly report: funnels unadjusted and risk-adjusted with
the model shown, the CUSUM per surgeon with alarms beside the training record, units with
fewer than five cases unnamed, only the user's sites, bad filters refused naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import override_settings

from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.network.audit_helpers import operate
from tumorboard.accounts.services import do_create_user
from tumorboard.network.models import Mentorship


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class NetworkAuditTest(BaseTestCase):
    second: User
    third: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second = do_create_user(  # type: ignore[assignment]
            "second", role="clinician", site_codes=["EAST"], password=PASSWORD,
            first_name="Mei", last_name="Lin")
        cls.third = do_create_user(  # type: ignore[assignment]
            "third", role="clinician", site_codes=["EAST"], password=PASSWORD,
            first_name="Jun", last_name="Gao")
        cls.clinician.first_name, cls.clinician.last_name = "Ann", "Hale"
        cls.clinician.save()
        surgeons = [cls.clinician] * 24 + [cls.second] * 16 + [cls.third] * 3
        for index, surgeon in enumerate(surgeons):
            # The second surgeon's every operation has a severe complication (16 against
            # one in 24 for the first): with the network's rate near 0.4 each adds about
            # ln 2 - ln 1.4 = 0.36 to the chart, which crosses 4.5 at the 13th.
            severe = surgeon is cls.second or index == 5
            operate(cls.coordinator, cls.site, surgeon, index, severe)
        Mentorship.objects.create(trainee=cls.second, mentor=cls.clinician, site=cls.site,
                                  technique="Ultra-low ISR", started_on=dt.date(2024, 1, 1))
        for index in range(4):
            operate(cls.outsider, cls.other_site, cls.outsider, 100 + index, False)

    def page(self, user: Any, **params: str) -> Any:
        return self.client_for(user).get("/network/audit/", params)

    def test_it_shows_funnels_model_and_cusum_for_the_users_sites(self) -> None:
        response = self.page(self.auditor, indicator="clavien_dindo_3",
                             date_from="2025-01-01", date_to="2025-12-31")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["operations"], 43)  # not WEST's four
        section = response.context["sections"][0]
        self.assertIsNotNone(section["model"])
        self.assertEqual([c["term"] for c in section["model"]["coefficients"]],
                         ["(intercept)", "age", "asa"])
        self.assertEqual(len(section["funnels"]), 4)  # hospital, surgeon; each adjusted too
        self.assertGreaterEqual(response.content.count(b"<svg"), 6)
        alarms = {c["name"]: c["signals"] for c in section["cusum"]}
        self.assertTrue(alarms["Mei Lin"])
        self.assertIn("Ultra-low ISR", response.content.decode())
        self.assertNotIn("Jun Gao", response.content.decode())  # 3 cases: not named
        self.assertNotIn(self.other_site.name, response.content.decode())

    def test_it_refuses_bad_filters_and_other_sites(self) -> None:
        self.assertEqual(self.page(self.auditor, indicator="nonsense").status_code, 400)
        self.assertEqual(self.page(self.auditor, date_from="2025-13-01").status_code, 400)
        self.assertEqual(self.page(self.auditor, site="WEST").status_code, 403)
        west = self.page(self.outsider, date_from="2025-01-01", date_to="2025-12-31")
        self.assertEqual(west.context["operations"], 4)

    def test_it_writes_the_quarterly_report_in_both_languages(self) -> None:
        client = self.client_for(self.auditor)
        for language in ("en", "zh-hans"):
            with self.subTest(language=language):
                response = client.get("/network/audit/report/",
                                      {"quarter": "2025Q3", "language": language})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(client.get("/network/audit/report/", {"quarter": "2025Q5"})
                         .status_code, 400)

    def test_it_answers_the_audit_api_without_naming_small_units(self) -> None:
        client = self.client_for(self.auditor)
        answer = client.get("/api/v1/network/audit", {"indicator": "clavien_dindo_3",
                                                      "date_from": "2025-01-01",
                                                      "date_to": "2025-12-31"})
        self.assertEqual(answer.status_code, 200, answer.content)
        body = answer.json()
        surgeons = next(f for f in body["funnels"] if f["level"] == "surgeon"
                        and not f["adjusted"])
        names = sorted(str(u["name"]) for u in surgeons["units"])
        self.assertEqual(names, ["Ann Hale", "Mei Lin", "None"])
        small = next(u for u in surgeons["units"] if u["name"] is None)
        self.assertEqual((small["n"], small["observed"]), (None, None))
        # nor anything that gives its counts away: its rate, ratio or place against limits
        self.assertEqual({k: small[k] for k in ("rate", "ratio", "expected", "outside",
                                                "direction")}, dict.fromkeys(
            ("rate", "ratio", "expected", "outside", "direction")))
        page = self.page(self.auditor, date_from="2025-01-01", date_to="2025-12-31")
        for funnel in page.context["sections"][0]["funnels"]:
            for unit in funnel["units"]:
                if unit["name"] is None:
                    self.assertIsNone(unit["rate"])
                    self.assertIsNone(unit["outside"])
        self.assertEqual(client.get("/api/v1/network/audit", {"indicator": "x"}).json()["field"],
                         "indicator")
        self.assertEqual(client.get("/api/v1/network/audit", {"site": "WEST"}).status_code, 403)
