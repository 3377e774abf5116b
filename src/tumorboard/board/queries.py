"""Site- and role-scoped reads of board records. Every board object a user reaches comes
through here; reads of patient data are audited."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import Role
from tumorboard.board.models import (
    GROUP_OF_PATHWAY,
    Action,
    Board,
    Listing,
    Meeting,
    Recommendation,
)
from tumorboard.patients.models import Case

MANAGE_BOARDS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Aggregate measures carry no identifiable data: auditors may see them.
READ_MEASURES = access.READ_PATIENTS | access.READ_AUDIT


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record") from None


def _check(user: AnyUser, site_id: int, write: bool) -> None:
    access.require_role(user, access.WRITE_PATIENTS if write else access.READ_PATIENTS)
    access.require_site(user, site_id)


def boards_for(user: AnyUser) -> QuerySet[Board]:
    if not access.has_role(user, READ_MEASURES):
        raise PermissionDenied("Your role does not allow this.")
    return (Board.objects.filter(site_id__in=access.site_ids(user), active=True)
            .select_related("site", "chair"))


def get_board(user: AnyUser, board_id: object, *, manage: bool = False) -> Board:
    board = Board.objects.select_related("site", "chair").filter(
        external_id=_uuid(board_id)).first()
    if board is None:
        raise Http404("No such board")
    access.require_role(user, MANAGE_BOARDS if manage else access.READ_PATIENTS)
    access.require_site(user, board.site_id)
    return board


def get_meeting(user: AnyUser, meeting_id: object, *, write: bool = False) -> Meeting:
    meeting = Meeting.objects.select_related("board__site", "board__chair").filter(
        external_id=_uuid(meeting_id)).first()
    if meeting is None:
        raise Http404("No such meeting")
    _check(user, meeting.board.site_id, write)
    return meeting


def get_listing(user: AnyUser, listing_id: object, *, write: bool = False) -> Listing:
    listing = (Listing.objects.select_related("meeting__board__site", "meeting__board__chair",
                                              "case__patient", "case__site")
               .filter(external_id=_uuid(listing_id)).first())
    if listing is None:
        raise Http404("No such listing")
    _check(user, listing.meeting.board.site_id, write)
    return listing


def get_recommendation(user: AnyUser, rec_id: object, *, write: bool = False,
                       request: HttpRequest | None = None) -> Recommendation:
    rec = (Recommendation.objects
           .select_related("listing__meeting__board__site", "listing__meeting__board__chair",
                           "case__patient", "case__site", "signed_by", "edited_by")
           .filter(external_id=_uuid(rec_id)).first())
    if rec is None:
        raise Http404("No such recommendation")
    _check(user, rec.case.site_id, write)
    if not write:
        audit.record(user=user, action="view", object_type="recommendation",
                     object_id=rec.external_id, patient_id=rec.case.patient.external_id,
                     site_id=rec.case.site_id, request=request)
    return rec


def get_action(user: AnyUser, action_id: object) -> Action:
    action = (Action.objects.select_related("case__patient")
              .filter(external_id=_uuid(action_id)).first())
    if action is None:
        raise Http404("No such action")
    _check(user, action.case.site_id, True)
    return action


def upcoming_meetings_for(case: Case) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(board__site_id=case.site_id, board__active=True,
                                   board__tumour_group=GROUP_OF_PATHWAY.get(case.pathway, ""),
                                   starts_at__gt=timezone.now())
            .select_related("board").order_by("starts_at")[:8])


def overdue_actions(user: AnyUser) -> QuerySet[Action]:
    access.require_role(user, access.READ_PATIENTS)
    return (Action.objects.filter(case__site_id__in=access.site_ids(user), done_date__isnull=True,
                                  cancelled=False, due_date__lt=timezone.localdate())
            .select_related("case__patient", "recommendation__listing__meeting__board")
            .order_by("due_date", "id"))


def case_history(case: Case) -> list[Listing]:
    """The case's listings, oldest meeting first, each with its recommendations in order."""
    return list(Listing.objects.filter(case=case)
                .select_related("meeting__board")
                .prefetch_related("recommendations__signed_by", "recommendations__letters",
                                  "recommendations__actions")
                .order_by("meeting__starts_at", "id"))
