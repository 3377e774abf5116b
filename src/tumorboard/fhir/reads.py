"""Reads of Procedure and CarePlan by id: site-scoped and audited like Patient and Condition."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.board.models import Recommendation
from tumorboard.fhir import careplan, procedure
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case


def _uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404("not a tumorboard id") from None


def _allow(user: AnyUser, kind: str, external_id: uuid.UUID, case: Case,
           request: HttpRequest | None) -> None:
    access.require_site(user, case.site_id)
    audit.record(user=user, action="view", object_type=kind, object_id=external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request)


def read_procedure(user: AnyUser, resource_id: str,
                   request: HttpRequest | None = None) -> dict[str, Any]:
    access.require_role(user, access.READ_PATIENTS)
    operation = (Operation.objects.select_related("case", "case__patient", "surgeon")
                 .filter(external_id=_uuid(resource_id)).first())
    if operation is None:
        raise Http404("No such procedure")
    _allow(user, "procedure", operation.external_id, operation.case, request)
    return procedure.to_fhir(operation)


def read_careplan(user: AnyUser, resource_id: str,
                  request: HttpRequest | None = None) -> dict[str, Any]:
    access.require_role(user, access.READ_PATIENTS)
    rec = (Recommendation.objects.select_related("case", "case__patient", "signed_by",
                                                 "supersedes")
           .filter(external_id=_uuid(resource_id), signed_at__isnull=False).first())
    if rec is None:  # unknown, or an unsigned draft: drafts are not exported
        raise Http404("No such care plan")
    _allow(user, "careplan", rec.external_id, rec.case, request)
    revoked = Recommendation.objects.filter(supersedes=rec, signed_at__isnull=False).exists()
    return careplan.to_fhir(rec, revoked)
