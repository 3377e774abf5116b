"""Signed MDT recommendation (board app) -> CarePlan. Export only.

The id is the recommendation's external UUID; every signed version is its own CarePlan.
A version replaced by a newer *signed* version is `revoked` and the newer one names it in
`replaces`; unsigned drafts are never exported. The planned treatment becomes one activity
per item, in the board's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tumorboard.board.models import Recommendation
from tumorboard.fhir import codes, versions
from tumorboard.fhir.procedure import user_display


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _activity(item: dict[str, Any], revoked: bool) -> dict[str, Any]:
    modality = str(item.get("modality", ""))
    label = codes.MODALITY_DISPLAY.get(modality, modality)
    detail = str(item.get("detail") or "").strip()
    return {"detail": {
        "kind": "ServiceRequest",
        "code": {"coding": [_coding(codes.TB_CODESYSTEM, codes.modality_code(modality),
                                    label)], "text": label},
        # tumorboard tracks follow-through as board actions, not per plan item.
        "status": "cancelled" if revoked else "not-started",
        "description": f"{label}: {detail}" if detail else label,
    }}


def _option_decision(option: str, entry: dict[str, Any]) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"url": "option", "valueCode": option},
                                   {"url": "decision", "valueCode": entry.get("decision", "")}]
    for key, url in (("reason", "reason"), ("referred_to", "referredTo")):
        if entry.get(key):
            parts.append({"url": url, "valueString": str(entry[key])})
    return {"url": codes.EXT_OPTION_DECISION, "extension": parts}


def _extensions(rec: Recommendation) -> list[dict[str, Any]]:
    extensions: list[dict[str, Any]] = []
    if rec.intent:
        extensions.append({"url": codes.EXT_TREATMENT_INTENT, "valueCode": rec.intent})
    if rec.quorate is not None:
        extensions.append({"url": codes.EXT_MDT_QUORATE, "valueBoolean": rec.quorate})
    if rec.trial_consideration:
        extensions.append({"url": codes.EXT_TRIAL_CONSIDERATION,
                           "valueCode": rec.trial_consideration})
    for option, entry in sorted((rec.option_decisions or {}).items()):
        if entry.get("decision"):
            extensions.append(_option_decision(option, entry))
    return extensions


def _notes(rec: Recommendation) -> list[dict[str, Any]]:
    notes = []
    if rec.discussion_summary:
        notes.append({"text": rec.discussion_summary})
    if rec.patient_preferences:
        notes.append({"text": f"Patient's known preferences: {rec.patient_preferences}"})
    if rec.trial_notes:
        notes.append({"text": f"Clinical trial: {rec.trial_notes}"})
    for row in rec.dissent or []:
        if row.get("text"):
            note = {"text": f"Dissent: {row['text']}"}
            if row.get("author"):
                note["authorString"] = str(row["author"])
            notes.append(note)
    return notes


def to_fhir(rec: Recommendation, revoked: bool) -> dict[str, Any]:
    """A signed recommendation as a CarePlan; `revoked` when a newer signed version exists."""
    if rec.signed_at is None:
        raise ValueError("unsigned recommendations are not exported")
    case = rec.case
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": str(rec.external_id),
        "extension": _extensions(rec),
        "status": "revoked" if revoked else "active",
        "intent": "plan",
        "category": [{"coding": [
            _coding(codes.SNOMED, *codes.SNOMED_CARE_PLAN),
            _coding(codes.TB_CODESYSTEM, *codes.MDT_RECOMMENDATION_CODE)]}],
        "title": f"MDT recommendation, version {rec.version}",
        "subject": {"reference": f"Patient/{case.patient.external_id}"},
        "created": rec.signed_at.isoformat(),
        "addresses": [{"reference": f"Condition/{case.external_id}"}],
        "activity": [_activity(item, revoked) for item in rec.treatment_plan or []],
    }
    if rec.supersedes_id is not None and rec.supersedes is not None:
        resource["replaces"] = [{"reference": f"CarePlan/{rec.supersedes.external_id}"}]
    chair = user_display(rec.signed_by)
    if chair:
        resource["author"] = {"display": chair}
    notes = _notes(rec)
    if notes:
        resource["note"] = notes
    if not resource["extension"]:
        del resource["extension"]
    if not resource["activity"]:
        del resource["activity"]
    return versions.stamp(resource, rec.modified)


def superseded_ids(signed: Iterable[Recommendation]) -> set[int]:
    """Ids of recommendations replaced by one of these signed versions."""
    return {rec.supersedes_id for rec in signed if rec.supersedes_id is not None}


def resources(signed: list[Recommendation]) -> list[dict[str, Any]]:
    """CarePlans of signed recommendations; pass every signed version of the cases so
    that replaced ones are seen as revoked."""
    replaced = superseded_ids(signed)
    return [to_fhir(rec, rec.pk in replaced) for rec in signed]
