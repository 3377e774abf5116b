"""Decision support in the JSON API: scores, a case's screen and decisions, the report."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tumorboard.accounts import audit, door
from tumorboard.core.api_schemas import responses
from tumorboard.decisions import report, services
from tumorboard.decisions.models import OptionDecision, ScoreRecord
from tumorboard.pathways import SCORES, ScoreInputError, compute
from tumorboard.patients import queries
from tumorboard.patients.validation import InvalidInput

router = Router(tags=["decision support"])


class ScoreFormOut(Schema):
    name: str
    title: str
    version: str
    source: str
    fields: list[dict[str, Any]]
    alternatives: list[list[list[str]]]
    categories: list[Any]
    total_range: list[float] | None
    extra_keys: list[str]


class ScoreOut(Schema):
    """Same shape as `tumorboard score NAME` (shared/contracts/scores.md)."""

    score: str
    total: float | None
    category: str
    recommendation: str
    items: dict[str, Any]
    source: str


class ScoreRecordOut(Schema):
    id: uuid.UUID
    score: str
    version: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    total: float | None
    category: str
    created: dt.datetime
    recorded_by: str | None


class DecisionOut(Schema):
    id: uuid.UUID
    option_code: str
    decision: str
    reason: str
    referred_to: str
    created: dt.datetime
    screening: uuid.UUID
    decided_by: str | None


class ScreeningOut(Schema):
    id: uuid.UUID
    ruleset_version: str
    created: dt.datetime
    result: dict[str, Any]


class DecisionSupportOut(Schema):
    case: uuid.UUID
    screening: ScreeningOut | None
    decisions: list[DecisionOut]
    scores: list[ScoreRecordOut]


class OverdueCaseOut(Schema):
    case: uuid.UUID
    patient: str
    mrn: str
    site: str
    pathway: str
    lead_clinician: str | None
    option_code: str
    status: str
    raised_at: dt.datetime | None
    days_waiting: int | None


class MissedOpportunitiesOut(Schema):
    """decisions.report.missed_opportunities; the case list only for READ_PATIENTS roles."""

    cases: int
    cases_screened: int
    options_raised: int
    options_decided: int
    share_decided: float | None
    options_undecided: int
    overdue: int
    decisions: dict[str, int]
    days: int
    as_of: str | None
    filters: dict[str, Any]
    overdue_cases: list[OverdueCaseOut] | None = None


class DecisionIn(Schema):
    option_code: str = Field(..., min_length=1, max_length=60)
    decision: Literal["offered_accepted", "offered_declined", "not_suitable",
                      "referred_elsewhere"]
    reason: str = ""
    referred_to: str = ""


def _reject_constant(token: str) -> object:
    raise ValueError(f"{token} is not valid JSON")


def _json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object; NaN/Infinity and non-objects are refused."""
    try:
        data = json.loads(request.body or b"null", parse_constant=_reject_constant)
    except ValueError:
        raise InvalidInput({"body": _("The body is not valid JSON.")}) from None
    if not isinstance(data, dict):
        raise InvalidInput({"body": _("The body must be a JSON object.")})
    return data


def _compute(name: str, data: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(compute(name, data))
    except ScoreInputError as error:
        raise services.score_error(error) from None


@router.get("/scores", response=responses({200: list[ScoreFormOut]}))
def list_scores(request: HttpRequest) -> list[dict[str, Any]]:
    """Every score with the metadata a client needs to build its calculator form."""
    return [spec.form() for spec in SCORES.values()]


@router.post("/scores/{name}", response=responses({200: ScoreOut}, 409))
def calculate_score(request: HttpRequest, name: str) -> Any:
    """Same input and output as `tumorboard score NAME` (shared/contracts/scores.md)."""
    if name not in SCORES:
        return Status(404, {"error": f"unknown score {name!r}", "field": "name"})
    return _compute(name, _json_object(request))


def _record_out(record: ScoreRecord) -> dict[str, Any]:
    return {"id": record.external_id, "score": record.score_name,
            "version": record.score_version, "inputs": record.inputs, "result": record.result,
            "total": record.total, "category": record.category, "created": record.created,
            "recorded_by": record.recorded_by.get_username() if record.recorded_by else None}


def _decision_out(row: OptionDecision) -> dict[str, Any]:
    return {"id": row.external_id, "option_code": row.option_code, "decision": row.decision,
            "reason": row.reason, "referred_to": row.referred_to, "created": row.created,
            "screening": row.screening.external_id,
            "decided_by": row.decided_by.get_username() if row.decided_by else None}


@router.get("/cases/{case_id}/decision-support",
            response=responses({200: DecisionSupportOut}))
def case_decision_support(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    """The case's current screen, decisions and scores (a read: it never screens)."""
    case = queries.get_case(request.user, case_id, request=request)
    screening = services.latest_screening(case)
    decisions = OptionDecision.objects.filter(case=case).select_related("screening",
                                                                        "decided_by")
    records = ScoreRecord.objects.filter(case=case).select_related("recorded_by")
    return {"case": case.external_id, "screening": None if screening is None else {
        "id": screening.external_id, "ruleset_version": screening.ruleset_version,
        "created": screening.created, "result": screening.result},
        "decisions": [_decision_out(d) for d in decisions],
        "scores": [_record_out(r) for r in records]}


@router.post("/cases/{case_id}/decisions", response=responses({201: DecisionOut}, 409))
def record_decision(request: HttpRequest, case_id: uuid.UUID,
                    body: DecisionIn) -> Status[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, write=True)
    row = services.do_record_decision(request.user, case, body.option_code, body.decision,
                                      reason=body.reason, referred_to=body.referred_to,
                                      request=request)
    return Status(201, _decision_out(row))


@router.post("/cases/{case_id}/scores/{name}",
             response=responses({201: ScoreRecordOut}, 409))
def record_score(request: HttpRequest, case_id: uuid.UUID, name: str) -> Any:
    case = queries.get_case(request.user, case_id, write=True)
    if name not in SCORES:
        return Status(404, {"error": f"unknown score {name!r}", "field": "name"})
    record = services.do_record_score(request.user, case, name, _json_object(request),
                                      request=request)
    return Status(201, _record_out(record))


@router.get("/reports/missed-opportunities",
            response=responses({200: MissedOpportunitiesOut}))
def missed_opportunities(request: HttpRequest, site: str = "", pathway: str = "",
                         surgeon: str = "", date_from: str = "", date_to: str = "",
                         days: str = "") -> dict[str, Any]:
    """Figures for READ_PATIENTS and READ_AUDIT roles; the case list for READ_PATIENTS only."""
    user = request.user
    door.require(user, door.AGGREGATES)
    can_list = door.may(user, door.CLINICAL)  # the figures for all, the cases for some
    filters = report.parse_filters(user, {"site": site, "pathway": pathway, "surgeon": surgeon,
                                          "date_from": date_from, "date_to": date_to,
                                          "days": days})
    data = report.missed_opportunities(filters, with_cases=can_list)
    audit.record(user=user, action="view", object_type="missed_opportunity_report",
                 request=request, detail={**filters.echo, "with_cases": can_list})
    data["filters"] = filters.echo
    data["as_of"] = data["as_of"].isoformat() if isinstance(data["as_of"], dt.datetime) else None
    return data
