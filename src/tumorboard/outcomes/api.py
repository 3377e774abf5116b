"""Registry records and figures in the JSON API (/api/v1)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from tumorboard.accounts import audit, door
from tumorboard.core.api_schemas import ApiDate, responses
from tumorboard.outcomes import registry, services
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.patients import queries
from tumorboard.patients.validation import InvalidInput

router = Router(tags=["outcomes"])


class OperationIn(Schema):
    date: ApiDate
    procedure: str
    intent: str
    surgeon: str | None = Field(None, description="username of the operating surgeon")
    margin: str = ""
    reconstruction: str = ""
    reconstruction_type: str = ""
    flap: str = ""
    sphincter_preserved: bool | None = None
    anastomosis_height_cm: Decimal | None = None
    diverting_stoma: bool | None = None
    stoma_closure_date: ApiDate | None = None
    permanent_stoma_18m: bool | None = None
    limb_outcome: str = ""
    limb_reconstruction: str = ""
    technique: str = Field("", description="the technique as the network teaches it")
    technique_version: str = Field("", description="its version, such as 3.0")
    instrument_kit: str = ""
    kit_lot: str = Field("", description="the instrument kit's lot (free text)")
    notes: str = Field("", max_length=300)


class ComplicationIn(Schema):
    type: str
    grade: str = Field(..., description="Clavien-Dindo: I, II, IIIa, IIIb, IVa, IVb, V")
    date: ApiDate
    description: str = Field("", max_length=300)


class FollowUpIn(Schema):
    type: str
    date: ApiDate
    cause_of_death: str = ""
    notes: str = Field("", max_length=300)


class FunctionScoreIn(Schema):
    operation: uuid.UUID
    instrument: str
    time_point_months: int
    assessed_on: ApiDate
    inputs: dict[str, Any]


class ComplicationOut(Schema):
    id: uuid.UUID
    operation: uuid.UUID
    type: str
    grade: str
    date: dt.date
    description: str


class OperationOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    surgeon: str | None
    date: dt.date
    procedure: str
    intent: str
    margin: str
    reconstruction: str
    reconstruction_type: str
    flap: str
    sphincter_preserved: bool | None
    anastomosis_height_cm: Decimal | None
    diverting_stoma: bool | None
    stoma_closure_date: dt.date | None
    permanent_stoma_18m: bool | None
    limb_outcome: str
    limb_reconstruction: str
    technique: str
    technique_version: str
    instrument_kit: str
    kit_lot: str
    notes: str
    cci: float | None
    complications: list[ComplicationOut]


class FollowUpOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    type: str
    date: dt.date
    cause_of_death: str
    notes: str


class FunctionScoreOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    operation: uuid.UUID
    instrument: str
    time_point_months: int
    assessed_on: dt.date
    inputs: dict[str, Any]
    total: float | None
    category: str


class RegistryOut(Schema):
    """The dashboard's figures (outcomes.registry); sections differ by pathway."""

    filters: dict[str, Any]
    suppressed: bool
    n: int | None = Field(description="blank (null) when suppressed below 5 patients")
    os: Any = Field(description="overall survival")
    dfs: Any = Field(description="disease-free survival")
    local_recurrence: Any
    rates: Any
    cci: Any
    completeness: Any


def operation_out(op: Operation) -> dict[str, Any]:
    fields = ("date", "procedure", "intent", "margin", "reconstruction", "reconstruction_type",
              "flap", "sphincter_preserved", "anastomosis_height_cm", "diverting_stoma",
              "stoma_closure_date", "permanent_stoma_18m", "limb_outcome",
              "limb_reconstruction", "technique", "technique_version", "instrument_kit",
              "kit_lot", "notes", "cci")
    data = {name: getattr(op, name) for name in fields}
    return {"id": op.external_id, "case": op.case.external_id,
            "surgeon": op.surgeon.get_username() if op.surgeon else None, **data,
            "complications": [complication_out(c, op) for c in op.complications.all()]}


def complication_out(cx: Complication, op: Operation) -> dict[str, Any]:
    return {"id": cx.external_id, "operation": op.external_id, "type": cx.type,
            "grade": cx.grade, "date": cx.date, "description": cx.description}


def event_out(event: FollowUpEvent) -> dict[str, Any]:
    return {"id": event.external_id, "case": event.case.external_id, "type": event.type,
            "date": event.date, "cause_of_death": event.cause_of_death, "notes": event.notes}


