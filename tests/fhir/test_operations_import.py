"""Operations in (issue 13): Procedures for the five pathways become registry operations
through the outcomes services, a second import updates instead of duplicating, and the
case status sent in tumorboard's extension round-trips along the allowed transitions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase
from tests.fhir import synthea
from tests.fhir.cases import case_values
from tests.fhir.helpers import JENNY
from tumorboard.fhir import codes, operations
from tumorboard.fhir.export import patient_resources
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle
from tumorboard.fhir.models import ProcedureMatch
from tumorboard.outcomes import services as outcomes
from tumorboard.outcomes.models import Operation
from tumorboard.patients import services as patients
from tumorboard.patients.models import Case, CaseStatusChange


def _procedure(key: str, patient_id: str, snomed: tuple[str, str],
               performed: str = "2019-04-10") -> dict[str, Any]:
    return {"resourceType": "Procedure", "id": synthea._id(f"proc-{key}"),
            "status": "completed",
            "code": {"coding": [{"system": codes.SNOMED, "code": snomed[0],
                                 "display": snomed[1]}]},
            "subject": {"reference": f"urn:uuid:{patient_id}"},
            "performedPeriod": {"start": f"{performed}T09:00:00+00:00",
                                "end": f"{performed}T11:00:00+00:00"}}


class OperationsImportTest(BaseTestCase):
    def _import(self, bundle: dict[str, Any], user: Any = None) -> ImportResult:
        context = ImportContext(user or AnonymousUser(), self.site, None)
        return import_bundle(bundle, context)

    def test_it_records_jenny_ms_excision_of_part_of_breast_once(self) -> None:
        for attempt in ("201 Created", "200 OK"):
            result = self._import(json.loads(JENNY.read_text()))
            assert result.locations[9][0] == attempt
        operation = Operation.objects.get(case__patient__mrn="MRN1234")
        # From the example: 64368001, performed 2018-04-01, intent 373808002 (curative).
        assert (operation.procedure, operation.date, operation.intent) == (
            "BCS", dt.date(2018, 4, 1), "curative")
        assert ProcedureMatch.objects.get().key == "cancer-related-surgical-procedure-jenny-m"
        reasons = {i.expression: i.reason for i in result.issues}
        assert reasons["Bundle.entry[29].resource"] == operations.NO_CODE  # mammogram

    def test_it_records_a_synthea_sentinel_node_biopsy_on_the_breast_case(self) -> None:
        person = synthea.patient("slnb")["id"]
        slnb = _procedure("slnb", person, ("396487001", "Sentinel lymph node biopsy "
                                                        "(procedure)"))
        note = _procedure("doc", person, ("428191000124101", "Documentation of current "
                                                             "medications"))
        result = self._import(synthea.bundle("slnb", extra=[slnb, note]))
        operation = Operation.objects.get(case__patient__mrn=person)
        assert (operation.procedure, operation.date) == ("SLNB", dt.date(2019, 4, 10))
        assert operations.NO_CODE in [i.reason for i in result.issues]

    def test_it_updates_the_operation_it_exported_instead_of_adding_one(self) -> None:
        values, details = case_values("rectum")
        case = patients.do_create_case(self.coordinator, self.patient, values, details=details)
        outcomes.do_record_operation(self.coordinator, case, {
            "date": dt.date(2025, 6, 1), "procedure": "LAR", "intent": "curative",
            "margin": "R0"})
        resources = patient_resources(self.patient)
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}
        procedure = next(r for r in resources if r["resourceType"] == "Procedure")
        margin = next(e for e in procedure["extension"]
                      if e["url"] == codes.EXT_RESECTION_MARGIN)
        margin["valueCode"] = "R1"
        self._import(bundle, self.coordinator)
        operation = Operation.objects.get(case=case)
        assert (operation.procedure, operation.margin) == ("LAR", "R1")

    def test_it_moves_the_case_to_the_status_it_was_sent_with(self) -> None:
        bundle = synthea.bundle("status")
        condition = bundle["entry"][2]["resource"]
        condition["extension"] = [{"url": codes.EXT_CASE_STATUS, "valueCode": "discussed"}]
        self._import(bundle)
        case = Case.objects.get(patient__mrn=synthea.patient("status")["id"])
        assert case.status == "discussed"
        moves = list(CaseStatusChange.objects.filter(case=case).order_by("id")
                     .values_list("to_status", flat=True))
        assert moves[-2:] == ["work_up", "discussed"]

    def test_it_finds_the_shortest_allowed_chain_of_status_moves(self) -> None:
        assert operations.status_path("referred", "in_treatment") == [
            "work_up", "discussed", "in_treatment"]
        assert operations.status_path("closed", "referred") == []
        assert operations.status_path("work_up", "work_up") == []
