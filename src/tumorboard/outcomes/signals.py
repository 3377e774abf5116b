"""Keep the outcome summary in step with changes made by the patients app
(date of death, diagnosis date, stage, site) without touching its code."""

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


# Per thread and per async task, so one import's deferral never swallows another's saves.
_deferred: ContextVar[_Pending | None] = ContextVar("outcomes_deferred_refresh", default=None)


@contextmanager
def deferred_refresh() -> Iterator[set[int]]:
    """Within the block, saved patients and cases are noted instead of each save refreshing
    their summaries; the block's end refreshes them all with one refresh_cases call, inside
    the caller's transaction. Add the ids of cases made without signals (bulk_create) to
    the yielded set. A nested block joins the outermost one; a block that raises refreshes
    nothing (its transaction is being rolled back)."""
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


def patient_saved(sender: type[Patient], instance: Patient, **kwargs: Any) -> None:
    pending = _deferred.get()
    if pending is not None:
        pending.patient_ids.add(instance.pk)
        return
    ids = list(instance.cases.values_list("id", flat=True)) if instance.pk else []
    if ids:
        summary.refresh_cases(ids)


def case_saved(sender: type[Case], instance: Case, **kwargs: Any) -> None:
    pending = _deferred.get()
    if pending is not None:
        pending.case_ids.add(instance.pk)
        return
    summary.refresh_cases([instance.pk])


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(patient_saved, sender=Patient, dispatch_uid="outcomes-patient-saved")
    post_save.connect(case_saved, sender=Case, dispatch_uid="outcomes-case-saved")
