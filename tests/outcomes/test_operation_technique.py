"""Each operation records its technique and version and the instrument kit with its lot:
through the case panel's form, the service and the API (in and out), shown on the case's
operations; a bad version, an over-long field or a lot without its kit is refused naming
the field, with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.base import BaseTestCase, make_case, make_patient

from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes import services
from tumorboard.outcomes.models import Operation
from tumorboard.patients.validation import InvalidInput

JSON = "application/json"
ISR = {"technique": "Ultra-low intersphincteric resection", "technique_version": "3.0",
       "instrument_kit": "ISR instrument kit", "kit_lot": "L-2025/07 A"}


class OperationTechniqueTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        patient = make_patient(cls.coordinator, cls.site, mrn="TECH1")
        cls.rectal = make_case(cls.coordinator, patient, pathway="rectum",
                               primary_site_code="C20.9", histology_code="8140/3",
                               laterality="", details={})

    def op(self, **values: Any) -> dict[str, Any]:
        return {"date": dt.date(2025, 7, 1), "procedure": "ISR", "intent": "curative",
                **values}

    def test_it_records_and_shows_technique_and_kit_through_the_form(self) -> None:
        client = self.client_for(self.clinician)
        response = client.post(f"/outcomes/cases/{self.rectal.external_id}/operations/", {
            "op-date": "2025-07-01", "op-procedure": "ISR", "op-intent": "curative",
            **{f"op-{k}": f" {val} " for k, val in ISR.items()}})
        self.assertEqual(response.status_code, 302)
        operation = Operation.objects.get(case=self.rectal)
        self.assertEqual({k: getattr(operation, k) for k in ISR}, ISR)
        page = client.get(f"/cases/{self.rectal.external_id}/panels/outcomes/")
        for text in ("Ultra-low intersphincteric resection", "version 3.0",
                     "ISR instrument kit", "lot L-2025/07 A"):
            self.assertContains(page, text)
        self.assertContains(page, 'name="op-technique_version"')

    def test_it_takes_and_gives_them_in_the_api(self) -> None:
        client = self.client_for(self.clinician)
        base = f"/api/v1/cases/{self.rectal.external_id}/operations"
        created = client.post(base, json.dumps({"date": "2025-07-01", "procedure": "ISR",
                                                "intent": "curative", **ISR}),
                              content_type=JSON)
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual({k: created.json()[k] for k in ISR}, ISR)
        listed = client.get(base).json()
        self.assertEqual({k: listed[0][k] for k in ISR}, ISR)
        bare = client.post(base, json.dumps({"date": "2025-07-02", "procedure": "LAR",
                                             "intent": "curative"}), content_type=JSON)
        self.assertEqual(bare.json()["technique_version"], "")

    def test_it_refuses_bad_technique_input_naming_the_field(self) -> None:
        events = AuditEvent.objects.count()
        for change, field in [
            ({"technique_version": "three"}, "technique_version"),
            ({"technique_version": "3."}, "technique_version"),
            ({"technique_version": "3.0", "technique": ""}, "technique_version"),
            ({"technique": "x" * 101}, "technique"),
            ({"technique_version": "1." + "0" * 30}, "technique_version"),
            ({"instrument_kit": "k" * 101}, "instrument_kit"),
            ({"kit_lot": "L" * 51}, "kit_lot"),
            ({"instrument_kit": "", "kit_lot": "L1"}, "kit_lot"),
            ({"kit_lot": 7}, "kit_lot"),
        ]:
            with self.subTest(change=change), self.assertRaises(InvalidInput) as caught:
                services.do_record_operation(self.clinician, self.rectal,
                                             self.op(**{**ISR, **change}))
            self.assertIn(field, caught.exception.errors)
        self.assertFalse(Operation.objects.exists())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_answers_bad_api_input_with_a_4xx_naming_the_field(self) -> None:
        client = self.client_for(self.clinician)
        base = f"/api/v1/cases/{self.rectal.external_id}/operations"
        for change, field in [({"technique_version": "v3"}, "technique_version"),
                              ({"kit_lot": "L" * 51}, "kit_lot")]:
            with self.subTest(change=change):
                bad = client.post(base, json.dumps({"date": "2025-07-01", "procedure": "ISR",
                                                    "intent": "curative", **ISR, **change}),
                                  content_type=JSON)
                self.assertEqual((bad.status_code, bad.json()["field"]), (422, field))
        form = client.post(f"/outcomes/cases/{self.rectal.external_id}/operations/", {
            "op-date": "2025-07-01", "op-procedure": "ISR", "op-intent": "curative",
            "op-technique": "ISR", "op-technique_version": "3.x"})
        self.assertEqual(form.status_code, 422)
        self.assertContains(form, "numbers separated by dots", status_code=422)
        self.assertFalse(Operation.objects.exists())
