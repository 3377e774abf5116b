"""Synthea-shaped R4 transaction Bundles, built in the tests (no network).

The shape follows the Synthea R4 bundles of smart-on-fhir/generated-sample-data
(R4/SYNTHEA/*.json, synthea-5-2019): `urn:uuid:` fullUrls, POST requests, a Patient with
the Synthea, MR (http://hospital.smarthealthit.org), SS, DL and passport identifiers,
official and maiden names, a structured address with a geolocation extension and
`en-US` communication, then Organization, Practitioner, Encounters, Claims,
ExplanationOfBenefits, Conditions, vital-sign Observations, Immunizations and Procedures
with a `synthea-5-2019` meta tag. Only the cancer Condition (and what refers to it) is
for tumorboard; everything else is reported "not stored".
"""

from __future__ import annotations

import uuid
from typing import Any

TAG = {"tag": [{"system": "https://smarthealthit.org/tags", "code": "synthea-5-2019"}]}
SNOMED = "http://snomed.info/sct"
V2 = "http://terminology.hl7.org/CodeSystem/v2-0203"
BREAST = ("254837009", "Malignant neoplasm of breast (disorder)")
RECTUM = ("363351006", "Malignant neoplasm of rectum (disorder)")


def _id(seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    resource["meta"] = TAG
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource,
            "request": {"method": "POST", "url": resource["resourceType"]}}


def _identifier(kind: str, display: str, system: str, value: str) -> dict[str, Any]:
    return {"type": {"coding": [{"system": V2, "code": kind, "display": display}],
                     "text": display}, "system": system, "value": value}


def patient(key: str, family: str = "Botsford", given: str = "Elidia") -> dict[str, Any]:
    pid = _id(f"patient-{key}")
    return {
        "resourceType": "Patient", "id": pid,
        "extension": [{"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
                       "valueCode": "F"}],
        "identifier": [
            {"system": "https://github.com/synthetichealth/synthea", "value": pid},
            _identifier("MR", "Medical Record Number", "http://hospital.smarthealthit.org", pid),
            _identifier("SS", "Social Security Number", "http://hl7.org/fhir/sid/us-ssn",
                        "999-72-2168"),
            _identifier("DL", "Driver's License", "urn:oid:2.16.840.1.113883.4.3.25",
                        "S99974730"),
        ],
        "name": [{"use": "official", "family": family, "given": [given], "prefix": ["Mrs."]},
                 {"use": "maiden", "family": "Turner", "given": [given], "prefix": ["Mrs."]}],
        "telecom": [{"system": "phone", "value": "555-762-6456", "use": "home"}],
        "gender": "female", "birthDate": "1954-06-16",
        "address": [{"extension": [{
            "url": "http://hl7.org/fhir/StructureDefinition/geolocation",
            "extension": [{"url": "latitude", "valueDecimal": 42.360502},
                          {"url": "longitude", "valueDecimal": -71.303433}]}],
            "line": ["734 Dietrich Ranch"], "city": "Weston", "state": "Massachusetts",
            "postalCode": "02493", "country": "US"}],
        "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-"
                                      "MaritalStatus", "code": "M", "display": "M"}]},
        "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47",
                                                    "code": "en-US", "display": "English"}]}}],
    }


def condition(key: str, patient_id: str, code: tuple[str, str], onset: str = "2019-03-02",
              status: str = "confirmed") -> dict[str, Any]:
    return {
        "resourceType": "Condition", "id": _id(f"condition-{key}-{code[0]}"),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                       "condition-clinical", "code": "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                           "condition-ver-status", "code": status}]},
        "code": {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}],
                 "text": code[1]},
        "subject": {"reference": f"urn:uuid:{patient_id}"},
        "onsetDateTime": f"{onset}T21:51:36+00:00", "recordedDate": f"{onset}T21:51:36+00:00",
    }


def _encounter(key: str, n: int, patient_id: str) -> dict[str, Any]:
    return {"resourceType": "Encounter", "id": _id(f"enc-{key}-{n}"), "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                      "code": "AMB"},
            "type": [{"coding": [{"system": SNOMED, "code": "185349003",
                                  "display": "Encounter for check up (procedure)"}]}],
            "subject": {"reference": f"urn:uuid:{patient_id}"},
            "period": {"start": f"20{10 + n % 9:02d}-04-17T21:51:36+00:00",
                       "end": f"20{10 + n % 9:02d}-04-17T22:06:36+00:00"}}


def _vital(key: str, n: int, patient_id: str) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": _id(f"obs-{key}-{n}"), "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                      "observation-category", "code": "vital-signs"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "8302-2",
                                 "display": "Body Height"}], "text": "Body Height"},
            "subject": {"reference": f"urn:uuid:{patient_id}"},
            "effectiveDateTime": f"20{10 + n % 9:02d}-04-17T21:51:36+00:00",
            "valueQuantity": {"value": 160 + n % 10, "unit": "cm",
                              "system": "http://unitsofmeasure.org", "code": "cm"}}


def _claim(key: str, n: int, patient_id: str) -> dict[str, Any]:
    return {"resourceType": "Claim", "id": _id(f"claim-{key}-{n}"), "status": "active",
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                                 "code": "institutional"}]},
            "use": "claim", "patient": {"reference": f"urn:uuid:{patient_id}"},
            "created": "2015-03-19T22:06:36+00:00",
            "provider": {"display": "NEWTON-WELLESLEY HOSPITAL"},
            "priority": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                     "processpriority", "code": "normal"}]},
            "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "private"}}]}


FILLERS = (_encounter, _vital, _claim)


def bundle(key: str, cancer: tuple[str, str] | None = BREAST, size: int = 30,
           extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A Synthea-shaped transaction Bundle of about `size` entries: the Patient, a
    chronic sinusitis Condition, the cancer Condition (if any), `extra` resources, then
    Encounters, vital signs and Claims tumorboard does not store."""
    person = patient(key)
    resources = [person, condition(key, person["id"], ("40055000", "Chronic sinusitis "
                                                       "(disorder)"), "1995-07-28")]
    if cancer:
        resources.append(condition(key, person["id"], cancer))
    resources += extra or []
    n = 0
    while len(resources) < size:
        resources.append(FILLERS[n % len(FILLERS)](key, n, person["id"]))
        n += 1
    return {"resourceType": "Bundle", "type": "transaction",
            "entry": [_entry(r) for r in resources]}
