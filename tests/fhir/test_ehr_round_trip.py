"""Import -> export -> import into an empty site (issue 13): what an EHR sent comes back
unchanged the second time round — identifiers, codes, dates, operations and case status.

The second import goes to a site that holds nothing yet (our MRN system names the site,
so the export's `urn:tumorboard:site:EAST:mrn` is re-addressed to the new site): every
record is created afresh there, as in a fresh database."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase
from tests.fhir import synthea
from tests.fhir.helpers import JENNY, load
from tumorboard.fhir import codes
from tumorboard.fhir.export import read_ndjson, write_ndjson
from tumorboard.fhir.importer import ImportContext, import_bundle
from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.network.models import Site
from tumorboard.patients import services as patients
from tumorboard.patients.models import Case, Patient

PATHOLOGIC = [f"Observation-tnm-pathologic-{k}-category-jenny-m.json"
              for k in ("primary-tumor", "regional-nodes", "distant-metastases")]


def _export(patient: Patient) -> list[dict[str, Any]]:
    out = Path(tempfile.mkdtemp())
    write_ndjson(Patient.objects.filter(pk=patient.pk), out)
    return read_ndjson(sorted(out.glob("*.ndjson")))


def _summary(resources: list[dict[str, Any]], site: str) -> dict[str, Any]:
    """What must survive: everything but tumorboard's own ids and version stamps."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    person, condition = by_type["Patient"][0], by_type["Condition"][0]
    ours = codes.mrn_system(site)
    return {
        "identifiers": sorted((i.get("system", "").replace(ours, "OURS"), i["value"])
                              for i in person["identifier"]),
        "names": sorted((n.get("family", ""), tuple(n.get("given", [])))
                        for n in person["name"]),
        "birth": person["birthDate"],
        "condition": sorted((c["system"], c["code"]) for c in condition["code"]["coding"]),
        "onset": condition["onsetDateTime"],
        "status": next(e["valueCode"] for e in condition["extension"]
                       if e["url"] == codes.EXT_CASE_STATUS),
        "observations": sorted(
            (r["id"][37:], r["effectiveDateTime"],
             json.dumps(r.get("valueCodeableConcept") or r.get("valueInteger")
                        or r.get("component"), sort_keys=True))
            for r in by_type.get("Observation", [])),
        "procedures": sorted(
            (tuple(sorted(c["code"] for c in r["code"]["coding"])), r["performedDateTime"],
             json.dumps([e for e in r["extension"] if e["url"] != codes.EXT_CCI],
                        sort_keys=True))
            for r in by_type.get("Procedure", [])),
        # CarePlans: received plans come back as sent, under the sender's identifier.
        "careplans": sorted(
            (json.dumps(r.get("identifier"), sort_keys=True), r["status"], r["intent"],
             r.get("title", ""), json.dumps(r.get("activity"), sort_keys=True))
            for r in by_type.get("CarePlan", [])),
    }


class EhrRoundTripTest(BaseTestCase):
    def _import(self, bundle: dict[str, Any], site: Site) -> Patient:
        import_bundle(bundle, ImportContext(AnonymousUser(), site, None))
        return Patient.objects.filter(site=site).latest("id")

    def _again(self, first: list[dict[str, Any]], site: Site) -> list[dict[str, Any]]:
        text = json.dumps(first).replace(codes.mrn_system("EAST"), codes.mrn_system(site.code))
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in json.loads(text)]}
        return _export(self._import(bundle, site))

    def test_it_keeps_jenny_ms_record_through_export_and_reimport(self) -> None:
        bundle: dict[str, Any] = json.loads(JENNY.read_text())
        bundle["entry"] += [{"fullUrl": f"http://example.org/fhir/Observation/{n}",
                             "resource": load(n)} for n in PATHOLOGIC]
        patient = self._import(bundle, self.site)
        case = Case.objects.get(patient=patient)
        for step in ("work_up", "discussed", "in_treatment"):
            patients.do_change_case_status(self.coordinator, case, step)
        first = _export(patient)
        north = Site.objects.create(code="NORTH", name="North")
        second = self._again(first, north)
        assert _summary(second, "NORTH") == _summary(first, "EAST")
        expected = _summary(first, "EAST")
        assert ("http://hospital.example.org", "MRN1234") in expected["identifiers"]
        assert (codes.SNOMED, "353431000119107") in expected["condition"]
        assert expected["status"] == "in_treatment"
        assert expected["procedures"][0][1] == "2018-04-01"

    def test_it_keeps_a_synthea_record_through_export_and_reimport(self) -> None:
        person = synthea.patient("rt")["id"]
        plan = {"resourceType": "CarePlan", "id": synthea._id("rt-plan"),
                "status": "active", "intent": "plan", "title": "Oncology plan",
                "subject": {"reference": f"urn:uuid:{person}"},
                "activity": [{"detail": {"code": {"text": "Letrozole"},
                                         "status": "in-progress"}}]}
        amputation = {"resourceType": "Procedure", "id": synthea._id("rt-proc"),
                      "status": "completed", "code": {"coding": [
                          {"system": codes.SNOMED, "code": "396487001",
                           "display": "Sentinel lymph node biopsy (procedure)"}]},
                      "subject": {"reference": f"urn:uuid:{person}"},
                      "performedDateTime": "2019-04-02"}
        first = _export(self._import(synthea.bundle("rt", extra=[amputation, plan]),
                                     self.site))
        south = Site.objects.create(code="SOUTH", name="South")
        second = self._again(first, south)
        assert _summary(second, "SOUTH") == _summary(first, "EAST")
        assert len(_summary(first, "EAST")["identifiers"]) == 5  # 4 sent + our MRN
        assert len(_summary(first, "EAST")["careplans"]) == 1
        # A third time round into the second site: the plan is matched, not duplicated.
        self._again(second, south)
        assert ReceivedCarePlan.objects.filter(case__site=south).count() == 1
