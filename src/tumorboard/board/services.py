"""Writes of boards, meetings, listings, attendance and agenda templates: atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import Profile, Specialty
from tumorboard.board import agenda, meetings
from tumorboard.board.models import (
    GROUP_OF_PATHWAY,
    AgendaTemplate,
    Attendance,
    Board,
    Listing,
    Meeting,
    TumourGroup,
    Urgency,
)
from tumorboard.board.queries import MANAGE_BOARDS
from tumorboard.board.quorum import QuorumResult
from tumorboard.board.zones import local_time, zone_of
from tumorboard.network.models import Site
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput, at_most, choice_label

MAX_QUESTION = 1000


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def _site_member(user: DjangoUser | None, site_id: int) -> bool:
    return user is not None and Profile.objects.filter(user=user, sites__pk=site_id).exists()


def board_errors(site: Site, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("tumour_group") not in TumourGroup.values:
        errors["tumour_group"] = gettext("Choose a tumour group.")
    if not str(values.get("name") or "").strip():
        errors["name"] = gettext("Give the board a name.")
    if values.get("weekday") not in range(7):
        errors["weekday"] = gettext("Choose a weekday.")
    if not isinstance(values.get("start_time"), dt.time):
        errors["start_time"] = gettext("Give the start time as HH:MM.")
    link = str(values.get("video_link") or "").strip()
    if link and not link.lower().startswith(("https://", "http://")):
        errors["video_link"] = gettext("Give the video call's web address (https://…).")
    core = values.get("core_specialties") or []
    unknown = [s for s in core if s not in Specialty.values or not s]
    if not core or unknown:
        errors["core_specialties"] = (gettext("Choose at least one core specialty.") if not core
                                      else gettext("Choose one of the listed specialties."))
    chair = values.get("chair")
    if not isinstance(chair, DjangoUser) or not _site_member(chair, site.pk):
        errors["chair"] = gettext("The chair must be a member of this site.")
    if Board.objects.filter(site=site, name=str(values.get("name") or "").strip()).exists():
        errors["name"] = gettext("This site already has a board with that name.")
    return errors


@transaction.atomic
def do_create_board(user: AnyUser, site: Site, values: dict[str, Any], *,
                    request: HttpRequest | None = None) -> Board:
    access.require_role(user, MANAGE_BOARDS)
    access.require_site(user, site.pk)
    errors = board_errors(site, values)
    if errors:
        raise InvalidInput(errors)
    board = Board.objects.create(
        site=site, tumour_group=values["tumour_group"], name=values["name"].strip(),
        weekday=values["weekday"], start_time=values["start_time"], chair=values["chair"],
        listing_deadline_hours=values.get("listing_deadline_hours", 48),
        core_specialties=list(dict.fromkeys(values["core_specialties"])),
        video_link=str(values.get("video_link") or "").strip())
    audit.record(user=user, action="create", object_type="board", object_id=board.external_id,
                 site_id=site.pk, request=request, detail={"name": board.name})
    return board


def next_dates(board: Board, start: dt.date, weeks: int) -> list[dt.datetime]:
    """The board's regular meeting times in the `weeks` weeks from `start` (inclusive)."""
    first = start + dt.timedelta(days=(board.weekday - start.weekday()) % 7)
    zone = zone_of(board.site)
    return [dt.datetime.combine(first + dt.timedelta(weeks=i), board.start_time, tzinfo=zone)
            for i in range(weeks)]


@transaction.atomic
def do_schedule_meeting(user: AnyUser, board: Board, starts_at: dt.datetime, *,
                        request: HttpRequest | None = None) -> Meeting:
    access.require_role(user, MANAGE_BOARDS)
    access.require_site(user, board.site_id)
    if timezone.is_naive(starts_at):
        raise InvalidInput({"starts_at": gettext("Give the time with its time zone.")})
    meeting, created = Meeting.objects.get_or_create(
        board=board, starts_at=starts_at,
        defaults={"listing_deadline":
                  starts_at - dt.timedelta(hours=board.listing_deadline_hours)})
    if created:
        audit.record(user=user, action="create", object_type="meeting",
                     object_id=meeting.external_id, site_id=board.site_id, request=request,
                     detail={"starts_at": starts_at.isoformat()})
    return meeting


def do_schedule_weeks(user: AnyUser, board: Board, weeks: int, *,
                      request: HttpRequest | None = None) -> list[Meeting]:
    if not 1 <= weeks <= 26:
        raise InvalidInput({"weeks": gettext("Schedule from 1 to 26 weeks at a time.")})
    return [do_schedule_meeting(user, board, when, request=request)
            for when in next_dates(board, timezone.localdate(), weeks)]


