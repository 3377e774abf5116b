"""CarePlans in (issue 13): a plan another system sent is stored as a received treatment
plan on the case (never as one of our signed recommendations), updated by a second import,
skipped when entered-in-error, exported back as sent, read and searched over REST, shown on
the case's MDT panel; our own exported recommendation coming back is recognised."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from fhir.resources.R4B.careplan import CarePlan

from tests.board.helpers import FAST_HASHER, BoardTestCase
from tests.fhir import synthea
from tumorboard.accounts.models import AuditEvent
from tumorboard.board.models import Recommendation
from tumorboard.fhir import export, plan, received
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle
from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.patients.models import Case, Patient

SENDER = "http://hospital.example.org/fhir"


def _careplan(person: str, **override: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "CarePlan", "id": "cp-1", "meta": {"source": SENDER},
        "identifier": [{"system": "http://hospital.example.org/careplans", "value": "CP-77"}],
        "status": "active", "intent": "plan", "title": "Breast cancer treatment plan",
        "subject": {"reference": f"urn:uuid:{person}"}, "created": "2019-03-20",
        "author": {"display": "Dr. Ana Ruiz"},
        "activity": [
            {"detail": {"code": {"text": "Chemotherapy"}, "status": "in-progress",
                        "description": "4 cycles of EC then paclitaxel"}},
            {"detail": {"code": {"coding": [{"system": "http://snomed.info/sct",
                                             "code": "172043006",
                                             "display": "Simple mastectomy"}]},
                        "status": "not-started"}}],
        "note": [{"text": "Discussed with the patient."}],
    }
    resource.update(override)
    return resource


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class CarePlanImportTest(BoardTestCase):
    def _import(self, bundle: dict[str, Any], user: Any = None) -> ImportResult:
        allowed = None if user is None else {self.site.pk}
        context = ImportContext(user or AnonymousUser(), self.site, allowed)
        return import_bundle(bundle, context)

    def _synthea(self, key: str, *careplans: dict[str, Any]) -> tuple[dict[str, Any], str]:
        person = synthea.patient(key)["id"]
        plans = [{**p, "subject": {"reference": f"urn:uuid:{person}"}} for p in careplans]
        bundle = synthea.bundle(key, extra=plans)
        for sent in plans:
            sent["meta"] = {"source": SENDER}  # synthea's entries set a tag as meta
        return bundle, person

    def test_it_stores_a_sent_careplan_on_the_case_and_updates_it_on_a_second_import(
            self) -> None:
        bundle, _ = self._synthea("cp", _careplan("x"))
        result = self._import(bundle)
        index = next(i for i, e in enumerate(bundle["entry"])
                     if e["resource"]["resourceType"] == "CarePlan")
        assert result.locations[index][0] == "201 Created"
        stored = ReceivedCarePlan.objects.get()
        assert stored.case == Case.objects.get(patient__family_name="Botsford")
        assert (stored.key, stored.status, stored.intent, stored.author, stored.sender) == (
            "http://hospital.example.org/careplans|CP-77", "active", "plan", "Dr. Ana Ruiz",
            SENDER)
        assert stored.activities == [
            {"text": "Chemotherapy", "description": "4 cycles of EC then paclitaxel",
             "status": "in-progress"},
            {"text": "Simple mastectomy", "description": "", "status": "not-started"}]
        assert stored.notes == ["Discussed with the patient."]
        assert not Recommendation.objects.filter(case=stored.case).exists()
        again = json.loads(json.dumps(bundle).replace('"active"', '"completed"'))
        assert self._import(again).locations[index][0] == "200 OK"
        assert ReceivedCarePlan.objects.get().status == "completed"
        assert list(AuditEvent.objects.filter(object_type="received_careplan")
                    .values_list("action", "channel").order_by("id")) == [
            ("create", "cli"), ("update", "cli")]  # the command line: no request

    def test_it_skips_an_entered_in_error_careplan_and_says_so(self) -> None:
        bundle, _ = self._synthea("err", _careplan("x", status="entered-in-error"))
        result = self._import(bundle)
        assert not ReceivedCarePlan.objects.exists()
        assert [i.reason for i in result.issues if "CarePlan" not in i.expression
                and i.reason == "entered in error"] == ["entered in error"]

    def test_it_recognises_our_own_recommendation_sent_back(self) -> None:
        rec = self.signed()
        resources = export.patient_resources(self.patient)
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}
        result = self._import(bundle)
        assert plan.OWN_CAREPLAN in {i.reason for i in result.issues}
        assert not ReceivedCarePlan.objects.exists()
        assert Recommendation.objects.filter(case=self.case).count() == 1
        assert rec.external_id == Recommendation.objects.get().external_id

    def test_it_exports_a_received_plan_as_sent_and_a_round_trip_does_not_duplicate(
            self) -> None:
        bundle, _ = self._synthea("rt", _careplan("x", identifier=[]))
        self._import(bundle)
        patient = Patient.objects.get(family_name="Botsford")
        (sent,) = [r for r in export.patient_resources(patient)
                   if r["resourceType"] == "CarePlan"]
        CarePlan.model_validate(sent)
        stored = ReceivedCarePlan.objects.get()
        assert sent["id"] == str(stored.external_id)
        assert sent["identifier"] == [{"system": received.RECEIVED_ID_SYSTEM, "value": "cp-1"}]
        assert sent["subject"] == {"reference": f"Patient/{patient.external_id}"}
        assert sent["addresses"] == [{"reference": f"Condition/{stored.case.external_id}"}]
        assert sent["activity"] == bundle["entry"][3]["resource"]["activity"]
        assert sent["meta"]["source"] == SENDER
        assert sent["meta"]["versionId"]  # like every resource we serve (ETag on a read)
        back = [r for r in export.patient_resources(patient)]
        again = {"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in back]}
        self._import(again)
        assert ReceivedCarePlan.objects.count() == 1

    def test_it_reads_and_searches_received_plans_and_refuses_another_site(self) -> None:
        bundle, _ = self._synthea("rest", _careplan("x"))
        self._import(bundle)
        stored = ReceivedCarePlan.objects.get()
        patient = str(stored.case.patient.external_id)
        token = self.bearer(self.clinician)["HTTP_AUTHORIZATION"]
        read = self.client.get(f"/fhir/R4/CarePlan/{stored.external_id}",
                               HTTP_AUTHORIZATION=token)
        assert read.status_code == 200 and read.json()["title"] == stored.title
        assert read["ETag"] == f'W/"{read.json()["meta"]["versionId"]}"'
        found = self.client.get("/fhir/R4/CarePlan", {"patient": patient},
                                HTTP_AUTHORIZATION=token).json()
        assert [e["resource"]["id"] for e in found["entry"]] == [str(stored.external_id)]
        assert AuditEvent.objects.filter(object_type="received_careplan",
                                         action="view").count() == 1
        outsider = self.bearer(self.outsider)["HTTP_AUTHORIZATION"]
        assert self.client.get(f"/fhir/R4/CarePlan/{stored.external_id}",
                               HTTP_AUTHORIZATION=outsider).status_code == 403
        assert self.client.get("/fhir/R4/CarePlan", HTTP_AUTHORIZATION=outsider
                               ).json()["total"] == 0

    def test_it_refuses_another_sites_user_importing_onto_our_case(self) -> None:
        resource = _careplan("x", subject={"reference": f"Patient/{self.patient.external_id}"},
                             addresses=[{"reference": f"Condition/{self.case.external_id}"}])
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
            {"resource": resource, "request": {"method": "POST", "url": "CarePlan"}}]}
        token = self.bearer(self.outsider)["HTTP_AUTHORIZATION"]
        response = self.client.post("/fhir/R4/", json.dumps(bundle),
                                    content_type="application/fhir+json",
                                    HTTP_AUTHORIZATION=token)
        assert response.status_code in (403, 422), response.content
        assert not ReceivedCarePlan.objects.exists()
        # The service itself holds the door, whoever calls it.
        with pytest.raises(PermissionDenied):
            received.save_received(self.outsider, self.case,
                                   received.careplan_values(resource), None)
        assert not ReceivedCarePlan.objects.exists()

    def test_it_shows_a_received_plan_in_words_on_the_mdt_panel(self) -> None:
        resource = _careplan("x", subject={"reference": f"Patient/{self.patient.external_id}"},
                             addresses=[{"reference": f"Condition/{self.case.external_id}"}])
        self._import({"resourceType": "Bundle", "type": "collection",
                      "entry": [{"resource": resource}]}, self.coordinator)
        page = self.client_for(self.clinician).get(
            reverse("case-panel", kwargs={"case_id": self.case.external_id, "panel": "mdt"}))
        text = page.content.decode()
        assert "Treatment plan received from Dr. Ana Ruiz" in text
        assert "4 cycles of EC then paclitaxel — in progress" in text
        assert "Simple mastectomy — not started" in text
        assert "CP-77" not in text and "in-progress" not in text
