"""Board measures for the dashboard: timeliness, discussion before treatment, quorum and
decisions on raised function-preserving options."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from typing import Any

from django.db.models import Min
from django.utils import timezone

from tumorboard.board import preservation
from tumorboard.board.models import GROUP_OF_PATHWAY, Board, Recommendation
from tumorboard.board.services import meeting_quorum
from tumorboard.patients.models import Case, CaseStatus, CaseStatusChange


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier).total_seconds() / 86400


def _referral_times(case_ids: Iterable[int]) -> dict[int, dt.datetime]:
    return dict(CaseStatusChange.objects.filter(case_id__in=case_ids)
                .values_list("case_id").annotate(first=Min("created")))


def _treatment_times(case_ids: Iterable[int]) -> dict[int, dt.datetime]:
    return dict(CaseStatusChange.objects.filter(case_id__in=case_ids,
                                                to_status=CaseStatus.IN_TREATMENT)
                .values_list("case_id").annotate(first=Min("created")))


def board_measures(board: Board) -> dict[str, Any]:
    """First discussion of a case = its first signed recommendation at this board."""
    first_discussed = dict(Recommendation.objects.filter(
        listing__meeting__board=board, signed_at__isnull=False)
        .values_list("case_id").annotate(first=Min("listing__meeting__starts_at")))
    ids = list(first_discussed)
    referred = _referral_times(ids)
    group = [p for p, g in GROUP_OF_PATHWAY.items() if g == board.tumour_group]
    treated = _treatment_times(Case.objects.filter(site_id=board.site_id, pathway__in=group)
                               .values_list("pk", flat=True))
    to_discussion = [_days(when, referred[c]) for c, when in first_discussed.items()
                     if c in referred]
    to_treatment = [_days(treated[c], when) for c, when in first_discussed.items()
                    if c in treated and treated[c] >= when]
    # Of the group's cases that started treatment, those discussed here first.
    before = sum(1 for c, when in treated.items()
                 if c in first_discussed and first_discussed[c] <= when)
    held = list(board.meetings.filter(starts_at__lte=timezone.now(), attendance__isnull=False)
                .distinct())
    quorate = sum(1 for m in held if meeting_quorum(m).quorate)
    decided, raised = preservation.decided_share(ids)
    return {
        "board": board, "cases_discussed": len(ids),
        "median_days_referral_to_discussion": _median(to_discussion),
        "median_days_discussion_to_treatment": _median(to_treatment),
        "treated": len(treated), "discussed_before_treatment": before,
        "share_discussed_before_treatment": _share(before, len(treated)),
        "meetings_held": len(held), "meetings_quorate": quorate,
        "share_quorate": _share(quorate, len(held)),
        "options_raised": raised, "options_decided": decided,
        "share_options_decided": _share(decided, raised),
    }