def listing_errors(case: Case, meeting: Meeting, question: str, urgency: str,
                   now: dt.datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not question.strip():
        errors["question"] = gettext("Say what the board should decide.")
    elif len(question) > MAX_QUESTION:
        errors["question"] = at_most(MAX_QUESTION)
    if urgency not in Urgency.values:
        errors["urgency"] = gettext("Choose routine or urgent.")
    board = meeting.board
    if case.site_id != board.site_id:
        errors["meeting"] = gettext("The meeting belongs to another site's board.")
    elif GROUP_OF_PATHWAY.get(case.pathway) != board.tumour_group:
        errors["meeting"] = gettext("This board does not discuss cases of the %(pathway)s "
                                    "pathway.") % {"pathway": choice_label(Case, "pathway",
                                                                           case.pathway)}
    elif meeting.starts_at <= now:
        errors["meeting"] = gettext("This meeting has already started.")
    elif Listing.objects.filter(meeting=meeting, case=case).exists():
        errors["meeting"] = gettext("The case is already listed for this meeting.")
    elif now > meeting.listing_deadline and urgency != Urgency.URGENT:
        deadline = local_time(meeting.listing_deadline, board.site)
        errors["meeting"] = gettext(
            "The listing deadline (%(deadline)s) has passed: choose a later meeting, or mark "
            "the case urgent.") % {"deadline": date_format(deadline, "DATETIME_FORMAT")}
    return errors


@transaction.atomic
def do_list_case(user: AnyUser, case: Case, meeting: Meeting, *, question: str,
                 urgency: str = Urgency.ROUTINE, now: dt.datetime | None = None,
                 request: HttpRequest | None = None) -> Listing:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, case.site_id)
    now = now or timezone.now()
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # serialise positions
    errors = listing_errors(case, meeting, question, urgency, now)
    if errors:
        raise InvalidInput(errors)
    last = Listing.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"]
    listing = Listing.objects.create(
        meeting=meeting, case=case, question=question.strip(), urgency=urgency,
        position=(last or 0) + 1, late=now > meeting.listing_deadline, listed_by=_real(user))
    audit.record(user=user, action="create", object_type="listing", object_id=listing.external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail={"meeting": str(meeting.external_id), "urgency": urgency,
                         "late": listing.late})
    return listing


@transaction.atomic
def do_update_checklist(user: AnyUser, listing: Listing, *, imaging_ready: bool,
                        pathology_ready: bool, request: HttpRequest | None = None) -> Listing:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, listing.case.site_id)
    listing.imaging_ready, listing.pathology_ready = imaging_ready, pathology_ready
    listing.save(update_fields=["imaging_ready", "pathology_ready", "modified"])
    audit.record(user=user, action="update", object_type="listing",
                 object_id=listing.external_id, patient_id=listing.case.patient.external_id,
                 site_id=listing.case.site_id, request=request,
                 detail={"imaging_ready": imaging_ready, "pathology_ready": pathology_ready})
    return listing


def _renumber(meeting: Meeting, ids: list[int]) -> None:
    for position, pk in enumerate(ids, start=1):
        Listing.objects.filter(pk=pk, meeting=meeting).update(position=position)


@transaction.atomic
def do_move_listing(user: AnyUser, listing: Listing, offset: int) -> None:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, listing.case.site_id)
    ids = list(Listing.objects.filter(meeting_id=listing.meeting_id)
               .order_by("position", "id").values_list("pk", flat=True))
    index = ids.index(listing.pk)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    _renumber(listing.meeting, ids)


def agenda_rows(meeting: Meeting) -> list[dict[str, Any]]:
    rows = []
    for item in (Listing.objects.filter(meeting=meeting)
                 .select_related("case__patient", "case__lead_clinician")):
        rows.append({"id": item.pk, "urgency": item.urgency, "listed_at": item.created,
                     "patient_name": item.case.patient.display_name,
                     "lead_clinician": item.case.lead_clinician.get_username()
                     if item.case.lead_clinician else "",
                     "discussed_before": Listing.objects.filter(
                         case_id=item.case_id, meeting__starts_at__lt=meeting.starts_at).exists()})
    return rows


@transaction.atomic
def do_save_template(user: AnyUser, board: Board, name: str, sort_keys: list[str],
                     standing_items: list[str]) -> AgendaTemplate:
    access.require_role(user, MANAGE_BOARDS)
    access.require_site(user, board.site_id)
    if not name.strip() or len(name) > 100:
        raise InvalidInput({"name": gettext("Give the template a name of at most 100 characters.")})
    unknown = agenda.unknown_keys(sort_keys)
    if unknown:
        raise InvalidInput({"sort_keys": gettext("Choose the order from the list.")})
    items = [s.strip()[:200] for s in standing_items if s.strip()]
    template, _created = AgendaTemplate.objects.update_or_create(
        board=board, name=name.strip(),
        defaults={"sort_keys": sort_keys, "standing_items": items})
    audit.record(user=user, action="update", object_type="agenda_template",
                 object_id=template.external_id, site_id=board.site_id,
                 detail={"sort_keys": sort_keys})
    return template


@transaction.atomic
def do_apply_template(user: AnyUser, meeting: Meeting, template: AgendaTemplate) -> None:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, meeting.board.site_id)
    if template.board_id != meeting.board_id:
        raise InvalidInput({"template": gettext("The template belongs to another board.")})
    _renumber(meeting, agenda.order_rows(agenda_rows(meeting), template.sort_keys))
    meeting.standing_items = list(template.standing_items)
    meeting.save(update_fields=["standing_items", "modified"])
    audit.record(user=user, action="update", object_type="meeting",
                 object_id=meeting.external_id, site_id=meeting.board.site_id,
                 detail={"applied_template": template.name})


def meeting_quorum(meeting: Meeting) -> QuorumResult:
    return meetings.meeting_quorum(meeting)


def do_add_attendee(user: AnyUser, meeting: Meeting, attendee: DjangoUser, *,
                    request: HttpRequest | None = None) -> Attendance:
    """One member checked in as present, attending as their own specialty."""
    return meetings.do_record_attendance(user, meeting, attendee, request=request)
