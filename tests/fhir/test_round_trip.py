"""tumorboard -> FHIR -> tumorboard for a case of every pathway; every export validates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase, make_patient
from tests.fhir.cases import PATHWAY_CASES, case_values
from tests.fhir.helpers import validate
from tumorboard.fhir import codes
from tumorboard.fhir.export import patient_bundle
from tumorboard.fhir.importer import ImportContext, import_bundle
from tumorboard.patients import services
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

CASE_FIELDS = ("pathway", "primary_site_code", "histology_code", "laterality",
               "diagnosis_date", "ecog", "clinical_t", "clinical_n", "clinical_m",
               "clinical_stage", "pathological_t", "pathological_n", "pathological_m",
               "pathological_stage")
PATIENT_FIELDS = ("family_name", "given_name", "sex", "birth_date", "phone", "email",
                  "address", "preferred_language", "research_consent", "date_of_death")


def _moved_to(bundle: dict[str, Any], site_code: str) -> dict[str, Any]:
    """The same bundle with the patient's MRN identifier at another site."""
    copy = json.loads(json.dumps(bundle))
    copy["entry"][0]["resource"]["identifier"][0]["system"] = codes.mrn_system(site_code)
    return copy


class RoundTripTest(BaseTestCase):
    def _case(self, pathway: str) -> Case:
        patient = make_patient(self.coordinator, self.site, mrn=f"RT-{pathway}",
                               family_name="Li", given_name="Na", phone="+86 10 5555",
                               email="li.na@example.org", address="1 River Rd, Wuhan",
                               preferred_language="zh-hans", research_consent=True)
        values, details = case_values(pathway)
        return services.do_create_case(self.coordinator, patient, values, details=details)

    def test_it_round_trips_a_case_of_every_pathway(self) -> None:
        for pathway in PATHWAY_CASES:
            with self.subTest(pathway=pathway):
                original = self._case(pathway)
                bundle = patient_bundle(original.patient)
                result = import_bundle(_moved_to(bundle, "WEST"),
                                       ImportContext(AnonymousUser(), self.other_site, None))
                assert result.patients == 1 and result.cases == 1
                assert not [i for i in result.issues if i.severity != "information"]
                copy = Case.objects.get(site=self.other_site, patient__mrn=f"RT-{pathway}")
                for field in CASE_FIELDS:
                    assert getattr(copy, field) == getattr(original, field), field
                for field in PATIENT_FIELDS:
                    assert getattr(copy.patient, field) == getattr(original.patient, field)
                accessor = DETAIL_ACCESSORS[pathway]
                for field, value in PATHWAY_CASES[pathway][1].items():
                    assert getattr(getattr(copy, accessor), field) == value, field

    def test_it_exports_only_resources_that_validate_with_fhir_resources(self) -> None:
        for pathway in PATHWAY_CASES:
            bundle = patient_bundle(self._case(pathway).patient)
            validate(bundle)
            kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
            # a measured tumour (breast, sarcoma) is exported as the mCODE Tumor its
            # TumorSize is about
            measured = pathway in ("breast", "sarcoma")
            assert kinds == {"Patient", "Condition", "Observation"} | (
                {"BodyStructure"} if measured else set())
            for entry in bundle["entry"]:
                validate(entry["resource"])
                assert len(entry["resource"]["id"]) <= 64

    def test_it_updates_rather_than_duplicates_when_the_same_bundle_comes_twice(self) -> None:
        bundle = _moved_to(patient_bundle(self._case("rectum").patient), "WEST")
        context = ImportContext(AnonymousUser(), self.other_site, None)
        first = import_bundle(bundle, context)
        second = import_bundle(bundle, context)
        assert Patient.objects.filter(site=self.other_site, mrn="RT-rectum").count() == 1
        assert Case.objects.filter(site=self.other_site).count() == 1
        assert "201 Created" in {s for s, _ in first.locations.values()}
        assert {s for s, _ in second.locations.values()} == {"200 OK"}


@pytest.mark.parametrize(("stage", "code"), [("IIIC", "3C"), ("IIB", "2B"), ("0", "0"),
                                             ("IV", "4"), ("IA", "1A"), ("IVB", "4B")])
def test_it_writes_ajcc_stage_codes_and_reads_them_back(stage: str, code: str) -> None:
    assert codes.stage_to_ajcc(stage) == code
    assert codes.stage_from_ajcc(code) == stage


@pytest.mark.parametrize(("topography", "morphology", "icd10"), [
    ("C50.4", "8500/3", "C50.4"), ("C20.9", "8140/3", "C20"), ("C44.5", "8743/3", "C43.5"),
    ("C49.2", "8850/3", "C49.2"), ("C44.5", "8070/3", "C44.5")])
def test_it_maps_icdo3_sites_to_icd10_and_back(topography: str, morphology: str,
                                               icd10: str) -> None:
    assert codes.icd10_for(topography, morphology) == icd10
    assert codes.topography_from_icd10(icd10) == topography
