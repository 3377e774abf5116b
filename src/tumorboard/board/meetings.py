"""A meeting's life (scheduled -> in session -> closed, each change a row) and its
attendance: one-screen check-in of the board's members, each recorded with the specialty
they attend as, present or sending apologies, in person or remote, deputising, leaving early.
Quorum is counted per case, from who is in the room when the chair signs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import Profile, Role, Specialty
from tumorboard.board.models import (
    Attendance,
    AttendMode,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Presence,
)
from tumorboard.board.quorum import QuorumResult, check_quorum
from tumorboard.patients.validation import InvalidInput, choice_label

# A session may be opened from this long before the meeting's start (set-up, early joiners).
OPEN_BEFORE = dt.timedelta(hours=2)
# Roles that may sit on a board: clinicians, and coordinators (nurse navigators), who count
# for a specialty only when recorded as attending as one.
ATTENDING_ROLES = (Role.CLINICIAN, Role.COORDINATOR)
NEXT_STATUS = {MeetingStatus.SCHEDULED: MeetingStatus.IN_SESSION,
               MeetingStatus.IN_SESSION: MeetingStatus.CLOSED}


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def chairs(meeting: Meeting) -> set[int]:
    board = meeting.board
    return {pk for pk in (board.chair_id, board.deputy_chair_id) if pk}


def may_sign_now(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """'' when a recommendation of this meeting may be signed now, else the reason."""
    now = now or timezone.now()
    if meeting.status == MeetingStatus.CLOSED:
        return "The meeting is closed: its records can no longer be changed."
    if meeting.status != MeetingStatus.IN_SESSION and meeting.starts_at > now:
        return "The meeting has not started: sign-off happens in session or after it."
    return ""


def require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise InvalidInput({"meeting": gettext(
            "The meeting is closed: its records can no longer be "
                                       "changed.")})


@transaction.atomic
def do_change_status(user: AnyUser, meeting: Meeting, to_status: str, *,
                     now: dt.datetime | None = None,
                     request: HttpRequest | None = None) -> Meeting:
    """Open the session (not earlier than two hours before the start) or close it."""
    door.check(user, meeting, door.CHANGE)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if NEXT_STATUS.get(MeetingStatus(locked.status)) != to_status:
        raise InvalidInput({"status": gettext("A meeting cannot move from %(old)s to %(new)s.")
                            % {"old": choice_label(Meeting, "status", locked.status),
                               "new": choice_label(Meeting, "status", to_status)}})
    if to_status == MeetingStatus.IN_SESSION and now < locked.starts_at - OPEN_BEFORE:
        raise InvalidInput({"status": gettext("The session can be opened from two hours before the "
                                      "meeting starts.")})
    MeetingStatusChange.objects.create(meeting=locked, from_status=locked.status,
                                       to_status=to_status, changed_by=_real(user))
    Meeting.objects.filter(pk=locked.pk).update(status=to_status, modified=now)
    meeting.status = to_status
    audit.record(user=user, action="update", object_type="meeting",
                 object_id=meeting.external_id, site_id=meeting.board.site_id,
                 request=request, detail={"status": [locked.status, to_status]})
    return meeting


def members(meeting: Meeting) -> list[DjangoUser]:
    """Who may be checked in: the site's clinicians and coordinators, by name."""
    return list(DjangoUser.objects.filter(
        profile__sites__pk=meeting.board.site_id, profile__role__in=ATTENDING_ROLES,
        is_active=True).select_related("profile").order_by("last_name", "first_name", "pk"))


def default_specialty(profile: Profile) -> str:
    """A clinician attends as their specialty; a coordinator as nothing until so recorded."""
    return profile.specialty if profile.role == Role.CLINICIAN else ""


def attendance_errors(meeting: Meeting, attendee: DjangoUser,
                      row: dict[str, Any]) -> tuple[Profile | None, dict[str, str]]:
    profile = Profile.objects.filter(user=attendee, sites__pk=meeting.board.site_id).first()
    if profile is None:
        return None, {"user": gettext("Only members of the board's site can be recorded here.")}
    if profile.role not in ATTENDING_ROLES:
        return profile, {"user": gettext("Only clinicians and coordinators sit on a board.")}
    errors: dict[str, str] = {}
    specialty = row.get("specialty")
    if specialty not in (None, "") and specialty not in Specialty.values:
        errors["specialty"] = gettext("Choose one of the listed specialties.")
    if (row.get("presence") or Presence.PRESENT) not in Presence.values:
        errors["presence"] = gettext("Choose present or apologies.")
    if (row.get("mode") or AttendMode.IN_PERSON) not in AttendMode.values:
        errors["mode"] = gettext("Choose in person or remote.")
    deputy_for = row.get("deputy_for")
    if deputy_for is not None and (deputy_for == attendee or not Profile.objects.filter(
            user=deputy_for, sites__pk=meeting.board.site_id).exists()):
        errors["deputy_for"] = gettext("A deputy stands in for another member of the site.")
    return profile, errors


