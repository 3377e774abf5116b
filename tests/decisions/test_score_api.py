"""POST /api/v1/scores/{name}: the CLI contract over HTTP (shared/contracts/scores.md)."""

from __future__ import annotations

from typing import Any

from tests.decisions.helpers import DecisionsTestCase

# Expected values worked by hand from the published tables quoted in the contract.
ROUND_TRIPS: list[tuple[str, dict[str, Any], Any, str]] = [
    # Tomita: rapid 4 + treatable visceral 2 + multiple bone 2 = 8
    ("tomita", {"growth": "rapid", "visceral_mets": "treatable", "bone_mets": "multiple"},
     8, "supportive_care"),
    # CCI: sqrt(1750 + 4550) / 2 = 39.69 -> 39.7
    ("cci", {"complications": ["II", "IIIb"]}, 39.7, "IIIb"),
    # LARS: 7 + 0 + 2 + 9 + 11 = 29
    ("lars", {"flatus": "weekly_or_more", "liquid": "never", "frequency": "4_to_7_per_day",
              "clustering": "less_than_weekly", "urgency": "less_than_weekly"}, 29, "minor_lars"),
    # SINS at T11 (junctional 3) + mechanical 3 + lytic 2 + normal 0 + under_50 2 + none 0 = 10
    ("sins", {"level": "T11", "pain": "mechanical", "lesion": "lytic", "alignment": "normal",
              "collapse": "under_50", "posterolateral": "none"}, 10, "indeterminate"),
    # Breslow 0.75 rounds to 0.8 mm: T1b -> consider; no total
    ("melanoma_slnb", {"breslow_mm": 0.75, "ulceration": False}, None, "consider"),
]

BAD_INPUTS: list[tuple[str, Any, str | None]] = [
    ("tomita", {"growth": "rapid", "visceral_mets": "treatable"}, "bone_mets"),
    ("tomita", {"growth": "fast", "visceral_mets": "none", "bone_mets": "solitary"}, "growth"),
    ("tokuhashi", {"kps": 85, "extraspinal_bone_mets": 0, "vertebral_mets": 1,
                   "visceral_mets": "none", "primary": "breast", "frankel": "E"}, "kps"),
    ("lars", {"flatus": "never", "liquid": "never", "frequency": "1_to_3_per_day",
              "clustering": "never", "urgency": "never", "colour": "brown"}, "colour"),
    ("cci", '{"complications": ["II"], "x": NaN}', "body"),
    ("cci", "[1, 2]", "body"),
]


class ScoreApiTest(DecisionsTestCase):
    def test_it_lists_every_score_with_its_form(self) -> None:
        response = self.api_get(self.welfare, "/api/v1/scores")
        self.assertEqual(response.status_code, 200)
        forms = {form["name"]: form for form in response.json()}
        self.assertIn("sins", forms)
        self.assertEqual(len(forms), 10)
        self.assertIn("pain", [f["name"] for f in forms["sins"]["fields"]])

    def test_it_round_trips_several_scores(self) -> None:
        for name, body, total, category in ROUND_TRIPS:
            with self.subTest(name=name):
                response = self.api_post(self.auditor, f"/api/v1/scores/{name}", body)
                self.assertEqual(response.status_code, 200, response.content)
                data = response.json()
                self.assertEqual(data["score"], name)
                self.assertEqual(data["total"], total)
                self.assertEqual(data["category"], category)
                self.assertTrue(data["source"])
                self.assertLessEqual({"score", "total", "category", "recommendation", "items",
                                      "source"}, set(data))

    def test_it_names_the_field_of_bad_input(self) -> None:
        for name, body, field in BAD_INPUTS:
            with self.subTest(name=name, field=field):
                response = self.api_post(self.clinician, f"/api/v1/scores/{name}", body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["field"], field)
                self.assertTrue(response.json()["error"])

    def test_it_answers_404_for_an_unknown_score(self) -> None:
        response = self.api_post(self.clinician, "/api/v1/scores/apgar", {})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["field"], "name")

    def test_it_requires_authentication(self) -> None:
        response = self.client.post("/api/v1/scores/cci", '{"complications": []}',
                                    content_type="application/json")
        self.assertEqual(response.status_code, 401)

