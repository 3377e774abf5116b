"""Questionnaires due after surgery: each operation's 3/6/12/24-month time points.

A time point is *due* from two weeks before its date until 30 days after, then *overdue*
until 180 days after, when it is counted as missed and leaves the list (a 24-month LARS
taken at 31 months no longer measures 24 months). Patients who died before the date are
skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from tumorboard.outcomes import vocabulary as v
from tumorboard.outcomes.models import FunctionScore, Operation

DUE_BEFORE_DAYS = 14
OVERDUE_AFTER_DAYS = 30
MISSED_AFTER_DAYS = 180


@dataclass(frozen=True)
class DueItem:
    operation: Operation
    instrument: str
    time_point_months: int
    due_date: dt.date
    status: str  # "due" or "overdue"

    @property
    def status_label(self) -> str:
        return v.label(STATUS_LABELS, self.status)

    @property
    def instrument_label(self) -> str:
        return v.label(v.INSTRUMENTS, self.instrument)


STATUS_LABELS = {"due": gettext_noop("due"), "overdue": gettext_noop("overdue")}


def add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _status(due_date: dt.date, today: dt.date) -> str | None:
    if today < due_date - dt.timedelta(days=DUE_BEFORE_DAYS):
        return None
    if today > due_date + dt.timedelta(days=MISSED_AFTER_DAYS):
        return None
    return "overdue" if today > due_date + dt.timedelta(days=OVERDUE_AFTER_DAYS) else "due"


def items_for(operation: Operation, pathway: str, done: set[tuple[str, int]],
              death: dt.date | None, today: dt.date) -> Iterable[DueItem]:
    for instrument in v.PATHWAY_INSTRUMENTS.get(pathway, ()):
        for months in v.STANDARD_TIME_POINTS:
            due_date = add_months(operation.date, months)
            status = _status(due_date, today)
            if status is None or (instrument, months) in done:
                continue
            if death is not None and death <= due_date:
                continue
            yield DueItem(operation, instrument, months, due_date, status)


def due_questionnaires(site_ids: Iterable[int], today: dt.date) -> list[DueItem]:
    """Due and overdue questionnaires at the given sites, oldest due date first."""
    pathways = [p for p, instruments in v.PATHWAY_INSTRUMENTS.items() if instruments]
    earliest = add_months(today, -max(v.STANDARD_TIME_POINTS)) - dt.timedelta(
        days=MISSED_AFTER_DAYS + 1)
    operations = (
        Operation.objects.filter(case__site_id__in=list(site_ids), case__pathway__in=pathways,
                                 date__gte=earliest, date__lte=today)
        .select_related("case__patient", "case__site")
        .prefetch_related(Prefetch("function_scores", queryset=FunctionScore.objects.only(
            "operation_id", "instrument", "time_point_months")))
    )
    items: list[DueItem] = []
    for operation in operations:
        done = {(s.instrument, s.time_point_months) for s in operation.function_scores.all()}
        items.extend(items_for(operation, operation.case.pathway, done,
                               operation.case.patient.date_of_death, today))
    return sorted(items, key=lambda item: (item.due_date, item.operation.pk, item.instrument))
