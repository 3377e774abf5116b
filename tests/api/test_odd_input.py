"""Odd input is a 4xx naming the parameter, never a server error (core.input_guard).

The characters refused are the C0 and C1 control codes of Unicode (U+0000-U+001F,
U+007F-U+009F, Unicode 15.1 chapter 23.1 "Control Codes"), except tab, line feed and
carriage return which a textarea sends (HTML Living Standard, 4.10.11 "The textarea
element": newlines are submitted as CR LF); PostgreSQL refuses U+0000 in text
(PostgreSQL 16 documentation, 8.3 "Character Types")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase
from tumorboard.clinic.services import DAY_DAYS_AHEAD
from tumorboard.patients.models import Patient

PATIENTS = "/api/v1/patients"
FHIR = "/fhir/R4/"


def nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


class OddCharacters(BaseTestCase):
    def test_it_refuses_a_nul_in_a_query_parameter_naming_it(self) -> None:
        headers = self.bearer(self.clinician)
        for query in ({"q": "Li\x00"}, {"q": ["Li", "\x00"]}, {"q": ["\x00", "Li"]}):
            response = self.client.get(PATIENTS, query, **headers)
            self.assertEqual(response.status_code, 400, query)
            self.assertEqual(response.json()["field"], "q")

    def test_it_refuses_every_control_character_but_tab_newline_and_return(self) -> None:
        headers = self.bearer(self.clinician)
        for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]:
            response = self.client.get(PATIENTS, {"q": f"a{chr(code)}b"}, **headers)
            self.assertEqual(response.status_code, 400, hex(code))
        for allowed in ("a\tb", "a\nb", "a\r\nb", "王秀英"):
            response = self.client.get(PATIENTS, {"q": allowed}, **headers)
            self.assertEqual(response.status_code, 200, repr(allowed))

    def test_it_names_a_parameter_whose_name_holds_the_nul(self) -> None:
        response = self.client.get(PATIENTS + "?q%00x=1", **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "q\\x00x")

    def test_it_refuses_a_nul_in_the_query_of_a_page(self) -> None:
        response = self.client_for(self.clinician).get("/outcomes/registry/",
                                                       {"surgeon": "\x00"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "surgeon")

    def test_it_refuses_a_nul_in_a_path(self) -> None:
        response = self.client.get("/api/v1/meetings/a%00b", **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "path")

    def test_it_refuses_a_nul_in_a_json_string_naming_its_path(self) -> None:
        body = {"site": "EAST", "mrn": "N1", "family_name": "Li\x00", "given_name": "Na",
                "sex": "female", "birth_date": "1970-01-01"}
        response = self.client.post(PATIENTS, body, content_type="application/json",
                                    **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "family_name")
        self.assertFalse(Patient.objects.filter(mrn="N1").exists())

    def test_it_names_a_nested_json_field_and_an_escaped_surrogate(self) -> None:
        raw = b'{"details": {"notes": ["ok", "\\ud800"]}}'
        response = self.client.patch(f"/api/v1/cases/{self.case.external_id}", raw,
                                      content_type="application/json",
                                      **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "details.notes.1")

    def test_it_refuses_a_nul_in_a_form_field(self) -> None:
        response = self.client.post("/accounts/login/", {"username": "coordinator\x00",
                                                         "password": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "username")

    def test_it_refuses_a_nul_in_an_uploaded_csv_naming_the_line(self) -> None:
        csv = (b"mrn,type,date,notes\nA0001,recurrence,2025-07-01,fine\n"
               b"A0001,death,2025-08-01,x\x00y\n")
        upload = SimpleUploadedFile("follow-up.csv", csv, content_type="text/csv")
        response = self.client_for(self.coordinator).post("/outcomes/import/", {"file": upload})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "file")
        self.assertIn("3", response.json()["error"])


class DeepAndLargeBodies(BaseTestCase):
    def test_it_refuses_json_nested_deeper_than_64(self) -> None:
        response = self.client.post("/api/v1/scores/sins", nested(65),
                                    content_type="application/json",
                                    **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "body")

    def test_it_lets_64_levels_reach_the_view(self) -> None:
        response = self.client.post("/api/v1/scores/sins", nested(64),
                                    content_type="application/json",
                                    **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 422)  # the view's "must be a JSON object"
        self.assertEqual(response.json()["field"], "body")

    def test_it_does_not_count_brackets_inside_strings(self) -> None:
        raw = json.dumps({"note": "[" * 500}).encode()
        response = self.client.post("/api/v1/scores/no-such-score", raw,
                                    content_type="application/json",
                                    **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 404)

    def test_it_answers_fhir_50000_deep_with_an_operation_outcome(self) -> None:
        response = self.client.post(FHIR, nested(50_000), content_type="application/fhir+json",
                                    **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["resourceType"], "OperationOutcome")
        self.assertEqual(body["issue"][0]["expression"], ["body"])

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_it_answers_413_for_a_body_over_the_upload_limit(self) -> None:
        raw = json.dumps({"notes": "x" * 2000}).encode()
        response = self.client.patch(f"/api/v1/cases/{self.case.external_id}", raw,
                                     content_type="application/json",
                                     **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 413)

    @override_settings(FHIR_MAX_BUNDLE_BYTES=1000)
    def test_it_answers_413_for_a_fhir_bundle_over_its_byte_limit(self) -> None:
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [],
                  "id": "x" * 2000}
        response = self.client.post(FHIR, bundle, content_type="application/fhir+json",
                                    **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 413)
        body = response.json()
        self.assertEqual(body["resourceType"], "OperationOutcome")
        self.assertEqual(body["issue"][0]["code"], "too-costly")

    @override_settings(FHIR_MAX_BUNDLE_ENTRIES=3)
    def test_it_answers_413_for_a_fhir_bundle_with_too_many_entries(self) -> None:
        entry = {"resource": {"resourceType": "Patient"},
                 "request": {"method": "POST", "url": "Patient"}}
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [entry] * 4}
        response = self.client.post(FHIR, bundle, content_type="application/fhir+json",
                                    **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()["issue"][0]["expression"], ["Bundle.entry"])


class UnknownFilters(BaseTestCase):
    def test_it_names_an_unknown_pathway_on_the_registry_export(self) -> None:
        response = self.client_for(self.clinician).get("/outcomes/registry/export.csv",
                                                       {"pathway": "lung"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "pathway")

    def test_it_refuses_an_unknown_site_on_the_registry_export(self) -> None:
        # Not one of the user's sites: 403 whether or not the code exists (one rule).
        for code in ("NOWHERE", "WEST"):
            response = self.client_for(self.clinician).get("/outcomes/registry/export.csv",
                                                           {"site": code})
            self.assertEqual(response.status_code, 403, code)


def years_from(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=28 if (day.month, day.day) == (2, 29)
                       else day.day)


class DateRanges(BaseTestCase):
    """Clinic days: from today minus one year to today plus two years; any other API date:
    the years 1900 to 2100 (issue 11: a clinic day in the year 0082 was accepted)."""

    def create_day(self, date: str) -> Any:
        return self.client.post("/api/v1/clinic/days",
                                {"site": "EAST", "pathway": "breast", "date": date},
                                content_type="application/json",
                                **self.bearer(self.coordinator))

    def test_it_refuses_a_clinic_day_in_the_year_0082(self) -> None:
        response = self.create_day("0082-05-01")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["field"], "date")

    def test_it_keeps_clinic_days_from_today_to_a_year_ahead(self) -> None:
        today = timezone.localdate()
        first, last = today, today + dt.timedelta(days=DAY_DAYS_AHEAD)
        for day, status in ((first - dt.timedelta(days=1), 422), (first, 201), (last, 201),
                            (last + dt.timedelta(days=1), 422)):
            response = self.create_day(day.isoformat())
            self.assertEqual(response.status_code, status, (day, response.content))
            if status == 422:
                self.assertEqual(response.json()["field"], "date")

    def test_it_names_the_date_on_the_clinic_day_form(self) -> None:
        response = self.client_for(self.coordinator).post("/clinic/days/new/", {
            "site": "EAST", "pathway": "breast", "date": "2009-01-05", "opening": "08:00",
            "horizon": "540"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("date", response.context["form"].errors)

    def test_it_refuses_api_dates_outside_1900_to_2100_naming_the_field(self) -> None:
        headers = self.bearer(self.coordinator)
        patient = {"site": "EAST", "mrn": "D1", "family_name": "Li", "given_name": "Na",
                   "sex": "female"}
        for field, value in (("birth_date", "1899-12-31"), ("date_of_death", "2101-01-01")):
            body = {"birth_date": "1970-01-01", **patient, field: value}
            response = self.client.post(PATIENTS, body, content_type="application/json",
                                        **headers)
            self.assertEqual(response.status_code, 422, field)
            self.assertEqual(response.json()["field"], field)
            self.assertIn("2100", response.json()["error"])
        response = self.client.patch(f"/api/v1/cases/{self.case.external_id}",
                                     {"diagnosis_date": "0082-01-01"},
                                     content_type="application/json", **headers)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["field"], "diagnosis_date")
        self.assertIn("2100", response.json()["error"])

    def test_it_refuses_a_date_query_parameter_outside_the_range(self) -> None:
        response = self.client.get("/api/v1/clinic/days", {"date_from": "0082-01-01"},
                                   **self.bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["field"], "date_from")


class ListFilters(BaseTestCase):
    def test_it_names_an_unknown_pathway_status_or_site_on_list_endpoints(self) -> None:
        headers = self.bearer(self.clinician)
        for url, query, field in (("/api/v1/cases", {"pathway": "lung"}, "pathway"),
                                  ("/api/v1/cases", {"status": "lost"}, "status")):
            response = self.client.get(url, query, **headers)
            self.assertEqual(response.status_code, 422, (url, query))
            self.assertEqual(response.json()["field"], field)

    def test_it_refuses_a_site_code_that_is_not_the_users_naming_the_filter(self) -> None:
        # Unknown or another site's: the same 403, so codes of other sites are not told.
        headers = self.bearer(self.clinician)
        for url in ("/api/v1/cases", PATIENTS):
            for code in ("NOWHERE", "WEST"):
                response = self.client.get(url, {"site": code}, **headers)
                self.assertEqual(response.status_code, 403, (url, code))
                self.assertEqual(response.json()["field"], "site")

    def test_it_still_filters_on_a_known_site_and_pathway(self) -> None:
        response = self.client.get("/api/v1/cases", {"site": "EAST", "pathway": "breast"},
                                   **self.bearer(self.clinician))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([c["id"] for c in response.json()["items"]],
                         [str(self.case.external_id)])
