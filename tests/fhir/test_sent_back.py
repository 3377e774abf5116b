"""Keep what the sender sent (issue 13): original codings, identifiers with their own
systems (and search by them), every name, telecom and structured address, the language
tag, each Observation's own date and pM "not applicable" come back in the export.

Expected values were read by hand from the mCODE STU4 examples and the Synthea shape."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase
from tests.fhir import synthea
from tests.fhir.helpers import JENNY, load, validate
from tumorboard.fhir import codes
from tumorboard.fhir.export import patient_resources
from tumorboard.fhir.importer import ImportContext, import_bundle
from tumorboard.patients.models import Patient

PATHOLOGIC = [f"Observation-tnm-pathologic-{k}-category-jenny-m.json"
              for k in ("primary-tumor", "regional-nodes", "distant-metastases")]


def _jenny_with_pathological_tnm() -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(JENNY.read_text())
    for name in PATHOLOGIC:
        resource = load(name)
        bundle["entry"].append({"fullUrl": f"http://example.org/fhir/Observation/"
                                           f"{resource['id']}", "resource": resource})
    return bundle


def _by_id_suffix(resources: list[dict[str, Any]], suffix: str) -> dict[str, Any]:
    return next(r for r in resources if r["id"].endswith(suffix))


class SentBackTest(BaseTestCase):
    def _import(self, bundle: dict[str, Any]) -> Patient:
        import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))
        return Patient.objects.exclude(pk=self.patient.pk).latest("id")

    def _export(self, patient: Patient) -> list[dict[str, Any]]:
        resources = patient_resources(patient)
        for resource in resources:
            validate(resource)
        return resources

    def test_it_exports_jenny_ms_own_codes_identifier_dates_and_pm_not_applicable(
            self) -> None:
        patient = self._import(_jenny_with_pathological_tnm())
        resources = self._export(patient)
        condition = next(r for r in resources if r["resourceType"] == "Condition")
        codes_sent = {(c["system"], c["code"]) for c in condition["code"]["coding"]}
        assert (codes.SNOMED, "353431000119107") in codes_sent  # not only 254837009
        histology = condition["extension"][0]["valueCodeableConcept"]["coding"]
        assert (codes.SNOMED, "82711006") in {(c["system"], c["code"]) for c in histology}
        person = resources[0]
        assert {"system": "http://hospital.example.org", "value": "MRN1234"} in [
            {k: i[k] for k in ("system", "value")} for i in person["identifier"]]
        observations = [r for r in resources if r["resourceType"] == "Observation"]
        assert _by_id_suffix(observations, "-ecog")["effectiveDateTime"] == "2018-04-12"
        assert _by_id_suffix(observations, "-tumor-size")["effectiveDateTime"] == "2018-04-01"
        assert _by_id_suffix(observations, "-clinical-t")["effectiveDateTime"] == "2018-03-16"
        assert _by_id_suffix(observations, "-pathological-t")["effectiveDateTime"] == \
            "2018-04-01"
        pm = _by_id_suffix(observations, "-pathological-m")["valueCodeableConcept"]["coding"]
        assert [(c["system"], c["code"]) for c in pm] == [(codes.DATA_ABSENT, "not-applicable")]

    def test_it_keeps_every_identifier_name_phone_and_address_of_a_synthea_patient(
            self) -> None:
        sent = synthea.patient("keep")
        patient = self._import(synthea.bundle("keep"))
        person = self._export(patient)[0]
        pairs = {(i.get("system"), i["value"]) for i in person["identifier"]}
        for identifier in sent["identifier"]:
            assert (identifier["system"], identifier["value"]) in pairs
        assert {"Botsford", "Turner"} <= {n["family"] for n in person["name"]}
        assert person["address"][0]["city"] == "Weston"
        assert person["address"][0]["line"] == ["734 Dietrich Ranch"]
        assert person["communication"][0]["language"]["coding"][0]["code"] == "en-US"

    def test_it_keeps_all_phones(self) -> None:
        bundle = synthea.bundle("phones")
        bundle["entry"][0]["resource"]["telecom"].append(
            {"system": "phone", "value": "555-000-1111", "use": "mobile"})
        person = self._export(self._import(bundle))[0]
        assert {"555-762-6456", "555-000-1111"} <= {t["value"] for t in person["telecom"]}

    def test_it_reads_chinese_and_keeps_other_languages_as_sent(self) -> None:
        for key, tag, preferred in (("zh", "zh", "zh-hans"), ("es", "es", "en")):
            bundle = synthea.bundle(key)
            bundle["entry"][0]["resource"]["communication"] = [
                {"language": {"coding": [{"system": codes.BCP47, "code": tag}]}}]
            patient = self._import(bundle)
            assert patient.preferred_language == preferred
            person = self._export(patient)[0]
            assert [c["language"]["coding"][0]["code"] for c in person["communication"]] == [tag]

    def test_it_finds_a_patient_by_the_senders_own_identifier(self) -> None:
        patient = self._import(json.loads(JENNY.read_text()))
        client = self.client_for(self.clinician)
        for query, found in (("http://hospital.example.org|MRN1234", 1), ("MRN1234", 1),
                             ("http://other.example.org|MRN1234", 0),
                             ("http://other.example.org|x,http://hospital.example.org|MRN1234",
                              1)):
            answer = client.get("/fhir/R4/Patient", {"identifier": query}).json()
            assert answer["total"] == found, query
            if found:
                assert answer["entry"][0]["resource"]["id"] == str(patient.external_id)

    def test_it_does_not_find_another_sites_patient_by_identifier(self) -> None:
        self._import(json.loads(JENNY.read_text()))
        answer = self.client_for(self.outsider).get(
            "/fhir/R4/Patient", {"identifier": "http://hospital.example.org|MRN1234"}).json()
        assert answer["total"] == 0
