"""JSON API of the board app (under /api/v1): agendas, listing, structured recommendations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from tumorboard.accounts import audit, door
from tumorboard.board import (
    checklist,
    implementation,
    intent,
    labels,
    queries,
    recommendations,
    services,
)
from tumorboard.board.api_implementation import router as implementation_router
from tumorboard.board.api_people import (
    DissentOut,
    PersonOut,
    author_username,
    dissent_json,
    person_json,
)
from tumorboard.board.models import ImmutableRecord, Recommendation
from tumorboard.core.api_schemas import responses
from tumorboard.patients import queries as patient_queries

router = Router(tags=["board"])
router.add_router("", implementation_router)


class PlanItem(Schema):
    modality: str
    detail: str = ""


class OptionDecisionIn(Schema):
    decision: str = ""
    reason: str = ""
    referred_to: str = ""


class DissentIn(Schema):
    author: str  # the author's person id (PersonOut.id)
    text: str


class RecommendationIn(Schema):
    lock_version: int
    discussion_summary: str | None = None
    intent: str | None = None
    treatment_plan: list[PlanItem] | None = None
    option_decisions: dict[str, OptionDecisionIn] | None = None
    trial_consideration: str | None = None
    trial_notes: str | None = None
    patient_preferences: str | None = None
    dissent: list[DissentIn] | None = None
    condition: str | None = None
    relist_on: str | None = None  # YYYY-MM-DD: the case comes back to the board


class SignOffIn(Schema):
    lock_version: int


class ListingIn(Schema):
    case_id: str
    question: str
    urgency: str = "routine"


class ActionOut(Schema):
    description: str
    due_date: str
    done_date: str | None
    cancelled: bool


class RecommendationOut(Schema):
    id: str
    case_id: str
    patient_id: str
    board: str
    meeting_id: str
    meeting_starts_at: str
    question: str
    version: int
    lock_version: int
    supersedes: str | None
    status: str
    signed_by: PersonOut | None
    signed_at: str | None
    quorate: bool | None
    discussion_summary: str
    intent: str | None
    treatment_plan: list[dict[str, Any]]
    raised_options: Any
    option_decisions: Any
    trial_consideration: str | None
    trial_notes: str
    patient_preferences: str
    dissent: list[DissentOut]
    actions: list[ActionOut]


class BoardOut(Schema):
    id: str
    name: str
    site: str
    tumour_group: str
    weekday: int
    start_time: str
    chair: PersonOut | None
    core_specialties: list[str]
    upcoming_meetings: list[str]


class QuorumOut(Schema):
    quorate: bool
    present: list[str]
    missing: list[str]


class AgendaItemOut(Schema):
    id: str
    position: int
    case_id: str
    patient: str
    question: str
    urgency: str
    late: bool
    checklist: Any


class MeetingOut(Schema):
    id: str
    board: str
    starts_at: str
    listing_deadline: str
    standing_items: Any
    quorum: QuorumOut
    listings: list[AgendaItemOut]


class ListingOut(Schema):
    id: str
    position: int
    late: bool


class OverdueActionOut(Schema):
    id: str
    case_id: str
    description: str
    due_date: str


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    meeting = rec.listing.meeting
    return {
        "id": str(rec.external_id), "case_id": str(rec.case.external_id),
        "patient_id": str(rec.case.patient.external_id),
        "board": meeting.board.name, "meeting_id": str(meeting.external_id),
        "meeting_starts_at": meeting.starts_at.isoformat(), "question": rec.listing.question,
        "version": rec.version, "lock_version": rec.lock_version,
        "supersedes": str(rec.supersedes.external_id) if rec.supersedes else None,
        "status": "signed" if rec.is_signed else "draft",
        "signed_by": person_json(rec.signed_by),
        "signed_at": rec.signed_at.isoformat() if rec.signed_at else None,
        "quorate": rec.quorate,
        "discussion_summary": rec.discussion_summary, "intent": rec.intent or None,
        "treatment_plan": [{"order": i, **item} for i, item in
                           enumerate(rec.treatment_plan, start=1)],
        "raised_options": rec.raised_options, "option_decisions": rec.option_decisions,
        "trial_consideration": rec.trial_consideration or None,
        "trial_notes": rec.trial_notes, "patient_preferences": rec.patient_preferences,
        "dissent": dissent_json(rec.dissent), "condition": rec.condition,
        "relist_on": rec.relist_on.isoformat() if rec.relist_on else None,
        "actions": [{"description": labels.action_text(a.kind, a.params, a.description),
                     "kind": a.kind, "due_date": a.due_date.isoformat(),
                     "done_date": a.done_date.isoformat() if a.done_date else None,
                     "cancelled": a.cancelled} for a in rec.actions.order_by("due_date", "id")],
    }


def _conflict(error: Exception) -> JsonResponse:
    message = str(error) if isinstance(error, ImmutableRecord) else \
        recommendations.EditConflict().errors["lock_version"]
    field = "signed_at" if isinstance(error, ImmutableRecord) else "lock_version"
    return JsonResponse({"error": message, "field": field,
                         "errors": [{"field": field, "error": message}]}, status=409)


@router.get("/boards", response=responses({200: list[BoardOut]}))
def list_boards(request: HttpRequest) -> list[dict[str, Any]]:
    """The boards of the caller's sites."""
    return [{"id": str(b.external_id), "name": b.name, "site": b.site.code,
             "tumour_group": b.tumour_group, "weekday": b.weekday,
             "start_time": b.start_time.isoformat(), "chair": person_json(b.chair),
             "core_specialties": b.core_specialties,
             "upcoming_meetings": [str(m.external_id) for m in
                                   b.meetings.filter(starts_at__gte=timezone.now())[:8]]}
            for b in queries.boards_for(request.user).select_related("chair__profile")]


