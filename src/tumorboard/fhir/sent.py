"""Keep what the sender sent: elements tumorboard's own fields cannot hold (every
identifier with its system, every name, telecom and structured address, the language tag,
the Condition's original codings, each Observation's own date, values sent as absent) are
stored beside the record (fhir.models) and merged back into the export."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tumorboard.fhir import codes
from tumorboard.fhir.models import SentCase, SentIdentifier, SentPatient
from tumorboard.patients.models import Case, Patient

PATIENT_ELEMENTS = {"identifier": "identifiers", "name": "names", "telecom": "telecom",
                    "address": "addresses"}


# ---- import: what to keep --------------------------------------------------------------

def patient_elements(resource: dict[str, Any]) -> dict[str, Any]:
    kept = {field: list(resource.get(element) or [])
            for element, field in PATIENT_ELEMENTS.items()}
    kept["languages"] = [str(c.get("code")) for comm in resource.get("communication", [])
                         for c in comm.get("language", {}).get("coding", []) if c.get("code")]
    return kept


def condition_elements(resource: dict[str, Any]) -> dict[str, Any]:
    histology: dict[str, Any] = next(
        (e.get("valueCodeableConcept", {}) for e in resource.get("extension", [])
         if e.get("url") == codes.EXT_HISTOLOGY), {})
    return {"code": resource.get("code") or {}, "body_site": resource.get("bodySite") or [],
            "histology": histology, "dates": {}, "absent": {}}


def observation_date(resource: dict[str, Any]) -> str:
    """The Observation's own date (YYYY-MM-DD), '' when it gives none."""
    value = resource.get("effectiveDateTime") or (resource.get("effectivePeriod") or {}).get(
        "start") or resource.get("effectiveInstant") or ""
    return str(value)[:10]


def absent_code(resource: dict[str, Any]) -> str:
    """The data-absent-reason code of a TNM value sent as absent (e.g. 'not-applicable')."""
    for coding in (resource.get("valueCodeableConcept") or {}).get("coding", []):
        if coding.get("system") == codes.DATA_ABSENT:
            return str(coding.get("code", ""))
    return ""


def save(patients: dict[str, dict[str, Any]], cases: dict[str, dict[str, Any]]) -> None:
    """Replace what was kept for these patients and cases (external id -> elements)."""
    patient_pks = dict(Patient.objects.filter(external_id__in=list(patients))
                       .values_list("external_id", "pk"))
    by_pk = {patient_pks[_key(k)]: v for k, v in patients.items() if _key(k) in patient_pks}
    SentPatient.objects.filter(patient_id__in=list(by_pk)).delete()
    SentIdentifier.objects.filter(patient_id__in=list(by_pk)).delete()
    SentPatient.objects.bulk_create([SentPatient(patient_id=pk, **values)
                                     for pk, values in by_pk.items()])
    SentIdentifier.objects.bulk_create([
        SentIdentifier(patient_id=pk, system=str(i.get("system", ""))[:300],
                       value=str(i["value"])[:200])
        for pk, values in by_pk.items() for i in values["identifiers"] if i.get("value")])
    case_pks = dict(Case.objects.filter(external_id__in=list(cases))
                    .values_list("external_id", "pk"))
    by_case = {case_pks[_key(k)]: v for k, v in cases.items() if _key(k) in case_pks}
    SentCase.objects.filter(case_id__in=list(by_case)).delete()
    SentCase.objects.bulk_create([SentCase(case_id=pk, **values)
                                  for pk, values in by_case.items()])


def _key(external_id: str) -> uuid.UUID:
    return uuid.UUID(external_id)


# ---- export: merge back ----------------------------------------------------------------

def kept(record: Patient | Case) -> Any:
    try:
        return record.fhir_sent  # type: ignore[union-attr]
    except (SentPatient.DoesNotExist, SentCase.DoesNotExist):
        return None


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _union(ours: list[dict[str, Any]], theirs: list[dict[str, Any]],
           key: Any = None) -> list[dict[str, Any]]:
    out = list(ours)
    for item in theirs:
        if not any((key(item) == key(o)) if key else _same(item, o) for o in out):
            out.append(item)
    return out


def _identifier_key(identifier: dict[str, Any]) -> tuple[str, str]:
    return str(identifier.get("system", "")), str(identifier.get("value", ""))


def _name_key(name: dict[str, Any]) -> tuple[str, str]:
    return str(name.get("family", "")), " ".join(name.get("given", []))


def merge_patient(resource: dict[str, Any], patient: Patient) -> dict[str, Any]:
    sent = kept(patient)
    if sent is None:
        return resource
    resource["identifier"] = _union(resource["identifier"], sent.identifiers, _identifier_key)
    resource["name"] = _union(resource["name"], sent.names, _name_key)
    telecom = _union(resource.get("telecom", []), sent.telecom,
                     lambda t: (t.get("system"), t.get("value")))
    if telecom:
        resource["telecom"] = telecom
    if sent.addresses:
        resource["address"] = sent.addresses + [a for a in resource.get("address", [])
                                                if a.get("text") != _joined(sent.addresses)]
    from tumorboard.fhir.patient import language_of

    if sent.languages and language_of(sent.languages) == patient.preferred_language:
        resource["communication"] = [{"language": {"coding": [{"system": codes.BCP47,
                                                               "code": tag}]}}
                                     for tag in sent.languages]  # as sent: es, en-US, zh ...
    return resource


def _joined(addresses: list[dict[str, Any]]) -> str:
    from tumorboard.fhir.patient import address_text

    return address_text(addresses)


def merge_condition(resource: dict[str, Any], case: Case) -> dict[str, Any]:
    sent = kept(case)
    if sent is None:
        return resource
    resource["code"]["coding"] = _union(resource["code"]["coding"],
                                        sent.code.get("coding", []), _coding_key)
    if sent.body_site:
        resource["bodySite"][0]["coding"] = _union(
            resource["bodySite"][0]["coding"],
            [c for site in sent.body_site for c in site.get("coding", [])], _coding_key)
    histology = resource["extension"][0]["valueCodeableConcept"]
    histology["coding"] = _union(histology["coding"], sent.histology.get("coding", []),
                                 _coding_key)
    return resource


def _coding_key(coding: dict[str, Any]) -> tuple[str, str]:
    return str(coding.get("system", "")), str(coding.get("code", ""))


def merge_observations(resources: list[dict[str, Any]], case: Case) -> list[dict[str, Any]]:
    sent = kept(case)
    if sent is None:
        return resources
    prefix = len(f"{case.external_id}-")
    for resource in resources:
        kind = resource["id"][prefix:]  # the id's suffix, as observation_id writes it
        if sent.dates.get(kind):
            resource["effectiveDateTime"] = sent.dates[kind]
        if sent.absent.get(kind):
            resource["valueCodeableConcept"] = {"coding": [{
                "system": codes.DATA_ABSENT, "code": sent.absent[kind],
                "display": sent.absent[kind].replace("-", " ").capitalize()}]}
    return resources
