"""The official mCODE STU4 examples shipped under fixtures/ (CC0, HL7): what imports, what
is refused, and that Jenny M's record exports again equivalently.

Expected values below were read by hand from the example JSON, not computed by our code."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase
from tests.fhir.helpers import JENNY, collection, load
from tumorboard.fhir import codes
from tumorboard.fhir.export import patient_bundle
from tumorboard.fhir.importer import ImportContext, import_bundle
from tumorboard.fhir.problems import FhirInputError
from tumorboard.patients.models import Case, Patient

JENNY_EXPECTED = {
    "mrn": "MRN1234", "family": "M", "given": "Jenny", "gender": "female",
    "birthDate": "1965-01-01", "topography": "C50.9", "morphology": "8500/3",
    "laterality": "left", "onset": "2018-03-16", "cT": "T3", "cN": "N0", "cM": "M0",
    "clinical_stage": "IIB", "ecog": 0, "tumour_size_mm": 25,
}


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _tnm(observations: list[dict[str, Any]], snomed: str) -> str:
    """The category in an mCODE TNM Observation, from AJCC or the SNOMED display."""
    for resource in observations:
        if resource["code"]["coding"][0]["code"] == snomed:
            coding = resource["valueCodeableConcept"]["coding"][0]
            text = coding.get("display") if coding["system"] == codes.SNOMED else coding["code"]
            match = codes.AJCC_DISPLAY_RE.search(text or "")
            value = match.group(1) if match else coding.get("display") or coding["code"]
            return value if snomed == "399537006" else value.lstrip("cp")
    return ""


def summary(bundle: dict[str, Any]) -> dict[str, Any]:
    """Equivalence: patient demographics, the cancer's site, histology, side and onset,
    clinical T/N/M and stage group, ECOG and tumour size are the same."""
    patient = _resources(bundle, "Patient")[0]
    condition = next(c for c in _resources(bundle, "Condition") if "mcode-primary-cancer"
                     in c["meta"]["profile"][0])
    observations = _resources(bundle, "Observation")
    ecog = next(o["valueInteger"] for o in observations if o["code"]["coding"][0]["code"]
                == codes.ECOG_LOINC)
    size = next(o["component"][0]["valueQuantity"] for o in observations
                if o["code"]["coding"][0]["code"] == codes.TUMOR_SIZE_LOINC)
    histology = condition["extension"][0]["valueCodeableConcept"]["coding"]
    morphology = next((c["code"] for c in histology if c["system"] == codes.ICDO3), None)
    morphology = morphology or codes.SNOMED_MORPHOLOGY[histology[0]["code"]]
    site = next((c["code"] for s in condition.get("bodySite", []) for c in s["coding"]
                 if c["system"] == codes.ICDO3), None)
    return {
        "mrn": patient["identifier"][0]["value"], "family": patient["name"][0]["family"],
        "given": patient["name"][0]["given"][0], "gender": patient["gender"],
        "birthDate": patient["birthDate"],
        "topography": site or codes.SNOMED_DISORDER_SITE[condition["code"]["coding"][0]
                                                         ["code"]][0],
        "morphology": morphology,
        "laterality": "left" if "left" in str(condition).lower() else "?",
        "onset": condition["onsetDateTime"][:10],
        "cT": _tnm(observations, "399504009"), "cN": _tnm(observations, "399534004"),
        "cM": _tnm(observations, "399387003"),
        "clinical_stage": codes.stage_from_ajcc(_tnm(observations, "399537006")),
        "ecog": ecog,
        "tumour_size_mm": int(size["value"] * (10 if size["code"] == "cm" else 1)),
    }


class McodeExampleTest(BaseTestCase):
    def _import(self, bundle: Any) -> Any:
        return import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))

    def test_it_imports_jenny_m_and_exports_her_equivalently(self) -> None:
        assert summary(load(JENNY.name)) == JENNY_EXPECTED
        result = self._import(JENNY.read_bytes())
        assert (result.patients, result.cases, result.resources) == (1, 1, 40)
        patient = Patient.objects.get(site=self.site, mrn="MRN1234")
        case = Case.objects.get(patient=patient)
        assert (case.pathway, case.clinical_stage, case.breast.tumour_size_mm) == (
            "breast", "IIB", 25)
        assert summary(patient_bundle(patient)) == JENNY_EXPECTED

    def test_it_reports_what_it_did_not_store_from_jenny_m(self) -> None:
        result = self._import(JENNY.read_bytes())
        dropped = [i for i in result.issues if i.diagnostics.startswith("not stored")]
        # 40 entries: Patient, the cancer Condition, 6 mapped Observations and the surgical
        # Procedure (an operation of the registry) are kept.
        assert len(dropped) == 40 - 9
        assert not [i for i in result.issues if i.severity in ("error", "warning")]

    def test_it_imports_john_anyperson_but_not_his_lung_cancer(self) -> None:
        bundle = collection(load("Patient-cancer-patient-john-anyperson.json"),
                            load("Condition-primary-cancer-condition-nsclc.json"),
                            load("Condition-secondary-cancer-condition-brain-mets.json"),
                            load("Observation-ecog-performance-status-fully-active.json"))
        # The brain-metastasis Condition refers to the NSCLC condition by extension only.
        result = self._import(bundle)
        assert (result.patients, result.cases) == (1, 0)
        patient = Patient.objects.get(site=self.site, mrn="m123")
        assert (patient.family_name, patient.given_name, str(patient.birth_date)) == (
            "Anyperson", "John B.", "1951-01-20")
        notes = {i.expression: i.diagnostics for i in result.issues}
        outside = "a cancer Condition outside tumorboard's pathways"
        assert outside in notes["Bundle.entry[1].resource"]
        assert outside in notes["Bundle.entry[2].resource"]

    def test_it_refuses_eve_anypersons_lobular_carcinoma_in_situ_naming_the_histology(
            self) -> None:
        bundle = collection(load("Patient-cancer-patient-eve-anyperson.json"),
                            load("Condition-primary-cancer-condition-breast.json"),
                            load("Observation-tumor-size-pathology.json"))
        with pytest.raises(FhirInputError) as refused:
            self._import(bundle)
        issue = refused.value.problems.errors[0]
        assert issue.expression == "Bundle.entry[1].resource.extension('histology')"
        assert not Patient.objects.filter(family_name="Anyperson").exists()
