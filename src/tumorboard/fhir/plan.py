"""From a validated Bundle to a plan of what to write: patients, their cases, and which
entry each value came from. References tumorboard follows (subject, focus) must resolve."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tumorboard.fhir import condition, observation, operations, patient, received, sent, tumour
from tumorboard.fhir.problems import Issue, Problems

KEPT_TYPES = ("Patient", "Condition", "Observation", "Procedure", "BodyStructure",
              "CarePlan")
# Statuses by which a sender withdraws a resource: skipped and reported, never stored.
WITHDRAWN = {"Observation": ("entered-in-error", "cancelled"),
             "Procedure": ("entered-in-error", "not-done"),
             "CarePlan": ("entered-in-error",)}
# Resources tumorboard holds in a form it does not import, said in words.
NOT_KEPT: dict[str, str] = {}
OWN_CAREPLAN = "already here: tumorboard's own signed MDT recommendation"
RELATED_CONDITION = ("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-related-condition",
                     "http://hl7.org/fhir/StructureDefinition/condition-related")


@dataclass
class CasePlan:
    index: int  # the Condition entry, or -1 for an existing case named by reference
    where: str
    condition_id: str
    values: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (value, where)
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from
    members: list[tuple[int, str]] = field(default_factory=list)  # (entry, observation kind)
    existing_case: str = ""
    sent: dict[str, Any] = field(default_factory=dict)  # elements kept as sent (sent.py)
    # (entry, key, resource id, registry values) of the Procedures for this case
    procedures: list[tuple[int, str, str, dict[str, Any]]] = field(default_factory=list)
    status: str = ""  # tumorboard's case-status extension, when sent
    # (entry, received.careplan_values) of the CarePlans another system sent for this case
    careplans: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class PatientPlan:
    index: int  # -1 for an existing patient named by reference
    where: str
    site_code: str | None = None
    mrn: str | None = None
    resource_id: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    cases: list[CasePlan] = field(default_factory=list)
    existing_patient: str = ""
    sent: dict[str, Any] = field(default_factory=dict)  # elements kept as sent (sent.py)


@dataclass
class BundlePlan:
    patients: list[PatientPlan]
    kept: dict[int, tuple[str, Any]]  # entry index -> ("Patient"|"Condition"|..., plan)
    problems: Problems


def _keys(entry: dict[str, Any]) -> list[str]:
    resource = entry["resource"]
    keys = []
    if entry.get("fullUrl"):
        full = str(entry["fullUrl"])
        keys.append(full)
        parts = full.rstrip("/").split("/")
        if len(parts) >= 2 and not full.startswith("urn:"):
            keys.append(f"{parts[-2]}/{parts[-1]}")
    if resource.get("id"):
        keys.append(f"{resource['resourceType']}/{resource['id']}")
    return keys


def _codes(concepts: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(str(c.get("system", "")), str(c.get("code", ""))) for concept in concepts
            for c in concept.get("coding", [])}


def _same_site(body: dict[str, Any], condition_resource: dict[str, Any]) -> bool:
    """Whether a Tumor's location is one of the Condition's body sites (a shared coding)."""
    return bool(_codes([body.get("location") or {}]) &
                _codes(condition_resource.get("bodySite") or []))


def _uuid_of(reference: str, resource_type: str) -> str:
    prefix = f"{resource_type}/"
    if not reference.startswith(prefix):
        return ""
    try:
        return str(uuid.UUID(reference[len(prefix):]))
    except ValueError:
        return ""


class Planner:
    def __init__(self, bundle: dict[str, Any], existing: Any) -> None:
        """existing(resource_type, uuid) -> bool says whether tumorboard holds that record."""
        self.entries: list[dict[str, Any]] = bundle.get("entry") or []
        self.existing = existing
        self.problems = Problems()
        self.index: dict[str, int] = {}
        for i, entry in enumerate(self.entries):
            for key in _keys(entry):
                self.index.setdefault(key, i)
        self.patients: dict[int, PatientPlan] = {}
        self.existing_patients: dict[str, PatientPlan] = {}
        self.cases: dict[int, tuple[PatientPlan, CasePlan]] = {}
        self.existing_cases: dict[str, tuple[PatientPlan, CasePlan]] = {}
        self.kept: dict[int, tuple[str, Any]] = {}

    def where(self, i: int) -> str:
        return f"Bundle.entry[{i}].resource"

    def resolve(self, reference: dict[str, Any] | None, resource_type: str | tuple[str, ...],
                where: str) -> tuple[int, str] | None:
        """(entry index, '') or (-1, uuid of an existing record); None after noting why.
        resource_type: the type expected, or several allowed (the first is looked up among
        the records tumorboard holds)."""
        allowed = (resource_type,) if isinstance(resource_type, str) else resource_type
        ref = str((reference or {}).get("reference") or "")
        if not ref:
            self.problems.error(where, "a reference is required here", code="required")
            return None
        if ref in self.index:
            target = self.index[ref]
            found = self.entries[target]["resource"]["resourceType"]
            if found not in allowed:
                self.problems.error(where, f"{ref} is a {found}, expected "
                                    f"{' or '.join(allowed)}")
                return None
            return target, ""
        existing = _uuid_of(ref, allowed[0])
        if existing and self.existing(allowed[0], existing):
            return -1, existing
        self.problems.error(where, f"reference to nothing: {ref} is neither in the bundle nor "
                            "a record you can see", code="not-found")
        return None

    def plan(self) -> BundlePlan:
        by_type: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            by_type.setdefault(entry["resource"]["resourceType"], []).append(i)
        for i in by_type.get("Patient", []):
            self._patient(i)
        for i in by_type.get("Condition", []):
            self._condition(i)
        for i in by_type.get("Observation", []):
            self._observation(i)
        self._body_structures(by_type.get("BodyStructure", []))
        for i in by_type.get("Procedure", []):
            if not self._withdrawn(i):
                self._procedure(i)
        for i in by_type.get("CarePlan", []):
            if not self._withdrawn(i):
                self._careplan(i)
        for resource_type, indexes in by_type.items():
            if resource_type not in KEPT_TYPES:
                for i in indexes:
                    self.problems.not_stored(self.where(i), NOT_KEPT.get(
                        resource_type, f"tumorboard keeps no {resource_type}"))
        patients = list(self.patients.values()) + list(self.existing_patients.values())
        return BundlePlan(patients, self.kept, self.problems)

    def _patient(self, i: int) -> None:
        resource = self.entries[i]["resource"]
        where = self.where(i)
        site_code, mrn = patient.identifiers(resource)
        if not mrn:
            self.problems.error(f"{where}.identifier", "tumorboard matches patients by an "
                                "identifier (MRN); none given", code="required")
        plan = PatientPlan(i, where, site_code, mrn, str(resource.get("id", "")),
                           patient.from_fhir(resource, where, self.problems),
                           sent=sent.patient_elements(resource))
        self.patients[i] = plan
        self.kept[i] = ("Patient", plan)

    def _owner(self, resource: dict[str, Any], where: str) -> PatientPlan | None:
        found = self.resolve(resource.get("subject"), "Patient", f"{where}.subject")
        if found is None:
            return None
        target, existing = found
        if existing:
            return self.existing_patients.setdefault(
                existing, PatientPlan(-1, where, existing_patient=existing))
        return self.patients.get(target)

    def _withdrawn(self, i: int) -> bool:
        """Entered-in-error or refuted resources are skipped (and reported), never stored."""
        resource = self.entries[i]["resource"]
        if resource["resourceType"] == "Condition":
            status = condition.skipped_status(resource)
        else:
            status = str(resource.get("status", ""))
            status = status.replace("-", " ") if status in WITHDRAWN.get(
                resource["resourceType"], ()) else ""
        if status:
            self.problems.not_stored(self.where(i), status)
        return bool(status)

    def _condition(self, i: int) -> None:
        resource, where = self.entries[i]["resource"], self.where(i)
        if self._withdrawn(i):
            return
        owner = self._owner(resource, where)
        values = condition.from_fhir(resource, where, self.problems)
        if owner is None or values is None:
            return
        plan = CasePlan(i, where, str(resource.get("id", "")), values,
                        sources={k: where for k in values},
                        sent=sent.condition_elements(resource),
                        status=condition.sent_status(resource))
        owner.cases.append(plan)
        self.cases[i] = (owner, plan)
        self.kept[i] = ("Condition", plan)

    def _case_for(self, resource: dict[str, Any], owner: PatientPlan, where: str,
                  element: str = "focus") -> CasePlan | None:
        focus = resource.get(element) or []
        ours = tumour.case_id_of(str((focus or [{}])[0].get("reference") or ""))
        if ours and focus[0]["reference"] not in self.index:  # our own Tumor, not sent
            focus = [{"reference": f"Condition/{ours}"}]
        if focus:
            found = self.resolve(focus[0], ("Condition", "BodyStructure"),
                                 f"{where}.{element}[0]")
            if found is None:
                return None
            target, existing = found
            if existing:
                key = existing
                if key not in self.existing_cases:
                    self.existing_cases[key] = (owner, CasePlan(-1, where, existing,
                                                                existing_case=existing))
                    owner.cases.append(self.existing_cases[key][1])
                return self.existing_cases[key][1]
            if self.entries[target]["resource"]["resourceType"] == "BodyStructure":
                named = self._tumour_condition(target, f"{where}.focus[0]")
                if named is None:
                    return None
                target = named
            if target not in self.cases:
                self.problems.not_stored(where, "its Condition is not stored")
                return None
            return self.cases[target][1]
        own = [plan for plan in owner.cases if plan.index >= 0]
        if len(own) == 1:
            return own[0]
        if not own:
            self.problems.not_stored(where, "the patient has no cancer Condition that "
                                     "tumorboard stores")
            return None
        self.problems.issues.append(Issue(
            "warning", "business-rule", where, "not stored: without Observation.focus "
            f"tumorboard cannot tell which of the patient's {len(own)} cancer conditions it "
            "is for", "no Observation.focus and several cancer Conditions"))
        return None

    def _treated_case(self, resource: dict[str, Any], where: str,
                      element: str) -> CasePlan | None:
        """The case a Procedure or CarePlan is about: its subject's, by `element`."""
        owner = self._owner(resource, where)
        return None if owner is None else self._case_for(resource, owner, where, element)

    def _procedure(self, i: int) -> None:
        resource, where = self.entries[i]["resource"], self.where(i)
        case = self._treated_case(resource, where, "reasonReference")
        if case is None:
            return
        pathway = case.values.get("pathway") or self.existing("pathway", case.existing_case)
        values = operations.operation_values(resource, str(pathway), where, self.problems)
        if values is not None:
            case.procedures.append((i, operations.procedure_key(self.entries[i]),
                                    str(resource.get("id", "")), values))
            self.kept[i] = ("Procedure", case)

    def _careplan(self, i: int) -> None:
        """A plan another system made, kept as sent (received.py); our own exported
        recommendation coming back is recognised and not stored twice."""
        resource, where = self.entries[i]["resource"], self.where(i)
        own = _uuid_of(f"CarePlan/{resource.get('id', '')}", "CarePlan")
        if own and self.existing("CarePlan", own):
            self.problems.not_stored(where, OWN_CAREPLAN)
            return
        case = self._treated_case(resource, where, "addresses")
        if case is None:
            return
        case.careplans.append((i, received.careplan_values(resource)))
        self.kept[i] = ("CarePlan", case)

    @staticmethod
    def _keep_observation(case: CasePlan, kind: str, resource: dict[str, Any]) -> None:
        if not case.sent:
            return  # an existing case named by reference: nothing kept from this bundle
        suffix = kind.replace("_", "-")  # as observation.observation_id writes the id
        if sent.observation_date(resource):
            case.sent["dates"][suffix] = sent.observation_date(resource)
        if sent.absent_code(resource):
            case.sent["absent"][suffix] = sent.absent_code(resource)

    def _tumour_condition(self, target: int, where: str) -> int | None:
        """The Condition of a Tumor BodyStructure (mCODE), as an entry index: the one its
        related-condition extension names, else the patient's cancer Condition in the
        bundle at the tumour's location, else the patient's only one; None (noted)
        otherwise."""
        body = self.entries[target]["resource"]
        for extension in body.get("extension", []):
            if extension.get("url") in RELATED_CONDITION:
                found = self.resolve(extension.get("valueReference"), "Condition",
                                     f"{self.where(target)}.extension")
                if found is not None and found[0] >= 0:
                    return found[0]
                return None
        candidates = self._patient_conditions(body)
        located = [i for i in candidates if _same_site(body, self.entries[i]["resource"])]
        for chosen in (located, candidates):
            if len(chosen) == 1:
                return chosen[0]
        self.problems.not_stored(where, "its tumour BodyStructure names no Condition and "
                                 "the patient has no single cancer Condition it could be")
        return None

    def _patient_conditions(self, body: dict[str, Any]) -> list[int]:
        """Entries of the stored cancer Conditions of the BodyStructure's patient."""
        ref = str((body.get("patient") or {}).get("reference") or "")
        patient = self.index.get(ref, -2)
        return [i for i, (owner, _) in self.cases.items() if owner.index == patient]

    def _body_structures(self, indexes: list[int]) -> None:
        for i in indexes:
            self.problems.not_stored(self.where(i), "a tumour BodyStructure (used to find the "
                                     "Condition of the Observations about it)")

    def _observation(self, i: int) -> None:
        resource, where = self.entries[i]["resource"], self.where(i)
        if self._withdrawn(i):
            return
        if not observation.kind_of(resource):
            self.problems.not_stored(where, "an Observation tumorboard does not keep")
            return
        owner = self._owner(resource, where)
        if owner is None:
            return
        case = self._case_for(resource, owner, where)
        if case is None:
            return
        pathway = case.values.get("pathway") or self.existing("pathway", case.existing_case)
        found = observation.from_fhir(resource, str(pathway), where, self.problems)
        if found is None:
            return
        target, name, value = found
        if name.endswith("_stage"):
            case.stages[name] = (value, where)
        elif target == "case":
            case.values[name] = value
        else:
            case.details[name] = value
        case.sources[name if target == "case" else f"details.{name}"] = where
        kind = observation.kind_of(resource)
        case.members.append((i, kind))
        self._keep_observation(case, kind, resource)
        self.kept[i] = ("Observation", case)
