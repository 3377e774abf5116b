"""The SNOMED CT procedure map (issue 13): the function-preserving operations of the breast
and rectal pathways, coded as EHRs send them, become the registry's procedures; every row
of the data file cites a source; the export writes the same SNOMED coding back.

Written against the map first: mastectomy types, ALND by its usual concept, LAR, ISR,
Hartmann, local excision and a delayed implant reconstruction were not imported."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase
from tests.fhir import synthea
from tests.fhir.test_operations_import import _procedure
from tumorboard.fhir import codes, operations, procedure
from tumorboard.fhir.importer import ImportContext, import_bundle
from tumorboard.outcomes.models import Operation
from tumorboard.outcomes.vocabulary import PROCEDURES

MAP = [
    ("breast", "428564008", "SSM"), ("breast", "1380209001", "NSM"),
    ("breast", "406505007", "MRM"), ("breast", "79544006", "ALND"),
    ("breast", "302343007", "DELAYED_RECON"), ("rectum", "4558008", "LAR"),
    ("rectum", "174240003", "ISR"), ("rectum", "16564004", "HARTMANN"),
    ("rectum", "314610005", "LOCAL_EXCISION"), ("rectum", "265414003", "APR"),
]


def _coded(snomed: str) -> dict[str, Any]:
    return {"code": {"coding": [{"system": codes.SNOMED, "code": snomed}]}}


@pytest.mark.parametrize(("pathway", "snomed", "procedure"), MAP)
def test_it_maps_each_snomed_concept_to_the_registry_procedure(
        pathway: str, snomed: str, procedure: str) -> None:
    assert operations.registry_code(_coded(snomed), pathway) == procedure


def test_it_names_a_source_for_every_row_and_only_registry_procedures() -> None:
    data = json.loads(operations.DATA.read_text())
    for row in data["snomed"]:
        assert row["sources"] and all(s in data["sources"] for s in row["sources"]), row
        for pathway, code in row["procedures"].items():
            assert code in PROCEDURES[pathway], row
    assert len({row["code"] for row in data["snomed"]}) == len(data["snomed"])


class ProcedureMapImportTest(BaseTestCase):
    def _operation(self, key: str, cancer: tuple[str, str], snomed: str) -> Operation:
        person = synthea.patient(key)["id"]
        bundle = synthea.bundle(key, cancer, extra=[_procedure(key, person, (snomed, "sent"))])
        import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))
        return Operation.objects.get(case__patient__mrn=person)

    def test_it_records_an_inserted_breast_prosthesis_as_a_delayed_implant_reconstruction(
            self) -> None:
        operation = self._operation("implant", synthea.BREAST, "302343007")
        assert (operation.procedure, operation.reconstruction,
                operation.reconstruction_type) == ("DELAYED_RECON", "delayed", "implant")

    def test_it_records_a_coloanal_proctectomy_as_isr_and_exports_the_concept(self) -> None:
        operation = self._operation("isr", synthea.RECTUM, "174240003")
        assert (operation.procedure, operation.date) == ("ISR", dt.date(2019, 4, 10))
        coding = procedure.to_fhir(operation)["code"]["coding"]
        assert {"system": codes.SNOMED, "code": "174240003",
                "display": "Proctectomy and anastomosis of colon to anus (procedure)"} in coding
