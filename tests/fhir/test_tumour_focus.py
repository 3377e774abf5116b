"""mCODE Tumor BodyStructures (issue 13): a TumorSize whose focus is a Tumor is imported
onto the case of the Condition the Tumor belongs to (named by its related-condition
extension, else found by patient and location, else the patient's only cancer Condition),
and the export points TumorSize.focus at an exported Tumor, as mCODE STU4 requires.

Written against the defect first: a Tumor without the extension was not followed, and the
export pointed TumorSize.focus at the Condition."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase, make_case
from tests.fhir.helpers import collection, load, validate
from tumorboard.fhir import tumour
from tumorboard.fhir.export import patient_bundle
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle
from tumorboard.patients.models import Case

NO_TUMOUR_CONDITION = ("its tumour BodyStructure names no Condition and the patient has no "
                       "single cancer Condition it could be")


def _eve(body: dict[str, Any], *more: dict[str, Any]) -> dict[str, Any]:
    condition = load("Condition-primary-cancer-condition-breast.json")
    condition["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] = "82711006"
    return collection(load("Patient-cancer-patient-eve-anyperson.json"), condition, *more,
                      body, load("Observation-tumor-size-pathology.json"))


def _unlinked() -> dict[str, Any]:
    body = load("BodyStructure-tumor-lobular-carcinoma-left-breast.json")
    del body["extension"]  # mCODE Tumor's related-condition extension is optional (0..1)
    return body


class TumourFocusImportTest(BaseTestCase):
    def _import(self, bundle: dict[str, Any]) -> ImportResult:
        return import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))

    def test_it_finds_the_case_of_a_tumour_without_the_related_condition_extension(
            self) -> None:
        result = self._import(_eve(_unlinked()))
        case = Case.objects.select_related("breast").get(patient__mrn="m456")
        assert case.breast.tumour_size_mm == 12
        assert not [i for i in result.issues if i.severity == "error"]

    def test_it_picks_the_condition_at_the_tumours_location_among_several(self) -> None:
        other = load("Condition-primary-cancer-condition-breast.json")
        other["id"] = "right-breast"
        other["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] = "82711006"
        other["bodySite"] = [{"coding": [{"system": "http://snomed.info/sct",
                                          "code": "73056007"}]}]  # right breast
        self._import(_eve(_unlinked(), other))
        sizes = dict(Case.objects.filter(patient__mrn="m456").values_list(
            "laterality", "breast__tumour_size_mm"))
        assert sizes.get("left") == 12 and 12 not in [v for k, v in sizes.items()
                                                      if k != "left"]

    def test_it_reports_a_tumour_it_cannot_place(self) -> None:
        other = load("Condition-primary-cancer-condition-breast.json")
        other["id"] = "second"
        other["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] = "82711006"
        body = _unlinked()
        del body["location"]
        result = self._import(_eve(body, other))
        assert NO_TUMOUR_CONDITION in [i.reason for i in result.issues]
        assert not Case.objects.filter(patient__mrn="m456",
                                       breast__tumour_size_mm__isnull=False).exists()


class TumourFocusExportTest(BaseTestCase):
    def test_it_points_tumour_size_at_an_exported_mcode_tumor(self) -> None:
        case = make_case(self.coordinator, self.patient, details={"tumour_size_mm": 23})
        resources = {f"{r['resourceType']}/{r['id']}": r for r in
                     (e["resource"] for e in patient_bundle(self.patient)["entry"])}
        size = resources[f"Observation/{case.external_id}-tumor-size"]
        focus = size["focus"][0]["reference"]
        assert focus == f"BodyStructure/{tumour.tumour_id(case)}" and focus in resources
        body = resources[focus]
        validate(body)
        assert body["meta"]["profile"] == [tumour.PROFILE]
        assert body["extension"][0]["valueReference"]["reference"] == (
            f"Condition/{case.external_id}")
        assert not [k for k in resources if k.startswith("BodyStructure/") and
                    k != focus]  # only measured cases get a Tumor

    def test_it_round_trips_the_tumour_size_through_the_tumor(self) -> None:
        case = make_case(self.coordinator, self.patient, details={"tumour_size_mm": 23})
        bundle = copy.deepcopy(patient_bundle(self.patient))
        for entry in bundle["entry"]:
            if entry["resource"]["resourceType"] == "Patient":
                entry["resource"]["identifier"][0]["value"] = "MOVED1"
        result = import_bundle(bundle, ImportContext(AnonymousUser(), self.other_site, None))
        assert not [i for i in result.issues if i.severity == "error"]
        moved = Case.objects.select_related("breast").get(patient__mrn="MOVED1",
                                                          breast__tumour_size_mm=23)
        assert moved.pk != case.pk


class TumourRestTest(BaseTestCase):
    def _get(self, path: str, user: Any = None, **params: Any) -> Any:
        return self.client.get(f"/fhir/R4/{path}", params,
                               **self.bearer(user or self.clinician))

    def test_it_reads_and_searches_the_tumour_a_tumour_size_points_at(self) -> None:
        case = make_case(self.coordinator, self.patient, details={"tumour_size_mm": 23})
        size = self._get(f"Observation/{case.external_id}-tumor-size").json()
        body = self._get(size["focus"][0]["reference"])
        assert body.status_code == 200 and body["ETag"]
        validate(body.json())
        found = self._get("BodyStructure", patient=str(self.patient.external_id)).json()
        assert (found["total"], found["entry"][0]["resource"]["id"]) == (
            1, tumour.tumour_id(case))  # the base case has no size: no Tumor
        assert self._get(f"BodyStructure/{tumour.tumour_id(self.case)}").status_code == 404
        kinds = [r["type"] for r in self._get("metadata").json()["rest"][0]["resource"]]
        assert "BodyStructure" in kinds

    def test_it_refuses_another_sites_tumour(self) -> None:
        case = make_case(self.coordinator, self.patient, details={"tumour_size_mm": 23})
        read = self._get(f"BodyStructure/{tumour.tumour_id(case)}", self.outsider)
        search = self._get("BodyStructure", self.outsider,
                           patient=str(self.patient.external_id))
        assert (read.status_code, search.status_code) == (403, 403)
        assert self._get("BodyStructure", self.outsider).json()["total"] == 0