@router.get("/meetings/{meeting_id}", response=responses({200: MeetingOut}))
def get_meeting(request: HttpRequest, meeting_id: str) -> dict[str, Any]:
    """A meeting's agenda in order, each case with its pre-meeting checklist; and quorum."""
    meeting = queries.get_meeting(request.user, meeting_id)
    quorum = services.meeting_quorum(meeting)
    listings = list(meeting.listings.select_related("case__patient").order_by("position", "id"))
    audit.record(user=request.user, action="view", object_type="meeting_agenda",
                 object_id=meeting.external_id, site_id=meeting.board.site_id, request=request,
                 detail={"cases": [str(item.case.external_id) for item in listings],
                         "patients": [str(item.case.patient.external_id) for item in listings]})
    return {
        "id": str(meeting.external_id), "board": meeting.board.name,
        "starts_at": meeting.starts_at.isoformat(),
        "listing_deadline": meeting.listing_deadline.isoformat(),
        "standing_items": meeting.standing_items,
        "quorum": {"quorate": quorum.quorate, "present": list(quorum.present),
                   "missing": list(quorum.missing)},
        "listings": [{"id": str(item.external_id), "position": index,
                      "case_id": str(item.case.external_id),
                      "patient": item.case.patient.display_name, "question": item.question,
                      "urgency": item.urgency, "late": item.late,
                      "checklist": checklist.checklist(item)}
                     for index, item in enumerate(listings, start=1)],
    }


@router.post("/meetings/{meeting_id}/listings", response=responses({201: ListingOut}, 409))
def list_case(request: HttpRequest, meeting_id: str,
              payload: ListingIn) -> Status[dict[str, Any]]:
    """List a case for the meeting (refused after the listing deadline unless urgent)."""
    meeting = queries.get_meeting(request.user, meeting_id, write=True)
    case = patient_queries.get_case(request.user, payload.case_id, write=True)
    listing = services.do_list_case(request.user, case, meeting, question=payload.question,
                                    urgency=payload.urgency, request=request)
    return Status(201, {"id": str(listing.external_id), "position": listing.position,
                        "late": listing.late})


@router.get("/cases/{case_id}/recommendations",
            response=responses({200: list[RecommendationOut]}))
