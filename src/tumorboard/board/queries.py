"""Board records through the door (accounts/door.py): thin getters kept for the board's
views, the upcoming meetings of a case and a case's history."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.board.models import (
    GROUP_OF_PATHWAY,
    Action,
    Board,
    Listing,
    Meeting,
    Recommendation,
)
from tumorboard.patients.models import Case

MANAGE_BOARDS = door.roles_with(door.BOARDS, door.CHANGE)
# Aggregate measures carry no identifiable data: auditors may see them.
READ_MEASURES = door.roles_with(door.AGGREGATES, door.VIEW)
_uuid = door.parse_uuid


def _action(write: bool) -> str:
    return door.CHANGE if write else door.VIEW


def boards_for(user: AnyUser) -> QuerySet[Board]:
    return door.scope(user, Board.objects.filter(active=True).select_related("site", "chair"),
                      data=door.AGGREGATES)


def get_board(user: AnyUser, board_id: object, *, manage: bool = False) -> Board:
    return door.get(user, Board, board_id, action=_action(manage))


def get_meeting(user: AnyUser, meeting_id: object, *, write: bool = False) -> Meeting:
    return door.get(user, Meeting, meeting_id, action=_action(write))


def get_listing(user: AnyUser, listing_id: object, *, write: bool = False) -> Listing:
    return door.get(user, Listing, listing_id, action=_action(write))


def get_recommendation(user: AnyUser, rec_id: object, *, write: bool = False,
                       request: HttpRequest | None = None) -> Recommendation:
    return door.get(user, Recommendation, rec_id, action=_action(write), request=request)


def get_action(user: AnyUser, action_id: object) -> Action:
    return door.get(user, Action, action_id, action=door.CHANGE)


def upcoming_meetings_for(case: Case) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(board__site_id=case.site_id, board__active=True,
                                   board__tumour_group=GROUP_OF_PATHWAY.get(case.pathway, ""),
                                   starts_at__gt=timezone.now())
            .select_related("board").order_by("starts_at")[:8])


def overdue_actions(user: AnyUser) -> QuerySet[Action]:
    return (door.scope(user, Action.objects.filter(done_date__isnull=True, cancelled=False,
                                                   due_date__lt=timezone.localdate()))
            .select_related("case__patient", "recommendation__listing__meeting__board")
            .order_by("due_date", "id"))


def case_history(case: Case) -> list[Listing]:
    """The case's listings, oldest meeting first, each with its recommendations in order."""
    return list(Listing.objects.filter(case=case)
                .select_related("meeting__board")
                .prefetch_related("recommendations__signed_by", "recommendations__letters",
                                  "recommendations__actions")
                .order_by("meeting__starts_at", "id"))
