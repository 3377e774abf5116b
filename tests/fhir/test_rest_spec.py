"""The REST server as FHIR R4 defines it (issue 13): 405/404 OperationOutcomes instead of
200 or Django pages, content negotiation, repeated parameters ANDed and comma lists ORed,
date prefixes with partial dates, _summary/_elements refused, versionId/lastUpdated/ETag,
metadata without login and a CapabilityStatement that claims only what works."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.base import BaseTestCase
from tests.fhir.helpers import validate
from tumorboard.patients import services as patients
from tumorboard.patients.models import Patient

BASE = "/fhir/R4"


def _is_outcome(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/fhir+json")
    body: dict[str, Any] = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return body


class RestSpecTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for family, born in (("Alder", dt.date(1967, 3, 4)), ("Birch", dt.date(1967, 11, 30)),
                             ("Cedar", dt.date(1968, 1, 2))):
            patients.do_create_patient(cls.coordinator, cls.site, {
                "mrn": f"R-{family}", "family_name": family, "given_name": "Ann",
                "sex": "female", "birth_date": born})

    def setUp(self) -> None:
        self.client = self.client_for(self.clinician)

    def _families(self, query: str) -> list[str]:
        answer = self.client.get(f"{BASE}/Patient?{query}")
        assert answer.status_code == 200, answer.content[:300]
        return sorted(e["resource"]["name"][0]["family"] for e in answer.json()["entry"])

    def test_it_answers_put_delete_and_patch_on_a_patient_with_405(self) -> None:
        url = f"{BASE}/Patient/{self.patient.external_id}"
        before = Patient.objects.get(pk=self.patient.pk).family_name
        for method in ("put", "delete", "patch"):
            response = getattr(self.client, method)(url, data="{}",
                                                    content_type="application/fhir+json")
            _is_outcome(response, 405)
            assert "GET" in response["Allow"]
        assert Patient.objects.get(pk=self.patient.pk).family_name == before

    def test_it_answers_unknown_types_and_operations_with_a_404_outcome(self) -> None:
        for path in ("Specimen", "Patient/x/$mcode-everything", "Patient/$export2", "x/y/z"):
            _is_outcome(self.client.get(f"{BASE}/{path}"), 404)

    def test_it_refuses_xml_with_406_and_a_non_json_body_with_415(self) -> None:
        _is_outcome(self.client.get(f"{BASE}/Patient", HTTP_ACCEPT="application/fhir+xml"), 406)
        _is_outcome(self.client.get(f"{BASE}/Patient?_format=xml"), 406)
        assert self.client.get(f"{BASE}/Patient", HTTP_ACCEPT="application/fhir+json, */*;"
                               "q=0.1").status_code == 200
        coordinator = self.client_for(self.coordinator)
        _is_outcome(coordinator.post(f"{BASE}/", data="<Bundle/>",
                                     content_type="application/fhir+xml"), 415)

    def test_it_ands_repeated_parameters_and_ors_comma_lists(self) -> None:
        assert self._families("birthdate=ge1967-06-01&birthdate=lt1968-01-01") == ["Birch"]
        assert self._families("family=Alder,Cedar") == ["Alder", "Cedar"]
        assert self._families("family=Alder,Cedar&family=Ced") == ["Cedar"]

    def test_it_reads_partial_dates_with_prefixes(self) -> None:
        assert self._families("birthdate=1967") == ["Alder", "Birch"]
        assert self._families("birthdate=1967-11") == ["Birch"]
        assert self._families("birthdate=gt1967&family=A,B,C") == ["Cedar"]
        assert self._families("birthdate=le1967-03&family=A,B,C") == ["Alder"]
        _is_outcome(self.client.get(f"{BASE}/Patient?birthdate=1967-13"), 400)

    def test_it_refuses_summary_and_elements_with_400(self) -> None:
        for query in ("Patient?_summary=true", "Patient?_elements=name",
                      f"Patient/{self.patient.external_id}?_summary=true"):
            body = _is_outcome(self.client.get(f"{BASE}/{query}"), 400)
            assert "not supported" in body["issue"][0]["diagnostics"]

    def test_it_gives_version_last_updated_and_etag(self) -> None:
        url = f"{BASE}/Patient/{self.patient.external_id}"
        first = self.client.get(url)
        meta = first.json()["meta"]
        assert first["ETag"] == f'W/"{meta["versionId"]}"'
        assert dt.datetime.fromisoformat(meta["lastUpdated"]) == Patient.objects.get(
            pk=self.patient.pk).modified
        patients.do_update_patient(self.coordinator, self.patient, {"given_name": "Changed"})
        assert self.client.get(url)["ETag"] != first["ETag"]
        condition = self.client.get(f"{BASE}/Condition/{self.case.external_id}")
        assert condition["ETag"] and validate(condition.json())

    def test_it_serves_metadata_without_login_claiming_only_what_works(self) -> None:
        anonymous = self.client_class()
        answer = anonymous.get(f"{BASE}/metadata")
        assert answer.status_code == 200
        statement = answer.json()
        validate(statement)
        assert "instantiates" not in statement  # no $mcode-everything: no mCODE claim
        assert anonymous.get(f"{BASE}/Patient").status_code == 401