def score_out(score: FunctionScore) -> dict[str, Any]:
    return {"id": score.external_id, "case": score.case.external_id,
            "operation": score.operation.external_id, "instrument": score.instrument,
            "time_point_months": score.time_point_months, "assessed_on": score.assessed_on,
            "inputs": score.inputs, "total": score.total, "category": score.category}


def _surgeon(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidInput({"surgeon": gettext("Choose a surgeon of this hospital.")})
    return user


@router.get("/cases/{case_id}/operations", response=responses({200: list[OperationOut]}))
def list_operations(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, request=request)
    operations = (Operation.objects.filter(case=case).select_related("surgeon", "case")
                  .prefetch_related("complications"))
    return [operation_out(op) for op in operations]


@router.post("/cases/{case_id}/operations", response=responses({201: OperationOut}, 409))
def create_operation(request: HttpRequest, case_id: uuid.UUID,
                     body: OperationIn) -> Status[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, write=True)
    values = {k: val for k, val in body.dict().items() if val not in (None, "")}
    values["surgeon"] = _surgeon(body.surgeon)
    op = services.do_record_operation(request.user, case, values, request=request)
    return Status(201, operation_out(op))


@router.get("/cases/{case_id}/complications", response=responses({200: list[ComplicationOut]}))
def list_complications(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, request=request)
    rows = Complication.objects.filter(operation__case=case).select_related("operation")
    return [complication_out(cx, cx.operation) for cx in rows]


@router.post("/operations/{operation_id}/complications",
             response=responses({201: ComplicationOut}, 409))
def create_complication(request: HttpRequest, operation_id: uuid.UUID,
                        body: ComplicationIn) -> Status[dict[str, Any]]:
    op = Operation.objects.select_related("case").filter(external_id=operation_id).first()
    if op is None:
        raise Http404("No such operation")
    queries.get_case(request.user, op.case.external_id, write=True)
    cx = services.do_record_complication(request.user, op, body.dict(), request=request)
    return Status(201, complication_out(cx, op))


@router.get("/cases/{case_id}/follow-up-events", response=responses({200: list[FollowUpOut]}))
def list_follow_up(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, request=request)
    return [event_out(e) for e in FollowUpEvent.objects.filter(case=case).select_related("case")]


@router.post("/cases/{case_id}/follow-up-events", response=responses({201: FollowUpOut}, 409))
def create_follow_up(request: HttpRequest, case_id: uuid.UUID,
                     body: FollowUpIn) -> Status[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, write=True)
    event = services.do_record_follow_up(request.user, case, body.dict(), request=request)
    return Status(201, event_out(event))


@router.get("/cases/{case_id}/function-scores",
            response=responses({200: list[FunctionScoreOut]}))
def list_function_scores(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, request=request)
    return [score_out(s) for s in FunctionScore.objects.filter(case=case).select_related(
        "case", "operation")]


@router.post("/cases/{case_id}/function-scores", response=responses({201: FunctionScoreOut}, 409))
def create_function_score(request: HttpRequest, case_id: uuid.UUID,
                          body: FunctionScoreIn) -> Status[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, write=True)
    values = body.dict()
    values["operation"] = Operation.objects.filter(external_id=body.operation,
                                                   case=case).first()
    score = services.do_record_function_score(request.user, case, values, request=request)
    return Status(201, score_out(score))


@router.get("/outcomes/registry", response=responses({200: RegistryOut}))
def registry_figures(request: HttpRequest, pathway: str = "breast", site: str = "",
                     year_from: str = "", year_to: str = "", surgeon: str = "",
                     stage: str = "") -> dict[str, Any]:
    """The dashboard's figures. Suppressed (cells < 5 patients blanked) for a multi-site
    aggregate and for roles that may not see patients (auditor)."""
    params = {"pathway": pathway, "site": site, "year_from": year_from, "year_to": year_to,
              "surgeon": surgeon, "stage": stage}
    filters = registry.parse_filters(request.user, params)
    suppress = filters.multi_site or not door.may(request.user, door.OUTCOMES)
    result = registry.compute_registry(filters, suppress=suppress, today=timezone.localdate())
    audit.record(user=request.user, action="view", object_type="outcomes_registry",
                 request=request, detail={**result.figures["filters"], "suppressed": suppress})
    return result.figures
