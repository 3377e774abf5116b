"""The welfare programme in the JSON API (/api/v1/welfare/...). Household and income only
for welfare officers and site admins; the funding status of a case for anyone who may
see the patient. Bad input is a 422 naming the field, nothing written."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from tumorboard.accounts import door
from tumorboard.core.api_schemas import responses
from tumorboard.patients.models import Case
from tumorboard.welfare import decisions, queries, services
from tumorboard.welfare.models import Application, Fund

router = Router(tags=["welfare"])


class MemberIn(Schema):
    relation: str
    age: int
    income: Decimal


class ApplicationIn(Schema):
    case: uuid.UUID
    planned_treatment: str
    insurance: str
    category: str = ""
    food: Decimal
    assets: Decimal = Decimal("0")
    estimated_cost: Decimal
    oop_percent: Decimal
    members: list[MemberIn]


class ApplicationOut(Schema):
    id: uuid.UUID
    status: str
    planned_treatment: str
    insurance: str
    category: str
    income: Decimal
    members: int
    fund: uuid.UUID | None
    policy: str
    assessment: dict[str, Any]
    committed_fen: int
    operation: uuid.UUID | None


class AssessIn(Schema):
    fund: uuid.UUID


class DecisionIn(Schema):
    approve: bool
    reasons: str = ""


class SettleIn(Schema):
    operation: str  # the external id of an operation of the application's case
    actual_cost: Decimal


class FundOut(Schema):
    id: uuid.UUID
    name: str
    donor: str
    purpose: str
    policy: str
    available_fen: int
    committed_fen: int
    spent_fen: int


class FundingOut(Schema):
    status: str | None


def _out(app: Application) -> dict[str, Any]:
    return {"id": app.external_id, "status": app.status,
            "planned_treatment": app.planned_treatment, "insurance": app.insurance,
            "category": app.category, "income": app.income, "members": app.members.count(),
            "fund": app.fund.external_id if app.fund else None, "policy": app.policy,
            "assessment": app.assessment, "committed_fen": app.committed_fen,
            "operation": app.operation.external_id if app.operation else None}


def _get(request: HttpRequest, key: uuid.UUID, write: bool = False) -> Application:
    return door.get(request.user, Application, key, request=request,
                    action=door.CHANGE if write else door.VIEW)


@router.get("/welfare/applications", response=responses({200: list[ApplicationOut]}))
def list_applications(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    return [_out(a) for a in queries.applications(request.user, status, request=request)]


@router.post("/welfare/applications", response=responses({201: ApplicationOut}))
def create_application(request: HttpRequest,
                       payload: ApplicationIn) -> tuple[int, dict[str, Any]]:
    case = door.get(request.user, Case, payload.case, action=door.CHANGE, data=door.WELFARE)
    values = payload.dict(exclude={"case", "members"})
    members = [m.dict() for m in payload.members]
    app = services.do_create_application(request.user, case, values, members, request=request)
    return 201, _out(app)


@router.get("/welfare/applications/{welfare_application_id}",
            response=responses({200: ApplicationOut}))
def read_application(request: HttpRequest, welfare_application_id: uuid.UUID) -> dict[str, Any]:
    return _out(_get(request, welfare_application_id))


@router.post("/welfare/applications/{welfare_application_id}/assess",
             response=responses({200: ApplicationOut}))
def assess_application(request: HttpRequest, welfare_application_id: uuid.UUID,
                       payload: AssessIn) -> dict[str, Any]:
    app = _get(request, welfare_application_id, write=True)
    fund = door.get(request.user, Fund, payload.fund, action=door.CHANGE)
    return _out(services.do_assess(request.user, app, fund, request=request))


@router.post("/welfare/applications/{welfare_application_id}/decision",
             response=responses({200: ApplicationOut}))
def decide_application(request: HttpRequest, welfare_application_id: uuid.UUID,
                       payload: DecisionIn) -> dict[str, Any]:
    app = _get(request, welfare_application_id, write=True)
    decisions.do_decide(request.user, app, approve=payload.approve, reasons=payload.reasons,
                        request=request)
    return _out(Application.objects.get(pk=app.pk))


@router.post("/welfare/applications/{welfare_application_id}/settle",
             response=responses({200: ApplicationOut}))
def settle_application(request: HttpRequest, welfare_application_id: uuid.UUID,
                       payload: SettleIn) -> dict[str, Any]:
    app = _get(request, welfare_application_id, write=True)
    return _out(decisions.do_settle(request.user, app, payload.operation, payload.actual_cost,
                                    request=request))


@router.get("/welfare/funds", response=responses({200: list[FundOut]}))
def list_funds(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": f.external_id, "name": f.name, "donor": f.donor, "purpose": f.purpose,
             "policy": f.policy, "available_fen": f.available_fen,
             "committed_fen": f.committed_fen, "spent_fen": f.spent_fen}
            for f in queries.funds(request.user)]


@router.get("/welfare/cases/{case_id}/funding", response=responses({200: FundingOut}))
def case_funding(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    """Funding status only (approved / pending / refused / null): no household data."""
    case = door.get(request.user, Case, case_id, data=door.IDENTITY, record=None)
    return {"status": queries.funding_status(request.user, case, request=request)}
