"""Web views of standard-of-care triage: the chair's triage screen, bulk ratification and
the time each discussion took."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import audit, door
from tumorboard.board import implementation, letters, meetings, preservation, queries, triage
from tumorboard.board.models import Meeting, Triage, Urgency
from tumorboard.patients import queries as patient_queries
from tumorboard.patients.validation import InvalidInput

MAX_UNLISTED = 100
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _error(request: HttpRequest, error: InvalidInput) -> None:
    messages.error(request, error.errors[error.field])


def _triage_page(request: HttpRequest, meeting: Meeting, status: int = 200) -> HttpResponse:
    listings = list(meeting.listings.select_related("case__patient").order_by("position", "id"))
    unlisted = list(triage.unlisted_new_cases(meeting.board)[:MAX_UNLISTED])
    audit.record(user=request.user, action="view", object_type="meeting_triage",
                 object_id=meeting.external_id, site_id=meeting.board.site_id, request=request,
                 detail={"patients": [str(item.case.patient.external_id) for item in listings],
                         "unlisted": [str(case.patient.external_id) for case in unlisted]})
    return render(request, "board/triage.html", {
        "meeting": meeting, "board": meeting.board, "listings": listings,
        "unlisted": unlisted, "may_add": meeting.starts_at > timezone.now(),
        "urgencies": Urgency.choices,
        "choices": Triage.choices, "is_chair": request.user.pk in meetings.chairs(meeting),
        "can_write": door.may(request.user, door.MDT, door.CHANGE)}, status=status)


@require_GET
def meeting_triage(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return _triage_page(request, queries.get_meeting(request.user, meeting_id))


@require_POST
def meeting_triage_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The chair adds an unlisted new case to the meeting, triaged (422 naming the field)."""
    meeting = queries.get_meeting(request.user, meeting_id, write=True)
    post = request.POST
    if not UUID_TEXT.fullmatch(post.get("case", "").lower()):
        messages.error(request, _("Choose the case to add."))
        return _triage_page(request, meeting, status=422)
    case = patient_queries.get_case(request.user, post["case"], write=True)
    try:
        triage.do_list_and_triage(request.user, meeting, case, post.get("triage", ""),
                                  question=post.get("question", ""),
                                  urgency=post.get("urgency", "routine"),
                                  protocol=post.get("protocol", ""), request=request)
    except InvalidInput as error:
        _error(request, error)
        return _triage_page(request, meeting, status=422)
    messages.success(request, _("Case added to the meeting and triaged."))
    return redirect("meeting-triage", meeting_id=meeting.external_id)


@require_POST
def listing_triage(request: HttpRequest, listing_id: str) -> HttpResponse:
    listing = queries.get_listing(request.user, listing_id, write=True)
    try:
        triage.do_triage(request.user, listing, request.POST.get("triage", ""),
                         protocol=request.POST.get("protocol", ""), request=request)
    except InvalidInput as error:
        _error(request, error)
    return redirect("meeting-triage", meeting_id=listing.meeting.external_id)


@require_POST
def meeting_ratify(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, write=True)
    try:
        count = triage.do_ratify_standard_of_care(request.user, meeting, request=request)
        messages.success(request, _("%(count)d standard-of-care cases ratified.")
                         % {"count": count})
    except InvalidInput as error:
        _error(request, error)
    return redirect("meeting-triage", meeting_id=meeting.external_id)


@require_POST
def listing_time(request: HttpRequest, listing_id: str) -> HttpResponse:
    listing = queries.get_listing(request.user, listing_id, write=True)
    try:
        minutes = request.POST.get("minutes", "")
        seconds = round(float(minutes) * 60) if minutes.replace(".", "", 1).isdigit() else None
        triage.do_record_time(request.user, listing, seconds, request=request)
    except InvalidInput as error:
        _error(request, error)
    return redirect("meeting-room", meeting_id=listing.meeting.external_id)


@require_POST
def recommendation_implementation(request: HttpRequest, rec_id: str) -> HttpResponse:
    """Was the signed recommendation carried out: yes, or no with a coded reason."""
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    answer = request.POST.get("implemented", "")
    try:
        implementation.do_record_implementation(
            request.user, rec, implemented={"yes": True, "no": False}.get(answer, answer),
            reason=request.POST.get("reason", ""), note=request.POST.get("note", ""),
            request=request)
        messages.success(request, _("Recorded."))
    except InvalidInput as error:
        _error(request, error)
    return redirect("recommendation-detail", rec_id=rec.external_id)


@require_GET
def listing_presentation(request: HttpRequest, listing_id: str) -> HttpResponse:
    """The case on the room's screen: summary, stage and TNM, biomarkers, scores, the
    screen's options, previous recommendations and the meeting's video link."""
    listing = queries.get_listing(request.user, listing_id)
    case = listing.case
    audit.record(user=request.user, action="view", object_type="case_presentation",
                 object_id=listing.external_id, patient_id=case.patient.external_id,
                 site_id=case.site_id, request=request)
    meeting = listing.meeting
    return render(request, "board/presentation.html", {
        "listing": listing, "case": case, "patient": case.patient, "meeting": meeting,
        "board": meeting.board, "tnm": letters.tnm(case), "biomarkers": letters.biomarkers(case),
        "scores": list(case.score_records.order_by("-created")[:10]),
        "options": preservation.raised_options(request.user, case, request=request),
        "history": [item for item in queries.case_history(case) if item.pk != listing.pk],
        "video_link": meeting.video_link or meeting.board.video_link})
