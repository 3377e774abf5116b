"""Conditional decisions come back: a signed recommendation with a `relist_on` date lists
its case at the board's first meeting on or after that date, once (run daily by
`tumorboard manage board_relist`, or from the demo)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tumorboard.board import services
from tumorboard.board.models import Action, Listing, Meeting, Urgency


@transaction.atomic
def do_relist_due(today: dt.date) -> int:
    """List every case whose open "discuss again" action is due by `today`; the listing
    closes the action. The command line is the actor (trusted, see accounts/door.py)."""
    listed = 0
    due = (Action.objects.filter(kind="relist", done_date__isnull=True, cancelled=False,
                                 due_date__lte=today)
           .select_related("case__patient", "board", "recommendation"))
    for action in due:
        board = action.board
        if board is None:
            continue
        meeting = (Meeting.objects.filter(board=board, status="scheduled",
                                          starts_at__date__gte=action.due_date)
                   .order_by("starts_at").first())
        if meeting is None or Listing.objects.filter(meeting=meeting,
                                                     case=action.case).exists():
            continue
        condition = action.recommendation.condition if action.recommendation else ""
        services.do_list_case(board.chair, action.case, meeting,
                              question=condition or "Discuss again as planned.",
                              urgency=Urgency.URGENT)
        Action.objects.filter(pk=action.pk).update(done_date=today, closed_by="relist")
        listed += 1
    return listed
