"""Keep the outcome summaries in step with changes made by the patients app (date of death,
diagnosis date, stage, site), which may not import outcomes.

The patients services call ``core.derived.case_changed`` / ``patient_changed`` at the end of
each ``do_*`` function; ``OutcomesConfig.ready`` registers the two updaters below there. So
the summary is rewritten in the transaction of the change that made it stale, and never by
an ORM signal or a page that only reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from tumorboard.outcomes import summary
from tumorboard.patients.models import Case, Patient


@dataclass
class _Pending:
    case_ids: set[int] = field(default_factory=set)
    patient_ids: set[int] = field(default_factory=set)


# Per thread and per async task, so one import's deferral never swallows another's changes.
_deferred: ContextVar[_Pending | None] = ContextVar("outcomes_deferred_refresh", default=None)


@contextmanager
def deferred_refresh() -> Iterator[set[int]]:
    """For bulk paths: within the block, changed patients and cases are noted instead of
    each change refreshing its summaries; the block's end refreshes them all with one
    ``refresh_cases`` call, inside the caller's transaction. Add the ids of cases made
    without the services (bulk_create) to the yielded set. A nested block joins the
    outermost one; a block that raises refreshes nothing (its transaction rolls back)."""
    outer = _deferred.get()
    if outer is not None:
        yield outer.case_ids
        return
    pending = _Pending()
    token = _deferred.set(pending)
    try:
        yield pending.case_ids
    finally:
        _deferred.reset(token)
    ids = set(pending.case_ids)
    if pending.patient_ids:
        ids.update(Case.objects.filter(patient_id__in=pending.patient_ids)
                   .values_list("id", flat=True))
    if ids:
        summary.refresh_cases(ids)


def case_changed(case: Case, user: Any = None) -> None:
    """core.derived updater: the case's summary, now or at the end of a deferral block."""
    pending = _deferred.get()
    if pending is not None:
        pending.case_ids.add(case.pk)
        return
    summary.refresh_cases([case.pk])


def patient_changed(patient: Patient, user: Any = None) -> None:
    """core.derived updater: a date of death changes every case of the patient."""
    pending = _deferred.get()
    if pending is not None:
        pending.patient_ids.add(patient.pk)
        return
    ids = list(Case.objects.filter(patient_id=patient.pk).values_list("id", flat=True))
    if ids:
        summary.refresh_cases(ids)
