"""Outcomes compared by technique version across the network: the audit's table (funnel) per
technique version, hospitals, surgeons and the CUSUM narrowed to one technique and version,
versions with fewer than five operations unnamed; bad filters refused naming the field.
Counts are by hand from the fixture below."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.network.audit_helpers import operate, surgeon

ISR = "Ultra-low ISR"
# (version, surgeon index, severe complication): hand-counted below.
PLAN = ([("2.1", 0, True)] * 2 + [("2.1", 0, False)] * 2 + [("2.1", 1, False)] * 2
        + [("3.0", 0, True)] + [("3.0", 0, False)] * 2 + [("3.0", 1, False)] * 3
        + [("4.0", 1, True)] * 2 + [("", 0, True)] + [("", 1, False)] * 2)
# clavien_dindo_3 by version: 2.1 -> 2 of 6; 3.0 -> 1 of 6; 4.0 -> 2 of 2 (unnamed);
# none recorded -> 3 operations, not a technique unit. Network: 6 of 17.
# ISR 3.0 only: 1 of 6; surgeon 0 -> 1 of 3, surgeon 1 -> 0 of 3 (both unnamed, < 5).


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class AuditByTechniqueTest(BaseTestCase):
    second: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second = surgeon("second", "Mei", "Lin")
        surgeons = [cls.clinician, cls.second]
        for index, (version, who, severe) in enumerate(PLAN):
            technique = {"technique": ISR, "technique_version": version} if version else {}
            operate(cls.coordinator, cls.site, surgeons[who], index, severe, **technique)

    def api(self, **params: str) -> Any:
        return self.client_for(self.auditor).get("/api/v1/network/audit", {
            "indicator": "clavien_dindo_3", "date_from": "2025-01-01",
            "date_to": "2025-12-31", **params})

    @staticmethod
    def funnel(body: dict[str, Any], level: str) -> list[dict[str, Any]]:
        found = next(f for f in body["funnels"] if f["level"] == level and not f["adjusted"])
        return sorted(found["units"], key=lambda u: str(u["name"]))

    def test_it_compares_technique_versions(self) -> None:
        body = self.api().json()
        self.assertEqual((body["n"], body["events"]), (17, 6))
        units = [(u["name"], u["n"], u["observed"]) for u in self.funnel(body, "technique")]
        self.assertEqual(units, [(None, None, None),  # version 4.0: two operations
                                 (f"{ISR}, version 2.1", 6, 2),
                                 (f"{ISR}, version 3.0", 6, 1)])
        rates = {u["name"]: u["rate"] for u in self.funnel(body, "technique")}
        self.assertAlmostEqual(rates[f"{ISR}, version 2.1"], 2 / 6)
        self.assertTrue(any(f["level"] == "technique" and f["adjusted"]
                            for f in body["funnels"]))

    def test_it_narrows_hospitals_surgeons_and_cusum_to_one_version(self) -> None:
        body = self.api(technique="ultra-low isr", technique_version="3.0").json()
        self.assertEqual((body["n"], body["events"]), (6, 1))
        hospital = self.funnel(body, "site")
        self.assertEqual([(u["name"], u["n"], u["observed"]) for u in hospital],
                         [(self.site.name, 6, 1)])
        self.assertEqual([u["name"] for u in self.funnel(body, "surgeon")], [None, None])
        self.assertEqual(len(self.funnel(body, "technique")), 3)  # versions stay compared
        whole = self.api(technique=ISR).json()
        self.assertEqual((whole["n"], whole["events"]), (14, 5))

    def test_it_shows_the_filter_and_the_table_on_the_page(self) -> None:
        response = self.client_for(self.auditor).get("/network/audit/", {
            "indicator": "clavien_dindo_3", "date_from": "2025-01-01",
            "date_to": "2025-12-31", "technique": ISR, "technique_version": "2.1"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f'<option value="{ISR}" selected>', html)
        self.assertIn('<option value="2.1" selected>', html)
        self.assertIn("by technique version", html)
        self.assertIn(f"{ISR}, version 3.0", html)
        self.assertEqual(response.context["sections"][0]["n"], 6)

    def test_it_refuses_bad_technique_filters_naming_the_field(self) -> None:
        for params, field in [({"technique": ISR, "technique_version": "three"},
                               "technique_version"),
                              ({"technique_version": "3.0"}, "technique_version"),
                              ({"technique": "x" * 101}, "technique")]:
            with self.subTest(params=params):
                answer = self.api(**params)
                self.assertEqual((answer.status_code, answer.json()["field"]), (422, field))
                page = self.client_for(self.auditor).get("/network/audit/", params)
                self.assertEqual(page.status_code, 400)
