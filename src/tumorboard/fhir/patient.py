"""Patient <-> mCODE CancerPatient."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tumorboard.fhir import codes, sent, versions
from tumorboard.fhir.problems import Problems
from tumorboard.patients.models import Patient

PROFILE = codes.MCODE_SD + "mcode-cancer-patient"
LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans"}


def to_fhir(patient: Patient) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient.external_id),
        "meta": {"profile": [PROFILE]},
        "extension": [{"url": codes.EXT_RESEARCH_CONSENT,
                       "valueBoolean": patient.research_consent}],
        "identifier": [{
            "use": "usual",
            "type": {"coding": [{"system": codes.V2_0203, "code": "MR",
                                 "display": "Medical Record Number"}]},
            "system": codes.mrn_system(patient.site.code),
            "value": patient.mrn,
        }],
        "name": [{"family": patient.family_name, "given": [patient.given_name],
                  "text": patient.display_name}],
        "gender": patient.sex,
        "birthDate": patient.birth_date.isoformat(),
        "communication": [{"language": {
            "coding": [{"system": codes.BCP47,
                        "code": LANGUAGE_TAGS.get(patient.preferred_language, "en")}]}}],
    }
    telecom = [{"system": "phone", "value": patient.phone}] if patient.phone else []
    telecom += [{"system": "email", "value": patient.email}] if patient.email else []
    if telecom:
        resource["telecom"] = telecom
    if patient.address:
        resource["address"] = [{"text": patient.address}]
    if patient.date_of_death:
        resource["deceasedDateTime"] = patient.date_of_death.isoformat()
    return versions.stamp(sent.merge_patient(resource, patient), patient.modified)


def _date(value: Any, where: str, problems: Problems) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.error(where, f"{value!r} is not a full date (YYYY-MM-DD)")
        return None


def address_text(addresses: list[dict[str, Any]]) -> str:
    if not addresses:
        return ""
    first = addresses[0]
    if first.get("text"):
        return str(first["text"])[:300]
    parts = [*first.get("line", []), first.get("city"), first.get("state"),
             first.get("postalCode"), first.get("country")]
    return ", ".join(str(p) for p in parts if p)[:300]


def language_of(tags: list[str]) -> str:
    """tumorboard's preferred language from BCP 47 tags: zh* -> zh-hans, else en (the tags
    themselves are kept as sent, sent.py)."""
    for tag in tags:
        if tag.lower().startswith("zh"):
            return "zh-hans"
        if tag.lower().startswith("en"):
            return "en"
    return "en"


def _language(resource: dict[str, Any]) -> str:
    return language_of([str(c.get("code", "")) for comm in resource.get("communication", [])
                        for c in comm.get("language", {}).get("coding", [])])


def from_fhir(resource: dict[str, Any], where: str, problems: Problems) -> dict[str, Any]:
    """Patient values for the patients services (without site and MRN)."""
    names = resource.get("name") or []
    official = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
    values: dict[str, Any] = {"family_name": official.get("family", ""),
                              "given_name": " ".join(official.get("given", []))}
    for field, label in (("family_name", "name.family"), ("given_name", "name.given")):
        if not values[field]:
            problems.error(f"{where}.{label}", "tumorboard needs a family and a given name")
    gender = resource.get("gender")
    if gender not in ("female", "male", "other", "unknown"):
        problems.error(f"{where}.gender", f"{gender!r} is not an administrative gender")
    values["sex"] = gender
    if "birthDate" not in resource:
        problems.error(f"{where}.birthDate", "tumorboard needs the date of birth")
    else:
        values["birth_date"] = _date(resource["birthDate"], f"{where}.birthDate", problems)
    if "deceasedDateTime" in resource:
        values["date_of_death"] = _date(resource["deceasedDateTime"],
                                        f"{where}.deceasedDateTime", problems)
    telecom = resource.get("telecom", [])
    values["phone"] = next((t["value"] for t in telecom if t.get("system") == "phone"), "")[:40]
    values["email"] = next((t["value"] for t in telecom if t.get("system") == "email"), "")
    values["address"] = address_text(resource.get("address", []))
    values["preferred_language"] = _language(resource)
    for extension in resource.get("extension", []):
        if extension.get("url") == codes.EXT_RESEARCH_CONSENT:
            values["research_consent"] = bool(extension.get("valueBoolean"))
    return values


def identifiers(resource: dict[str, Any]) -> tuple[str | None, str | None]:
    """(site code or None for a foreign system, MRN) from Patient.identifier.

    Our own `urn:tumorboard:site:CODE:mrn` wins; otherwise an identifier typed MR, else the
    first identifier with a value: its value becomes the MRN at the import's site."""
    found = [i for i in resource.get("identifier", []) if i.get("value")]
    for identifier in found:
        match = codes.MRN_SYSTEM_RE.match(identifier.get("system", ""))
        if match:
            return match.group(1), str(identifier["value"])
    typed = [i for i in found if any(c.get("code") == "MR" for c in
                                     i.get("type", {}).get("coding", []))]
    chosen = (typed or found or [None])[0]
    return None, (str(chosen["value"]) if chosen else None)
