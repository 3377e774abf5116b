"""Operations -> Procedure (mCODE CancerRelatedSurgicalProcedure) and signed MDT
recommendations -> CarePlan: export, NDJSON, REST read/search, scoping, audit, metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.procedure import Procedure

from tests.board.helpers import FAST_HASHER, BoardTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.board import recommendations
from tumorboard.board.models import Recommendation
from tumorboard.fhir import export
from tumorboard.outcomes import services as outcomes
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Patient

BASE = "/fhir/R4/"
SNOMED = "http://snomed.info/sct"
TB = "https://tumorboard.example.org/fhir/CodeSystem/tumorboard"
EXT = "https://tumorboard.example.org/fhir/StructureDefinition/"
MCODE_SURGERY = ("http://hl7.org/fhir/us/mcode/StructureDefinition/"
                 "mcode-cancer-related-surgical-procedure")
MASTECTOMY_DAY, AXILLA_DAY = dt.date(2025, 7, 15), dt.date(2025, 9, 1)


def extension(resource: dict[str, Any], name: str) -> dict[str, Any]:
    url = name if name.startswith("http") else EXT + name
    found = [e for e in resource.get("extension", []) if e["url"] == url]
    assert len(found) == 1, name
    return found[0]


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class TreatmentTestCase(BoardTestCase):
    """A breast case with a mastectomy (surgeon named, one complication) and an ALND."""

    mastectomy: Operation
    axilla: Operation

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mastectomy = outcomes.do_record_operation(cls.coordinator, cls.case, {
            "date": MASTECTOMY_DAY, "procedure": "MAST", "intent": "curative", "margin": "R1",
            "reconstruction": "immediate", "reconstruction_type": "implant",
            "surgeon": cls.clinician})
        cls.axilla = outcomes.do_record_operation(cls.coordinator, cls.case, {
            "date": AXILLA_DAY, "procedure": "ALND", "intent": "curative"})
        outcomes.do_record_complication(cls.coordinator, cls.mastectomy, {
            "type": "wound_infection", "grade": "II", "date": MASTECTOMY_DAY})


class TreatmentExportTest(TreatmentTestCase):
    def resources(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in export.patient_resources(self.patient) if r["resourceType"] == kind]

    def test_it_exports_an_operation_as_a_valid_mcode_surgical_procedure(self) -> None:
        first, second = self.resources("Procedure")
        Procedure.model_validate(first)
        Procedure.model_validate(second)
        assert (first["id"], second["id"]) == (str(self.mastectomy.external_id),
                                               str(self.axilla.external_id))
        assert first["meta"]["profile"] == [MCODE_SURGERY]
        assert first["status"] == "completed"
        assert first["category"]["coding"][0]["code"] == "387713003"
        assert first["subject"]["reference"] == f"Patient/{self.patient.external_id}"
        assert first["reasonReference"] == [{"reference": f"Condition/{self.case.external_id}"}]
        assert (first["performedDateTime"], second["performedDateTime"]) == (
            "2025-07-15", "2025-09-01")
        assert first["performer"][0]["actor"]["display"] == self.clinician.username
        assert "performer" not in second
        codings = {(c["system"], c["code"]) for c in first["code"]["coding"]}
        assert codings == {(SNOMED, "172043006"), (TB, "surgery-mast")}
        assert [(c["system"], c["code"]) for c in second["code"]["coding"]] == [
            (SNOMED, "234262008"), (TB, "surgery-alnd")]  # data/procedure_codes.json
        intent = extension(first, "http://hl7.org/fhir/us/mcode/StructureDefinition/"
                                  "mcode-procedure-intent")
        assert intent["valueCodeableConcept"]["coding"][0]["code"] == "373808002"
        assert extension(first, "tumorboard-resection-margin")["valueCode"] == "R1"
        assert extension(first, "tumorboard-reconstruction")["valueCode"] == "immediate"
        assert extension(first, "tumorboard-reconstruction-type")["valueCode"] == "implant"
        # One Clavien-Dindo II (weight 1750): CCI = sqrt(1750) / 2 = 20.9 (Slankamenac 2013).
        assert extension(first, "tumorboard-cci")["valueDecimal"] == 20.9
        assert extension(second, "tumorboard-cci")["valueDecimal"] == 0.0
        assert not [e for e in second["extension"] if e["url"].endswith("margin")]

    def test_it_exports_a_signed_recommendation_as_an_active_care_plan(self) -> None:
        self.attend(["breast_surgery", "radiology", "pathology", "medical_oncology",
                     "radiation_oncology", "nursing"])
        rec = self.signed(patient_preferences="Wants reconstruction.")
        (plan,) = self.resources("CarePlan")
        CarePlan.model_validate(plan)
        assert plan["id"] == str(rec.external_id)
        assert (plan["status"], plan["intent"]) == ("active", "plan")
        assert plan["category"][0]["coding"][0] == {"system": SNOMED, "code": "734163000",
                                                    "display": "Care plan"}
        assert plan["subject"]["reference"] == f"Patient/{self.patient.external_id}"
        assert plan["addresses"] == [{"reference": f"Condition/{self.case.external_id}"}]
        assert rec.signed_at is not None
        assert plan["created"] == rec.signed_at.isoformat()
        assert plan["author"]["display"] == self.clinician.username  # the chair signs
        details = [a["detail"] for a in plan["activity"]]
        assert [d["code"]["coding"][0]["code"] for d in details] == [
            "plan-neoadjuvant-therapy", "plan-surgery", "plan-radiotherapy"]
        assert [d["description"] for d in details] == [
            "Neoadjuvant therapy: EC-T", "Surgery: mastectomy", "Radiotherapy"]
        assert {d["status"] for d in details} == {"not-started"}
        assert plan["note"][0]["text"] == "Left breast cancer, cT2 N1. Mastectomy planned."
        assert extension(plan, "tumorboard-mdt-quorate")["valueBoolean"] is True
        assert extension(plan, "tumorboard-treatment-intent")["valueCode"] == "curative"
        # One extension per option the MDT decided: a mastectomy raises both reconstructions
        # and breast conservation under screen 2.0.
        decisions = [e["extension"] for e in plan["extension"]
                     if e["url"] == EXT + "tumorboard-option-decision"]
        assert sorted(tuple(sorted((p["url"], p["valueCode"]) for p in d))
                      for d in decisions) == sorted(
            (("decision", "offered_accepted"), ("option", code)) for code in (
                "breast_conserving_surgery", "breast_delayed_reconstruction",
                "breast_immediate_reconstruction"))
        assert "replaces" not in plan

    def test_it_revokes_a_superseded_version_and_leaves_drafts_out(self) -> None:
        first = self.signed()
        draft = recommendations.do_new_version(self.clinician, first,
                                               reason="surveillance agreed with the patient")
        draft = recommendations.do_save_recommendation(
            self.clinician, draft, {"intent": "palliative",
                                    "treatment_plan": [{"modality": "surveillance"}]},
            lock_version=draft.lock_version)
        # While the new version is only a draft, the first stays active and alone.
        assert [(p["id"], p["status"]) for p in self.resources("CarePlan")] == [
            (str(first.external_id), "active")]
        second = recommendations.do_sign_off(self.clinician, draft,
                                             lock_version=draft.lock_version)
        third = recommendations.do_new_version(self.clinician, second,
                                               reason="new imaging")  # unsigned
        plans = {p["id"]: p for p in self.resources("CarePlan")}
        assert set(plans) == {str(first.external_id), str(second.external_id)}
        assert str(third.external_id) not in plans
        old, new = plans[str(first.external_id)], plans[str(second.external_id)]
        assert (old["status"], new["status"]) == ("revoked", "active")
        assert {a["detail"]["status"] for a in old["activity"]} == {"cancelled"}
        assert new["replaces"] == [{"reference": f"CarePlan/{first.external_id}"}]
        assert [a["detail"]["code"]["coding"][0]["code"] for a in new["activity"]] == [
            "plan-surveillance"]
        assert extension(new, "tumorboard-treatment-intent")["valueCode"] == "palliative"
        for plan in plans.values():
            CarePlan.model_validate(plan)

    def test_it_writes_procedure_and_careplan_ndjson(self) -> None:
        self.signed()
        out = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        counts = export.write_ndjson(Patient.objects.filter(pk=self.patient.pk), out)
        assert (counts["Procedure"], counts["CarePlan"]) == (2, 1)
        procedures = export.read_ndjson([out / "Procedure.ndjson"])
        assert [p["id"] for p in procedures] == [str(self.mastectomy.external_id),
                                                 str(self.axilla.external_id)]
        (plan,) = export.read_ndjson([out / "CarePlan.ndjson"])
        CarePlan.model_validate(plan)

    def test_it_puts_procedures_and_careplans_in_the_patient_bundle(self) -> None:
        self.signed()
        bundle = export.patient_bundle(self.patient)
        kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
        assert kinds.count("Procedure") == 2 and kinds.count("CarePlan") == 1
        assert kinds.index("Condition") < kinds.index("Procedure") < kinds.index("CarePlan")


class TreatmentRestTest(TreatmentTestCase):
    def get(self, path: str, user: Any = None, **params: Any) -> Any:
        token = self.bearer(user or self.clinician)["HTTP_AUTHORIZATION"]
        response = self.client.get(BASE + path, params, HTTP_AUTHORIZATION=token)
        assert response["Content-Type"] == "application/fhir+json"
        return response

    def ids(self, path: str, **params: Any) -> list[str]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.content
        return [e["resource"]["id"] for e in response.json()["entry"]]

    def test_it_reads_a_procedure_and_a_care_plan_and_audits_the_reads(self) -> None:
        rec = self.signed()
        procedure = self.get(f"Procedure/{self.mastectomy.external_id}").json()
        Procedure.model_validate(procedure)
        assert procedure["performedDateTime"] == "2025-07-15"
        plan = self.get(f"CarePlan/{rec.external_id}").json()
        CarePlan.model_validate(plan)
        assert plan["status"] == "active"
        for kind, object_id in (("procedure", self.mastectomy.external_id),
                                ("careplan", rec.external_id)):
            event = AuditEvent.objects.get(object_type=kind, object_id=str(object_id),
                                           action="view")
            assert (event.channel, event.patient_id) == ("fhir", str(self.patient.external_id))

    def test_it_answers_404_for_drafts_and_unknown_ids(self) -> None:
        draft = self.saved()
        for path in (f"CarePlan/{draft.external_id}", f"Procedure/{draft.external_id}",
                     "Procedure/not-a-uuid"):
            response = self.get(path)
            assert response.status_code == 404, path
            assert response.json()["resourceType"] == "OperationOutcome"
        assert self.ids("CarePlan", patient=str(self.patient.external_id)) == []

    def test_it_searches_procedures_by_patient_and_date(self) -> None:
        patient = str(self.patient.external_id)
        mastectomy, axilla = str(self.mastectomy.external_id), str(self.axilla.external_id)
        table: list[tuple[dict[str, str], list[str]]] = [
            ({"patient": patient}, [mastectomy, axilla]),
            ({"subject": f"Patient/{patient}"}, [mastectomy, axilla]),
            ({"patient": patient, "date": "2025-07-15"}, [mastectomy]),
            ({"date": "ge2025-08"}, [axilla]),
            ({"date": "lt2025-07-15"}, []),
            ({"date": "2025"}, [mastectomy, axilla]),
            ({"_id": axilla}, [axilla]),
        ]
        for params, expected in table:
            assert self.ids("Procedure", **params) == expected, params
        assert self.get("Procedure", date="July").status_code == 400

    def test_it_pages_procedure_searches_and_audits_each_result(self) -> None:
        first = self.get("Procedure", patient=str(self.patient.external_id), _count=1).json()
        assert first["total"] == 2 and len(first["entry"]) == 1
        following = [link["url"] for link in first["link"] if link["relation"] == "next"]
        token = self.bearer(self.clinician)["HTTP_AUTHORIZATION"]
        second = self.client.get(following[0], HTTP_AUTHORIZATION=token).json()
        assert [e["resource"]["id"] for e in first["entry"] + second["entry"]] == [
            str(self.mastectomy.external_id), str(self.axilla.external_id)]
        assert not [link for link in second["link"] if link["relation"] == "next"]
        events = AuditEvent.objects.filter(object_type="procedure", action="search")
        assert sorted(e.object_id for e in events) == sorted(
            [str(self.mastectomy.external_id), str(self.axilla.external_id)])
        assert {(e.channel, e.patient_id) for e in events} == {
            ("fhir", str(self.patient.external_id))}

    def test_it_searches_care_plans_by_patient(self) -> None:
        rec = self.signed()
        assert self.ids("CarePlan", patient=str(self.patient.external_id)) == [
            str(rec.external_id)]
        assert self.ids("CarePlan") == [str(rec.external_id)]
        assert AuditEvent.objects.filter(object_type="careplan", action="search",
                                         object_id=str(rec.external_id)).count() == 2

    def test_it_refuses_another_sites_user(self) -> None:
        rec = self.signed()
        for path, params in ((f"Procedure/{self.mastectomy.external_id}", {}),
                             (f"CarePlan/{rec.external_id}", {}),
                             ("Procedure", {"patient": str(self.patient.external_id)}),
                             ("CarePlan", {"patient": str(self.patient.external_id)})):
            response = self.get(path, self.outsider, **params)
            assert response.status_code == 403, path
            assert response.json()["resourceType"] == "OperationOutcome"
        for kind in ("Procedure", "CarePlan"):
            assert self.get(kind, self.outsider).json()["total"] == 0

    def test_it_includes_them_in_everything(self) -> None:
        self.signed()
        body = self.get(f"Patient/{self.patient.external_id}/$everything").json()
        kinds = [e["resource"]["resourceType"] for e in body["entry"]]
        assert (kinds.count("Procedure"), kinds.count("CarePlan")) == (2, 1)

    def test_it_lists_read_and_search_in_the_capability_statement(self) -> None:
        statement = self.get("metadata").json()
        resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
        for kind, params in (("Procedure", {"patient", "subject", "date", "_id"}),
                             ("CarePlan", {"patient", "subject", "_id"})):
            entry = resources[kind]
            assert [i["code"] for i in entry["interaction"]] == ["read", "search-type"]
            assert {p["name"] for p in entry["searchParam"]} == params
        assert resources["Procedure"]["supportedProfile"] == [MCODE_SURGERY]


def test_it_never_exports_an_unsigned_recommendation() -> None:
    from tumorboard.fhir import careplan

    with pytest.raises(ValueError):
        careplan.to_fhir(Recommendation(version=1), revoked=False)


class CarePlanReimportTest(TreatmentTestCase):
    def test_it_reports_an_exported_care_plan_by_reason_when_imported_again(self) -> None:
        """Issue 13: import -> export -> import keeps the recommendation (it is not
        replaced or duplicated) and says in words that the CarePlan is already here."""
        from django.contrib.auth.models import AnonymousUser

        from tumorboard.fhir.importer import ImportContext, import_bundle
        from tumorboard.fhir.models import ReceivedCarePlan
        from tumorboard.fhir.plan import OWN_CAREPLAN

        rec = self.signed()
        bundle = export.patient_bundle(self.case.patient)
        result = import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))
        issues = [i for i in result.issues if i.reason == OWN_CAREPLAN]
        assert len(issues) == 1 and issues[0].severity == "information"
        assert not ReceivedCarePlan.objects.exists()  # not stored a second time
        assert list(Recommendation.objects.filter(case=self.case).values_list(
            "pk", "signed_at")) == [(rec.pk, rec.signed_at)]
        again = export.patient_bundle(self.case.patient)
        assert [e["resource"] for e in again["entry"]
                if e["resource"]["resourceType"] == "CarePlan"] == [
            e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"]