def case_recommendations(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
    """Every recommendation of the case, oldest meeting first, versions in order."""
    case = patient_queries.get_case(request.user, case_id, request=request)
    recs = (Recommendation.objects.filter(case=case)
            .select_related("listing__meeting__board", "case__patient", "signed_by__profile",
                            "supersedes")
            .order_by("listing__meeting__starts_at", "version"))
    return [recommendation_json(rec) for rec in recs]


@router.get("/recommendations/{rec_id}", response=responses({200: RecommendationOut}))
def get_recommendation(request: HttpRequest, rec_id: str) -> dict[str, Any]:
    """The structured recommendation."""
    return recommendation_json(queries.get_recommendation(request.user, rec_id,
                                                          request=request))


@router.put("/recommendations/{rec_id}", response=responses({200: RecommendationOut}, 409))
def update_recommendation(request: HttpRequest, rec_id: str,
                          payload: RecommendationIn) -> Any:
    """Save a draft. 409 when someone saved it after `lock_version` was read, or it is
    signed."""
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    values = payload.dict(exclude_none=True)
    lock = values.pop("lock_version")
    for row in values.get("dissent") or []:
        row["author"] = author_username(row["author"])
    try:
        rec = recommendations.do_save_recommendation(request.user, rec, values,
                                                     lock_version=lock, request=request)
    except (recommendations.EditConflict, ImmutableRecord) as error:
        return _conflict(error)
    return recommendation_json(rec)


@router.post("/recommendations/{rec_id}/sign-off",
             response=responses({200: RecommendationOut}, 409))
def sign_off(request: HttpRequest, rec_id: str, payload: SignOffIn) -> Any:
    """The chair signs off; refused (422) naming required fields that are empty."""
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    try:
        rec = recommendations.do_sign_off(request.user, rec, lock_version=payload.lock_version,
                                          request=request)
    except (recommendations.EditConflict, ImmutableRecord) as error:
        return _conflict(error)
    return recommendation_json(rec)


@router.get("/actions/overdue", response=responses({200: list[OverdueActionOut]}))
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    """Follow-through actions past their due date, not done."""
    rows = list(queries.overdue_actions(request.user)[:500])
    audit.record(user=request.user, action="view", object_type="board_actions_overdue",
                 request=request, detail={"rows": len(rows), "patients": sorted(
                     {str(a.case.patient.external_id) for a in rows})})
    return [{"id": str(a.external_id), "case_id": str(a.case.external_id),
             "description": labels.action_text(a.kind, a.params, a.description),
             "due_date": a.due_date.isoformat()} for a in rows]


class TallyOut(Schema):
    kept: int
    intents: int
    share: float | None
    cases: list[dict[str, Any]] | None = None


class IntentKeptOut(Schema):
    board: TallyOut | None
    by_site: dict[str, TallyOut]
    by_surgeon: dict[str, TallyOut]


def _tally_json(tally: intent.Tally, with_cases: bool) -> dict[str, Any]:
    cases = [{"case_id": str(c["case"].external_id), "option": c["option"], "kept": c["kept"]}
             for c in tally.cases] if with_cases else None
    return {"kept": tally.kept, "intents": tally.intents, "share": tally.share,
            "cases": cases}


@router.get("/boards/{board_id}/intent-kept", response=responses({200: IntentKeptOut}))
def intent_kept(request: HttpRequest, board_id: str) -> dict[str, Any]:
    """The 'preserving intent kept' measure of a board, by site and by surgeon; the cases
    behind it for those who may see MDT records."""
    board = queries.get_board(request.user, board_id)
    kept = implementation.intent_kept([board])
    with_cases = door.may(request.user, door.MDT)
    if with_cases:
        audit.record(user=request.user, action="view", object_type="board_intent_kept",
                     object_id=board.external_id, site_id=board.site_id, request=request,
                     detail={"patients": sorted({str(c["case"].patient.external_id)
                                                 for t in kept["board"].values()
                                                 for c in t.cases})})
    mine = kept["board"].get(board.name)
    return {"board": _tally_json(mine, with_cases) if mine else None,
            "by_site": {k: _tally_json(v, with_cases) for k, v in kept["site"].items()},
            "by_surgeon": {k: _tally_json(v, with_cases) for k, v in kept["surgeon"].items()}}
