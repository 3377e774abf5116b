"""Web views of the meeting itself: the room screen, attendance and live quorum, the
structured recommendation (edit, sign off, new version) and its letters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import audit, door
from tumorboard.accounts.models import Specialty
from tumorboard.board import (
    implementation,
    labels,
    letters,
    meetings,
    queries,
    recommendations,
    services,
    versions,
)
from tumorboard.board.forms import dissent_rows, parse_recommendation, plan_rows
from tumorboard.board.models import ImmutableRecord, Letter, Meeting, Recommendation
from tumorboard.board.plan import MODALITIES, TRIAL_CHOICES
from tumorboard.board.templatetags.board_tags import person_name
from tumorboard.board.views import LABELLED
from tumorboard.core.forms import labelled_error
from tumorboard.patients.validation import InvalidInput

SPECIALTY_LABELS = dict(Specialty.choices)


def _quorum_context(meeting: Meeting) -> dict[str, Any]:
    result = services.meeting_quorum(meeting)
    return {"meeting": meeting, "quorum": result,
            "missing_labels": [SPECIALTY_LABELS.get(s, s) for s in result.missing],
            "present_labels": [SPECIALTY_LABELS.get(s, s) for s in result.present]}


@require_GET
def meeting_room(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    listings = list(meeting.listings.select_related("case__patient").order_by("position", "id")
                    .prefetch_related("recommendations"))
    attendees = meeting.attendance.select_related("user__profile").order_by("created")
    audit.record(user=request.user, action="view", object_type="meeting_room",
                 object_id=meeting.external_id, site_id=meeting.board.site_id, request=request,
                 detail={"cases": [str(item.case.external_id) for item in listings],
                         "patients": [str(item.case.patient.external_id) for item in listings]})
    return render(request, "board/room.html", {
        **_quorum_context(meeting), "board": meeting.board, "listings": listings,
        "attendees": attendees, "specialties": SPECIALTY_LABELS,
        "can_write": door.may(request.user, door.MDT, door.CHANGE)})


@require_GET
def meeting_quorum(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    return render(request, "board/_quorum.html", _quorum_context(meeting))


@require_POST
def meeting_status(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, write=True)
    try:
        meetings.do_change_status(request.user, meeting, request.POST.get("status", ""),
                                  request=request)
    except InvalidInput as error:
        _first_error(request, error)
    return redirect("meeting-room", meeting_id=meeting.external_id)


def _check_in_rows(request: HttpRequest, meeting: Meeting) -> list[tuple[User, dict[str, Any]]]:
    rows = []
    for member in meetings.members(meeting):
        prefix = f"m{member.pk}_"
        deputy = request.POST.get(prefix + "deputy_for") or ""
        rows.append((member, {
            "presence": request.POST.get(prefix + "presence", ""),
            "specialty": request.POST.get(prefix + "specialty", ""),
            "mode": request.POST.get(prefix + "mode", "") or None,
            "deputy_for": User.objects.filter(pk=deputy).first() if deputy.isdigit() else None,
        }))
    return rows


def meeting_check_in(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """One screen: every member of the site who may sit on the board, one row each."""
    meeting = queries.get_meeting(request.user, meeting_id, write=request.method == "POST")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            meetings.do_check_in(request.user, meeting, _check_in_rows(request, meeting),
                                 request=request)
            messages.success(request, _("Attendance saved."))
            return redirect("meeting-room", meeting_id=meeting.external_id)
        except InvalidInput as error:
            errors = error.errors
    recorded = {row.user_id: row for row in meeting.attendance.all()}
    member_rows = [{"user": m, "row": recorded.get(m.pk),
                    "specialty": recorded[m.pk].specialty if m.pk in recorded
                    else meetings.default_specialty(m.profile)}
                   for m in meetings.members(meeting)]
    return render(request, "board/check_in.html", {
        **_quorum_context(meeting), "board": meeting.board, "members": member_rows,
        "specialties": [(k, v) for k, v in Specialty.choices if k],
        "errors": errors}, status=422 if errors else 200)


@require_POST
def meeting_attendance(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, write=True)
    try:
        user_id = int(request.POST.get("leave") or request.POST.get("remove")
                      or request.POST.get("user") or 0)
        if request.POST.get("user"):
            attendee = User.objects.filter(pk=user_id).first()
            if attendee is None:
                raise InvalidInput({"user": gettext("Choose who is present.")})
            meetings.do_record_attendance(request.user, meeting, attendee, request=request)
        elif request.POST.get("leave"):
            meetings.do_leave(request.user, meeting, user_id, request=request)
        else:
            meetings.do_remove_attendee(request.user, meeting, user_id, request=request)
    except InvalidInput as error:
        _first_error(request, error)
    except ValueError:
        messages.error(request, _("Choose a member of the board."))
    return redirect("meeting-room", meeting_id=meeting.external_id)


def _first_error(request: HttpRequest, error: InvalidInput) -> None:
    messages.error(request, labelled_error(error.field, error.errors[error.field], LABELLED))


@require_POST
def recommendation_start(request: HttpRequest, listing_id: str) -> HttpResponse:
    listing = queries.get_listing(request.user, listing_id, write=True)
    try:
        rec = recommendations.do_start_recommendation(request.user, listing, request=request)
    except InvalidInput as error:
        _first_error(request, error)
        return redirect("meeting-room", meeting_id=listing.meeting.external_id)
    return redirect("recommendation-detail", rec_id=rec.external_id)


def _form_context(request: HttpRequest, rec: Recommendation, values: dict[str, Any],
                  errors: dict[str, str], lock_version: int) -> dict[str, Any]:
    decided = values.get("option_decisions") or {}
    options = [{**o, **(decided.get(o["code"]) or {}),
                "error": errors.get(f"option_decisions.{o['code']}", "")}
               for o in rec.raised_options]
    meeting = rec.listing.meeting
    members = [(m.get_username(), person_name(m)) for m in User.objects.filter(
        profile__sites__pk=rec.case.site_id).select_related("profile").order_by("last_name")]
    history = list(Recommendation.objects.filter(case=rec.case)
                   .select_related("listing__meeting__board", "signed_by")
                   .order_by("listing__meeting__starts_at", "version"))
    return {
        "rec": rec, "case": rec.case, "patient": rec.case.patient, "listing": rec.listing,
        "meeting": meeting, "board": meeting.board, "values": values, "errors": errors,
        "lock_version": lock_version, "options": options,
        "plan_rows": plan_rows(values.get("treatment_plan") or []),
        "dissent_rows": dissent_rows(values.get("dissent") or []),
        "modalities": [(m, labels.MODALITY_LABELS[m]) for m in MODALITIES],
        "trial_choices": [(t, labels.TRIAL_LABELS[t]) for t in TRIAL_CHOICES],
        "decision_choices": list(labels.DECISION_LABELS.items()),
        "members": members, "member_names": dict(members), "history": history,
        "superseded_by": Recommendation.objects.filter(supersedes=rec).first(),
        "differences": versions.differences(rec.supersedes, _stored_values(rec))
        if rec.supersedes_id else [],
        "language_names": dict(settings.LANGUAGES),
        "implementations": list(rec.implementations.order_by("-created")[:5]),
        "reasons": list(implementation.REASON_LABELS.items()),
        "reason_labels": implementation.REASON_LABELS,
        "is_chair": request.user.pk in meetings.chairs(meeting),
        "can_write": door.may(request.user, door.MDT, door.CHANGE),
        "letters": list(rec.letters.order_by("-created")) if rec.is_signed else [],
        "actions": list(rec.actions.order_by("due_date")) if rec.is_signed else [],
        "modality_labels": labels.MODALITY_LABELS, "intent_labels": labels.INTENT_LABELS,
        "trial_labels": labels.TRIAL_LABELS, "decision_labels": labels.DECISION_LABELS,
        **_quorum_context(meeting),
    }


def _stored_values(rec: Recommendation) -> dict[str, Any]:
    return {name: getattr(rec, name) for name in recommendations.CONTENT_FIELDS}


def recommendation_detail(request: HttpRequest, rec_id: str) -> HttpResponse:
    if request.method != "POST":
        rec = queries.get_recommendation(request.user, rec_id, request=request)
        context = _form_context(request, rec, _stored_values(rec), {}, rec.lock_version)
        return render(request, "board/recommendation.html", context)
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    values = parse_recommendation(request.POST, [o["code"] for o in rec.raised_options])
    try:
        lock = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock = -1
    sign = request.POST.get("action") == "sign"
    try:
        service = (recommendations.do_save_and_sign if sign
                   else recommendations.do_save_recommendation)
        rec = service(request.user, rec, values, lock_version=lock, request=request)
    except ImmutableRecord as error:
        messages.error(request, str(error))
        return redirect("recommendation-detail", rec_id=rec.external_id)
    except InvalidInput as error:
        # Re-show what the user typed: nothing is lost when a save is refused. After a
        # conflict the form carries the current lock and shows the other version beside
        # the user's, so the next save (knowingly on top of it) goes through.
        rec.refresh_from_db()
        context = _form_context(request, rec, values, error.errors, rec.lock_version)
        conflict = "lock_version" in error.errors
        if conflict:
            context.update(other=rec, conflict_rows=versions.differences(
                rec, values, all_rows=True))
        return render(request, "board/recommendation.html", context,
                      status=409 if conflict else 422)
    messages.success(request, _("Recommendation signed off.") if sign
                     else _("Draft saved."))
    return redirect("recommendation-detail", rec_id=rec.external_id)


@require_POST
def recommendation_new_version(request: HttpRequest, rec_id: str) -> HttpResponse:
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    try:
        draft = recommendations.do_new_version(
            request.user, rec, reason=request.POST.get("amendment_reason", ""), request=request)
    except InvalidInput as error:
        _first_error(request, error)
        return redirect("recommendation-detail", rec_id=rec.external_id)
    return redirect("recommendation-detail", rec_id=draft.external_id)


@require_POST
def recommendation_letters(request: HttpRequest, rec_id: str) -> HttpResponse:
    rec = queries.get_recommendation(request.user, rec_id, write=True)
    try:
        letters.do_generate_letters(
            request.user, rec, referrer_language=request.POST.get("referrer_language") or None,
            request=request)
        messages.success(request, _("Letters written."))
    except InvalidInput as error:
        _first_error(request, error)
    return redirect("recommendation-detail", rec_id=rec.external_id)


@require_GET
def letter_download(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = door.get(request.user, Letter, letter_id, request=request, record="export",
                      detail=lambda found: {"kind": found.kind})
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return response


@require_POST
def letter_sent(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = door.get(request.user, Letter, letter_id, action=door.CHANGE)
    try:
        letters.do_mark_sent(request.user, letter, request=request)
        messages.success(request, _("Letter marked sent."))
    except InvalidInput as error:
        _first_error(request, error)
    return redirect("recommendation-detail", rec_id=letter.recommendation.external_id)
