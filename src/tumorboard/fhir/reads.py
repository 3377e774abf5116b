"""Reads of Procedure and CarePlan by id: site-scoped and audited like Patient and Condition."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.board.models import Recommendation
from tumorboard.fhir import careplan, procedure, received
from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case


def _record(user: AnyUser, kind: str, external_id: object, case: Case,
            request: HttpRequest | None) -> None:
    audit.record(user=user, action="view", object_type=kind, object_id=external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request)


def read_procedure(user: AnyUser, resource_id: str,
                   request: HttpRequest | None = None) -> dict[str, Any]:
    operation = door.get(user, Operation, resource_id, request=request, record=None)
    _record(user, "procedure", operation.external_id, operation.case, request)
    return procedure.to_fhir(operation)


def read_careplan(user: AnyUser, resource_id: str,
                  request: HttpRequest | None = None) -> dict[str, Any]:
    if not Recommendation.objects.filter(external_id=door.parse_uuid(resource_id)).exists():
        return _read_received(user, resource_id, request)
    rec = door.get(user, Recommendation, resource_id, request=request, record=None)
    if rec.signed_at is None:  # an unsigned draft is not exported
        raise Http404("No such care plan")
    _record(user, "careplan", rec.external_id, rec.case, request)
    revoked = Recommendation.objects.filter(supersedes=rec, signed_at__isnull=False).exists()
    return careplan.to_fhir(rec, revoked)


def _read_received(user: AnyUser, resource_id: str,
                   request: HttpRequest | None) -> dict[str, Any]:
    """A plan another system sent: read as MDT data of its case (the case's site rule)."""
    plan = ReceivedCarePlan.objects.select_related("case", "case__patient").filter(
        external_id=door.parse_uuid(resource_id)).first()
    if plan is None:
        raise Http404("No such care plan")
    door.require(user, door.MDT)
    door.require_site(user, plan.case.site_id)  # like a recommendation: no referral grant
    _record(user, "received_careplan", plan.external_id, plan.case, request)
    return received.to_fhir(plan)