def _record(user: AnyUser, meeting: Meeting, attendee: DjangoUser, row: dict[str, Any],
            request: HttpRequest | None) -> Attendance:
    profile, errors = attendance_errors(meeting, attendee, row)
    if errors or profile is None:
        raise InvalidInput(errors)
    specialty = row.get("specialty")
    values = {"specialty": default_specialty(profile) if specialty is None else specialty,
              "presence": row.get("presence") or Presence.PRESENT,
              "mode": row.get("mode") or AttendMode.IN_PERSON,
              "deputy_for": row.get("deputy_for"), "recorded_by": _real(user)}
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, user=attendee, defaults=values)
    audit.record(user=user, action="update", object_type="attendance",
                 object_id=attendance.external_id, site_id=meeting.board.site_id,
                 request=request, detail={"meeting": str(meeting.external_id),
                                          "attendee": str(attendee.pk),
                                          "specialty": values["specialty"],
                                          "presence": values["presence"],
                                          "mode": values["mode"]})
    return attendance


@transaction.atomic
def do_record_attendance(user: AnyUser, meeting: Meeting, attendee: DjangoUser,
                         row: dict[str, Any] | None = None, *,
                         request: HttpRequest | None = None) -> Attendance:
    door.check(user, meeting, door.CHANGE)
    require_open(meeting)
    return _record(user, meeting, attendee, row or {}, request)


@transaction.atomic
def do_check_in(user: AnyUser, meeting: Meeting,
                rows: Sequence[tuple[DjangoUser, dict[str, Any]]], *,
                request: HttpRequest | None = None) -> list[Attendance]:
    """The check-in screen: every member's row saved in one action. A member whose row says
    neither present nor apologies is left out (and removed if recorded before)."""
    door.check(user, meeting, door.CHANGE)
    require_open(meeting)
    saved, errors = [], {}
    for attendee, row in rows:
        if not row.get("presence"):
            Attendance.objects.filter(meeting=meeting, user=attendee).delete()
            continue
        try:
            saved.append(_record(user, meeting, attendee, row, request))
        except InvalidInput as error:
            errors.update({f"{attendee.pk}.{k}": v for k, v in error.errors.items()})
    if errors:
        raise InvalidInput(errors)
    return saved


@transaction.atomic
def do_leave(user: AnyUser, meeting: Meeting, attendee_id: int, *,
             now: dt.datetime | None = None, request: HttpRequest | None = None) -> None:
    """A member leaves the room: cases signed from now on no longer count them."""
    door.check(user, meeting, door.CHANGE)
    require_open(meeting)
    now = now or timezone.now()
    updated = Attendance.objects.filter(meeting=meeting, user_id=attendee_id,
                                        left_at__isnull=True).update(left_at=now, modified=now)
    if updated:
        audit.record(user=user, action="update", object_type="attendance",
                     site_id=meeting.board.site_id, request=request,
                     detail={"meeting": str(meeting.external_id), "left": str(attendee_id)})


@transaction.atomic
def do_remove_attendee(user: AnyUser, meeting: Meeting, attendee_id: int, *,
                       request: HttpRequest | None = None) -> None:
    door.check(user, meeting, door.CHANGE)
    require_open(meeting)
    deleted, _rows = Attendance.objects.filter(meeting=meeting, user_id=attendee_id).delete()
    if deleted:
        audit.record(user=user, action="delete", object_type="attendance",
                     site_id=meeting.board.site_id, request=request,
                     detail={"meeting": str(meeting.external_id), "attendee_id": attendee_id})


def in_room(meeting: Meeting) -> list[Attendance]:
    return list(Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT,
                                          left_at__isnull=True).select_related("user"))


def meeting_quorum(meeting: Meeting) -> QuorumResult:
    """Quorum now: the specialties of those present and still in the room."""
    return check_quorum(meeting.board.core_specialties,
                        [row.specialty for row in in_room(meeting)])
