"""API: was a signed recommendation carried out (issue 12). GET the records (the latest
counts), POST a new one: yes, or no with a coded reason (the MII tumour-board reasons in
board/intent.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from tumorboard.board import implementation, queries
from tumorboard.board.api_people import PersonOut, person_json
from tumorboard.board.models import Implementation
from tumorboard.core.api_schemas import responses

router = Router(tags=["board"])


class ImplementationIn(Schema):
    implemented: bool | None = None
    reason: str = ""  # required when implemented is false: one of `reasons` below
    note: str = ""


class ImplementationOut(Schema):
    id: str
    implemented: bool
    reason: str | None
    reason_label: str | None
    note: str
    recorded_at: str
    recorded_by: PersonOut | None


class ImplementationsOut(Schema):
    recommendation_id: str
    current: ImplementationOut | None
    history: list[ImplementationOut]
    reasons: dict[str, str]


def implementation_json(row: Implementation) -> dict[str, Any]:
    label = implementation.REASON_LABELS.get(row.reason)
    return {"id": str(row.external_id), "implemented": row.implemented,
            "reason": row.reason or None, "reason_label": str(label) if label else None,
            "note": row.note, "recorded_at": row.created.isoformat(),
            "recorded_by": person_json(row.recorded_by)}


@router.get("/recommendations/{rec_id}/implementation",
            response=responses({200: ImplementationsOut}))
def get_implementation(request: HttpRequest, rec_id: str) -> dict[str, Any]:
    """Whether the signed recommendation was carried out: every record, oldest first; the
    latest is `current`."""
    rec = queries.get_recommendation(request.user, rec_id, request=request)
    rows = [implementation_json(row) for row in rec.implementations.select_related(
        "recorded_by__profile").order_by("created", "id")]  # type: ignore[attr-defined]
    return {"recommendation_id": str(rec.external_id), "current": rows[-1] if rows else None,
            "history": rows, "reasons": {code: str(label) for code, label in
                                         implementation.REASON_LABELS.items()}}


@router.post("/recommendations/{rec_id}/implementation",
             response=responses({201: ImplementationOut}))
def record_implementation(request: HttpRequest, rec_id: str,
                          payload: ImplementationIn) -> Status[dict[str, Any]]:
    """Record whether the current signed recommendation was carried out; when not, `reason`
    is required (422 naming the field otherwise)."""
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    row = implementation.do_record_implementation(
        request.user, rec, implemented=payload.implemented, reason=payload.reason,
        note=payload.note, request=request)
    return Status(201, implementation_json(row))
