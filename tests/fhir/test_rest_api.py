"""The REST API under /fhir/R4: authentication, site scoping, read, search, paging, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.base import BaseTestCase, make_case, make_patient
from tests.fhir.helpers import JENNY, as_transaction, load, validate
from tumorboard.accounts.models import AuditEvent
from tumorboard.fhir import codes
from tumorboard.patients.models import Patient

BASE = "/fhir/R4/"


class RestTest(BaseTestCase):
    def get(self, path: str, user: Any = None, **params: Any) -> Any:
        response = self.client.get(BASE + path, params, **self.bearer(user or self.clinician))
        assert response["Content-Type"] == "application/fhir+json"
        return response

    def test_it_requires_authentication_except_for_metadata(self) -> None:
        assert self.client.get(BASE + "metadata").status_code == 200  # as SMART servers do
        for path in ("Patient", f"Patient/{self.patient.external_id}"):
            response = self.client.get(BASE + path)
            assert response.status_code == 401
            assert json.loads(response.content)["resourceType"] == "OperationOutcome"
        metadata = self.get("metadata")
        assert metadata.status_code == 200
        validate(metadata.json())

    def test_it_reads_a_patient_with_a_token_and_audits_it_on_the_fhir_channel(self) -> None:
        response = self.get(f"Patient/{self.patient.external_id}")
        assert response.status_code == 200
        body = validate(response.json())
        assert body.identifier[0].value == "A0001"
        assert body.identifier[0].system == codes.mrn_system("EAST")
        event = AuditEvent.objects.filter(patient_id=str(self.patient.external_id),
                                          action="view").first()
        assert event is not None and event.channel == "fhir"

    def test_it_refuses_another_sites_patient_with_an_operation_outcome(self) -> None:
        for path in (f"Patient/{self.patient.external_id}",
                     f"Condition/{self.case.external_id}",
                     f"Observation?patient={self.patient.external_id}",
                     f"Patient/{self.patient.external_id}/$everything"):
            path, _, query = path.partition("?")
            params = dict([query.split("=")]) if query else {}
            response = self.get(path, self.outsider, **params)
            assert response.status_code == 403, path
            assert response.json()["resourceType"] == "OperationOutcome"
        hidden = self.get("Patient", self.outsider, identifier="A0001").json()
        assert hidden["total"] == 0

    def test_it_reads_conditions_and_derived_observations_by_stable_id(self) -> None:
        condition = self.get(f"Condition/{self.case.external_id}").json()
        validate(condition)
        assert condition["subject"]["reference"] == f"Patient/{self.patient.external_id}"
        observation_id = f"{self.case.external_id}-clinical-t"
        observation = self.get(f"Observation/{observation_id}").json()
        assert observation["valueCodeableConcept"]["coding"][0]["code"] == "cT2"
        assert self.get(f"Observation/{self.case.external_id}-nonsense").status_code == 404

    def test_it_pages_patient_searches_with_total_and_next_links(self) -> None:
        for i in range(7):
            make_patient(self.coordinator, self.site, mrn=f"P{i}", family_name="Zhou",
                         given_name=f"N{i}")
        seen: list[str] = []
        page = self.get("Patient", family="zhou", _count=3).json()
        assert page["total"] == 7
        while True:
            seen += [e["resource"]["identifier"][0]["value"] for e in page["entry"]]
            following = [link["url"] for link in page["link"] if link["relation"] == "next"]
            if not following:
                break
            response = self.client.get(following[0], **self.bearer(self.clinician))
            page = response.json()
        assert sorted(seen) == [f"P{i}" for i in range(7)]

    def test_it_imports_a_transaction_and_answers_with_a_transaction_response(self) -> None:
        bundle = as_transaction(load(JENNY.name))
        response = self.client.post(BASE, json.dumps(bundle),
                                    content_type="application/fhir+json",
                                    **self.bearer(self.coordinator))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["type"] == "transaction-response" and len(body["entry"]) == 40
        assert body["entry"][0]["response"]["status"] == "201 Created"
        location = body["entry"][0]["response"]["location"]
        patient = Patient.objects.get(mrn="MRN1234")
        assert location == f"Patient/{patient.external_id}" and patient.site == self.site
        assert AuditEvent.objects.filter(patient_id=str(patient.external_id), action="create",
                                         channel="fhir").exists()

    def test_it_refuses_a_transaction_from_a_role_that_cannot_write(self) -> None:
        bundle = as_transaction(load(JENNY.name))
        response = self.client.post(BASE, json.dumps(bundle), content_type="application/json",
                                    **self.bearer(self.welfare))
        assert response.status_code == 403
        assert not Patient.objects.filter(mrn="MRN1234").exists()

    def test_it_answers_procedure_and_careplan_searches_with_empty_bundles(self) -> None:
        for kind in ("Procedure", "CarePlan"):
            body = self.get(kind, patient=str(self.patient.external_id)).json()
            assert (body["type"], body["total"], body["entry"]) == ("searchset", 0, [])

    def test_it_returns_everything_for_a_patient(self) -> None:
        body = self.get(f"Patient/{self.patient.external_id}/$everything").json()
        kinds = [e["resource"]["resourceType"] for e in body["entry"]]
        assert kinds[0] == "Patient" and "Condition" in kinds and "Observation" in kinds


class SearchParameterTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second = make_patient(cls.coordinator, cls.site, mrn="B0002", family_name="Chen",
                                  given_name="Wei", birth_date=__import__("datetime").date(
                                      1980, 1, 2))
        make_case(cls.coordinator, cls.second, pathway="rectum", primary_site_code="C20.9",
                  histology_code="8140/3", laterality="", clinical_t="T3", clinical_n="N0",
                  clinical_m="M0", diagnosis_date=__import__("datetime").date(2024, 2, 1),
                  details={})

    def ids(self, path: str, **params: Any) -> list[str]:
        response = self.client.get(BASE + path, params, **self.bearer(self.clinician))
        assert response.status_code == 200, response.content
        return [e["resource"]["id"] for e in response.json()["entry"]]

    def test_it_searches_patients_by_identifier_family_and_birthdate(self) -> None:
        first, second = str(self.patient.external_id), str(self.second.external_id)
        table = [
            ({"identifier": "A0001"}, [first]),
            ({"identifier": f"{codes.mrn_system('EAST')}|B0002"}, [second]),
            ({"identifier": f"{codes.mrn_system('WEST')}|B0002"}, []),
            ({"family": "ch"}, [second]),
            ({"birthdate": "1970-03-14"}, [first]),
            ({"birthdate": "ge1975-01-01"}, [second]),
            ({"birthdate": "lt1975-01-01"}, [first]),
        ]
        for params, expected in table:
            assert self.ids("Patient", **params) == expected, params

    def test_it_searches_conditions_by_patient_and_code(self) -> None:
        rectal = self.second.cases.get()
        table = [
            ({"patient": f"Patient/{self.second.external_id}"}, [str(rectal.external_id)]),
            ({"code": f"{codes.ICD10}|C20"}, [str(rectal.external_id)]),
            ({"code": f"{codes.ICDO3}|C50.4"}, [str(self.case.external_id)]),
            ({"code": "C18.7"}, []),
        ]
        for params, expected in table:
            assert self.ids("Condition", **params) == expected, params

    def test_it_searches_observations_by_patient_code_and_date(self) -> None:
        rectal = self.second.cases.get()
        ecog = self.ids("Observation", code=f"{codes.LOINC}|{codes.ECOG_LOINC}")
        assert ecog == [f"{self.case.external_id}-ecog", f"{rectal.external_id}-ecog"]
        in_2024 = self.ids("Observation", date="le2024-12-31")
        assert in_2024 and all(i.startswith(str(rectal.external_id)) for i in in_2024)
        mine = self.ids("Observation", patient=str(self.second.external_id), code="399504009")
        assert mine == [f"{rectal.external_id}-clinical-t"]


@pytest.mark.parametrize(("path", "params"), [
    ("Patient", {"name": "x"}), ("Patient", {"birthdate": "1970-13"}),
    ("Observation", {"date": "yesterday"}), ("Patient", {"_count": "many"}),
    ("Condition", {"patient": "not-a-uuid"}),
])
def test_it_refuses_unsupported_or_malformed_search_parameters(
        path: str, params: dict[str, str], django_user_model: Any) -> None:
    from django.test import Client

    from tumorboard.accounts.services import do_create_user
    from tumorboard.accounts.tokens import do_issue_token
    from tumorboard.network.models import Site

    Site.objects.create(code="EAST", name="East")
    user = do_create_user("reader", role="clinician", site_codes=["EAST"],
                          password="correct horse battery staple", specialty="")
    response = Client().get(BASE + path, params,
                            HTTP_AUTHORIZATION=f"Bearer {do_issue_token(user)}")
    assert response.status_code == 400
    assert response.json()["issue"][0]["severity"] == "error"
