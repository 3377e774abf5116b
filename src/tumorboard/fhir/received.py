"""CarePlans in: a treatment plan another system sent about one of our cases is stored as
it is (fhir.ReceivedCarePlan), shown read-only on the case's MDT panel and exported back as
sent. It is never made into a board recommendation: those are discussed, recorded and signed
at a meeting here.

Matching: the sender's CarePlan identifier (`system|value`), else its id under
RECEIVED_ID_SYSTEM, within the case. The export keeps the sender's identifiers and adds that
id-as-identifier when the sender sent none, so the key is the same however many times the
plan goes out and comes back (into this database or another)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.fhir import versions
from tumorboard.fhir.codes import TB_BASE
from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.patients.models import Case

RECEIVED_ID_SYSTEM = f"{TB_BASE}/fhir/NamingSystem/received-careplan-id"
# What the panel shows and the export re-creates from; the rest stays in `resource`.
FIELDS = ("key", "sent_id", "identifiers", "sender", "status", "intent", "title",
          "created_as_sent", "author", "activities", "notes", "resource")
OWN_ELEMENTS = ("subject", "addresses")  # re-pointed at our Patient and Condition on export


def careplan_key(resource: dict[str, Any]) -> str:
    for identifier in resource.get("identifier", []):
        if identifier.get("value"):
            return f"{identifier.get('system', '')}|{identifier['value']}"[:300]
    return f"{RECEIVED_ID_SYSTEM}|{resource.get('id', '')}"[:300]


def _text(concept: dict[str, Any] | None) -> str:
    concept = concept or {}
    if concept.get("text"):
        return str(concept["text"])
    for coding in concept.get("coding", []):
        if coding.get("display") or coding.get("code"):
            return str(coding.get("display") or coding.get("code"))
    return ""


def _activity(activity: dict[str, Any]) -> dict[str, str]:
    detail = activity.get("detail") or {}
    reference = activity.get("reference") or {}
    return {"text": _text(detail.get("code")) or str(reference.get("display") or ""),
            "description": str(detail.get("description") or ""),
            "status": str(detail.get("status") or "")}


def _author(resource: dict[str, Any]) -> str:
    author = resource.get("author") or {}
    return str(author.get("display") or "")[:300]


def careplan_values(resource: dict[str, Any], bundle_source: str = "") -> dict[str, Any]:
    """The model's fields from a CarePlan as sent (validated by validate.py as a resource;
    every element here is optional but status and intent, which R4 requires)."""
    meta = resource.get("meta") or {}
    return {
        "key": careplan_key(resource),
        "sent_id": str(resource.get("id") or "")[:64],
        "identifiers": list(resource.get("identifier") or []),
        "sender": str(meta.get("source") or bundle_source or "")[:300],
        "status": str(resource.get("status") or "unknown")[:20],
        "intent": str(resource.get("intent") or "plan")[:20],
        "title": str(resource.get("title") or "")[:300],
        "created_as_sent": str(resource.get("created") or "")[:40],
        "author": _author(resource),
        "activities": [_activity(a) for a in resource.get("activity", [])],
        "notes": [str(n["text"]) for n in resource.get("note", []) if n.get("text")],
        "resource": resource,
    }


def save_received(user: AnyUser, case: Case, values: dict[str, Any],
                  request: HttpRequest | None) -> tuple[str, ReceivedCarePlan]:
    """('201 Created' | '200 OK', the plan): stored or updated by its key, through the door
    (MDT data of the case's site) and audited like the other FHIR writes."""
    door.check(user, case, door.CHANGE, door.MDT)
    with transaction.atomic():
        plan = ReceivedCarePlan.objects.select_for_update().filter(
            case=case, key=values["key"]).first()
        if plan is None:
            plan = ReceivedCarePlan.objects.create(case=case, **values)
            action, status, changed = "create", "201 Created", sorted(values)
        else:
            changed = sorted(k for k in FIELDS if getattr(plan, k) != values[k])
            for name in changed:
                setattr(plan, name, values[name])
            if changed:
                plan.save()
            action, status = "update", "200 OK"
        if changed:
            audit.record(user=user, action=action, object_type="received_careplan",
                         object_id=plan.external_id, patient_id=case.patient.external_id,
                         site_id=case.site_id, request=request,
                         detail={"fields": [k for k in changed if k != "resource"]})
    return status, plan


def to_fhir(plan: ReceivedCarePlan) -> dict[str, Any]:
    """The plan as it was sent, under our id, about our Patient and Condition; the sender's
    identifiers kept (their id as an identifier when they sent none)."""
    resource = {k: v for k, v in plan.resource.items() if k not in ("id", "meta", "text")}
    resource["resourceType"] = "CarePlan"
    resource["id"] = str(plan.external_id)
    identifiers = list(plan.identifiers)
    if not identifiers and plan.sent_id:
        identifiers = [{"system": RECEIVED_ID_SYSTEM, "value": plan.sent_id}]
    if identifiers:
        resource["identifier"] = identifiers
    if plan.sender:
        resource["meta"] = {"source": plan.sender}
    case = plan.case
    resource["subject"] = {"reference": f"Patient/{case.patient.external_id}"}
    resource["addresses"] = [{"reference": f"Condition/{case.external_id}"}]
    resource.pop("encounter", None)  # the sender's visit: no Encounter here to point at
    return versions.stamp(resource, plan.modified)


def received_of(case_ids: Any) -> list[ReceivedCarePlan]:
    return list(ReceivedCarePlan.objects.filter(case_id__in=case_ids)
                .select_related("case", "case__patient").order_by("case_id", "created", "id"))
