"""Standard-of-care triage (NHS England, "Streamlining MDT meetings: guidance for cancer
alliances", 2020): the chair sorts the listed cases into those that follow an agreed
protocol (standard of care: recorded and ratified in bulk, no full discussion) and those
that need full discussion; the time each discussion takes is recorded."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.board import meetings, services, timeuse
from tumorboard.board.models import GROUP_OF_PATHWAY, Board, Listing, Meeting, Triage
from tumorboard.patients.models import Case, CaseStatus
from tumorboard.patients.validation import InvalidInput

MAX_SECONDS = 4 * 3600
NEW_STATUSES = (CaseStatus.REFERRED, CaseStatus.WORK_UP)


def _chair_only(user: AnyUser, meeting: Meeting) -> None:
    if not isinstance(user, DjangoUser) or user.pk not in meetings.chairs(meeting):
        raise InvalidInput({"triaged_by": gettext(
            "Only the chair or the deputy chair triages cases.")})


@transaction.atomic
def do_triage(user: AnyUser, listing: Listing, triage: str, *, protocol: str = "",
              request: HttpRequest | None = None) -> Listing:
    door.check(user, listing, door.CHANGE)
    meetings.require_open(listing.meeting)
    _chair_only(user, listing.meeting)
    protocol = protocol.strip()
    if triage not in Triage.values:
        raise InvalidInput({"triage": gettext("Choose standard of care or full discussion.")})
    if triage == Triage.STANDARD_OF_CARE and not protocol:
        raise InvalidInput({"protocol": gettext("Name the agreed protocol the case follows.")})
    if listing.ratified_at is not None:
        raise InvalidInput({"triage": gettext("The case was already ratified.")})
    Listing.objects.filter(pk=listing.pk).update(
        triage=triage, protocol=protocol[:200] if triage == Triage.STANDARD_OF_CARE else "",
        triaged_by=user, modified=timezone.now())
    listing.refresh_from_db()
    audit.record(user=user, action="update", object_type="listing",
                 object_id=listing.external_id, patient_id=listing.case.patient.external_id,
                 site_id=listing.case.site_id, request=request,
                 detail={"triage": triage, "protocol": listing.protocol})
    return listing


def unlisted_new_cases(board: Board) -> QuerySet[Case]:
    """Every new case is listed: the new cases of the board's site and tumour group that are
    on no agenda yet, for the chair to triage (and add to the meeting)."""
    pathways = [p for p, g in GROUP_OF_PATHWAY.items() if g == board.tumour_group]
    return (Case.objects.filter(site_id=board.site_id, pathway__in=pathways,
                                status__in=NEW_STATUSES, board_listings__isnull=True)
            .select_related("patient").order_by("created", "id"))


@transaction.atomic
def do_list_and_triage(user: AnyUser, meeting: Meeting, case: Case, triage: str, *,
                       question: str, urgency: str = "routine", protocol: str = "",
                       request: HttpRequest | None = None) -> Listing:
    """The chair adds an unlisted new case to the meeting and triages it, as one action:
    both are written or neither."""
    door.check(user, meeting, door.CHANGE)
    _chair_only(user, meeting)
    listing = services.do_list_case(user, case, meeting, question=question, urgency=urgency,
                                    request=request)
    return do_triage(user, listing, triage, protocol=protocol, request=request)


@transaction.atomic
def do_ratify_standard_of_care(user: AnyUser, meeting: Meeting, *,
                               request: HttpRequest | None = None) -> int:
    """The chair ratifies every standard-of-care case of the meeting at once, in session."""
    door.check(user, meeting, door.CHANGE)
    _chair_only(user, meeting)
    not_now = meetings.may_sign_now(meeting)
    if not_now:
        raise InvalidInput({"ratified_at": not_now})
    rows = Listing.objects.filter(meeting=meeting, triage=Triage.STANDARD_OF_CARE,
                                  ratified_at__isnull=True)
    patients = [str(p) for p in rows.values_list("case__patient__external_id", flat=True)]
    count = rows.update(ratified_at=timezone.now(), modified=timezone.now())
    audit.record(user=user, action="update", object_type="meeting",
                 object_id=meeting.external_id, site_id=meeting.board.site_id,
                 request=request, detail={"ratified_standard_of_care": count,
                                          "patients": patients})
    return count


@transaction.atomic
def do_record_time(user: AnyUser, listing: Listing, seconds: Any, *,
                   request: HttpRequest | None = None) -> Listing:
    door.check(user, listing, door.CHANGE)
    meetings.require_open(listing.meeting)
    if not isinstance(seconds, int) or not 0 < seconds <= MAX_SECONDS:
        raise InvalidInput({"discussion_seconds": gettext("Give the minutes the discussion took "
                                                  "(1 to 240).")})
    Listing.objects.filter(pk=listing.pk).update(discussion_seconds=seconds,
                                                 modified=timezone.now())
    listing.discussion_seconds = seconds
    audit.record(user=user, action="update", object_type="listing",
                 object_id=listing.external_id, site_id=listing.case.site_id,
                 request=request, detail={"discussion_seconds": seconds})
    return listing


def board_time_use(board: Board) -> dict[str, Any]:
    rows = Listing.objects.filter(meeting__board=board, meeting__starts_at__lte=timezone.now()
                                  ).values("triage", "discussion_seconds")
    return timeuse.time_use({"triage": r["triage"], "seconds": r["discussion_seconds"]}
                            for r in rows)
