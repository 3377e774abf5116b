"""Cancer records as EHRs send them (issue 13): the pathway and site come from the
Condition's code, histology is optional, withdrawn resources are skipped, everything not
stored is reported by reason, and mCODE Tumor BodyStructures are followed.

Each test was written against the defect first (it failed before the fix)."""

from __future__ import annotations

import copy
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from tests.base import BaseTestCase
from tests.fhir import synthea
from tests.fhir.helpers import JENNY, collection, load
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle
from tumorboard.patients.models import Case, Patient

OUTSIDE = "a cancer Condition outside tumorboard's pathways"


def _ecog(patient_id: str, value: int, status: str) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": synthea._id(f"ecog-{value}-{status}"),
            "status": status, "code": {"coding": [{"system": "http://loinc.org",
                                                   "code": "89247-1"}]},
            "subject": {"reference": f"urn:uuid:{patient_id}"},
            "effectiveDateTime": "2019-03-05", "valueInteger": value}


class EhrImportTest(BaseTestCase):
    def _import(self, bundle: dict[str, Any]) -> ImportResult:
        return import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))

    def _case(self, key: str) -> Case:
        person = synthea.patient(key)
        return Case.objects.get(patient__mrn=person["id"])

    def test_it_imports_a_breast_cancer_coded_as_ehrs_send_it_without_histology(self) -> None:
        result = self._import(synthea.bundle("b1", synthea.BREAST))
        assert (result.patients, result.cases) == (1, 1)
        case = self._case("b1")
        assert (case.pathway, case.primary_site_code, case.histology_code) == (
            "breast", "C50.9", "8000/3")
        assert str(case.diagnosis_date) == "2019-03-02"
        notes = [i.diagnostics for i in result.issues if "histology" in i.diagnostics]
        assert notes and "unknown" in notes[0]

    def test_it_imports_a_rectal_cancer_coded_in_icd10(self) -> None:
        bundle = synthea.bundle("r1", None)
        cancer = synthea.condition("r1", bundle["entry"][0]["resource"]["id"], ("C20", "x"))
        cancer["code"] = {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                      "code": "C20"}]}
        bundle["entry"].append(synthea._entry(cancer))
        self._import(bundle)
        case = self._case("r1")
        assert (case.pathway, case.primary_site_code) == ("rectum", "C20.9")

    def test_it_imports_the_synonyms_it_used_to_drop(self) -> None:
        for n, (code, pathway) in enumerate((("372064008", "breast"),
                                             ("93984006", "rectum"),
                                             ("353431000119107", "breast"))):
            self._import(synthea.bundle(f"s{n}", (code, "as the EHR names it")))
            assert self._case(f"s{n}").pathway == pathway

    def test_it_says_in_words_that_a_cancer_is_outside_the_pathways(self) -> None:
        colon = ("363406005", "Malignant neoplasm of colon (disorder)")
        result = self._import(synthea.bundle("c1", colon))
        assert (result.patients, result.cases) == (1, 0)
        outside = [i for i in result.issues if i.reason == OUTSIDE]
        assert len(outside) == 1 and outside[0].severity == "information"
        assert "colon" in outside[0].diagnostics
        sinusitis = [i for i in result.issues if "sinusitis" in i.diagnostics]
        assert sinusitis[0].reason == "not a cancer Condition"

    def test_it_skips_and_reports_an_entered_in_error_or_refuted_condition(self) -> None:
        for status in ("entered-in-error", "refuted"):
            key = f"e-{status}"
            bundle = synthea.bundle(key, None)
            person = bundle["entry"][0]["resource"]["id"]
            bundle["entry"].append(synthea._entry(
                synthea.condition(key, person, synthea.BREAST, status=status)))
            result = self._import(bundle)
            assert result.cases == 0
            assert status.replace("-", " ") in [i.reason for i in result.issues]
        assert not Case.objects.filter(patient__mrn__startswith="").exclude(
            pk=self.case.pk).exists()

    def test_it_never_stores_an_entered_in_error_ecog(self) -> None:
        person = synthea.patient("ecog")["id"]
        bundle = synthea.bundle("ecog", synthea.BREAST, extra=[
            _ecog(person, 1, "final"), _ecog(person, 4, "entered-in-error")])
        result = self._import(bundle)
        assert self._case("ecog").ecog == 1
        assert "entered in error" in [i.reason for i in result.issues]

    def test_it_follows_a_tumour_size_focus_on_an_mcode_tumor_body_structure(self) -> None:
        condition = load("Condition-primary-cancer-condition-breast.json")
        condition["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] = "82711006"
        bundle = collection(load("Patient-cancer-patient-eve-anyperson.json"), condition,
                            load("BodyStructure-tumor-lobular-carcinoma-left-breast.json"),
                            load("Observation-tumor-size-pathology.json"))
        result = self._import(bundle)
        assert result.cases == 1
        case = Case.objects.select_related("breast").get(patient__mrn="m456")
        assert case.breast.tumour_size_mm == 12  # 1.2 cm, read from the example
        assert not [i for i in result.issues if i.severity == "error"]

    def test_it_counts_what_it_did_not_store_by_reason_on_the_command_line(self) -> None:
        path = Path(tempfile.mkdtemp()) / "synthea.json"
        bundle = synthea.bundle("cli", ("363406005", "Malignant neoplasm of colon"), size=40)
        path.write_text(json.dumps(bundle))
        out = io.StringIO()
        call_command("import", "fhir", str(path), "--site", self.site.code, stdout=out)
        summary = json.loads(out.getvalue())
        reasons = summary["not_stored_by_reason"]
        assert reasons[OUTSIDE] == 1
        assert reasons["tumorboard keeps no Claim"] >= 1
        assert summary["not_stored"] == sum(reasons.values()) == 40 - 1  # all but the Patient
        assert Patient.objects.filter(family_name="Botsford").count() == 1

    def test_it_still_imports_jenny_m_unchanged(self) -> None:
        result = self._import(copy.deepcopy(json.loads(JENNY.read_text())))
        assert (result.patients, result.cases) == (1, 1)
        assert Case.objects.get(patient__mrn="MRN1234").histology_code == "8500/3"
