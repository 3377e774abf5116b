"""The rules of a follow-up event, one copy for a single entry and for a CSV import.

What the rules need to know about a patient (the date of death, which cases already have a
death, the latest other record) is loaded with a handful of set-based queries for any number
of patients; an import then checks thousands of rows in memory, noting each accepted row, so
row 19,999 sees the death recorded in row 12 exactly as a sequence of single entries would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from tumorboard.outcomes import validation
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.patients.models import Case, Patient

CHUNK = 2000  # ids per IN (...) list, well below SQLite's bound on query parameters


@dataclass
class PatientState:
    """What a new follow-up event of the patient is checked against."""

    death: dt.date | None = None
    death_cases: set[int] = field(default_factory=set)
    latest: tuple[dt.date, str] | None = None  # the latest record other than a death

    def later(self, date: dt.date) -> tuple[dt.date, str] | None:
        return self.latest if self.latest is not None and self.latest[0] > date else None

    def note(self, case_id: int, kind: str, date: dt.date) -> None:
        """An accepted event, seen by the rows after it."""
        if kind == "death":
            self.death = self.death or date
            self.death_cases.add(case_id)
        elif self.latest is None or date > self.latest[0]:
            self.latest = (date, "follow-up event")


def _chunks(ids: Collection[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def _later_of(state: PatientState, date: dt.date | None, label: str) -> None:
    if date is not None and (state.latest is None or date > state.latest[0]):
        state.latest = (date, label)


def load_states(patient_ids: Collection[int]) -> dict[int, PatientState]:
    """The state of each patient, from five grouped queries per chunk of patients."""
    states = {pk: PatientState() for pk in patient_ids}
    for ids in _chunks(patient_ids):
        recorded = dict(Patient.objects.filter(pk__in=ids).values_list("pk", "date_of_death"))
        deaths = FollowUpEvent.objects.filter(case__patient_id__in=ids, type="death")
        for pk, case_id, date in deaths.values_list("case__patient_id", "case_id", "date"):
            state = states[pk]
            state.death_cases.add(case_id)
            if state.death is None or date < state.death:  # the earliest death event
                state.death = date
        for pk, died in recorded.items():  # the patient's own date of death comes first
            if died is not None:
                states[pk].death = died
        sources: list[tuple[Any, str, str, str]] = [
            (FollowUpEvent.objects.exclude(type="death"), "case__patient_id", "date",
             gettext_noop("follow-up event")),
            (Operation.objects.all(), "case__patient_id", "date", gettext_noop("operation")),
            (Complication.objects.all(), "operation__case__patient_id", "date",
             gettext_noop("complication")),
            (FunctionScore.objects.all(), "case__patient_id", "assessed_on",
             gettext_noop("function score")),
        ]
        for queryset, patient, column, label in sources:
            rows = (queryset.filter(**{f"{patient}__in": ids}).values(patient)
                    .annotate(last=Max(column)).values_list(patient, "last"))
            for pk, last in rows:
                _later_of(states[pk], last, label)
    return states


def _death_errors(state: PatientState, case_id: int, date: dt.date) -> dict[str, str]:
    if case_id in state.death_cases:
        return {"type": gettext("A death is already recorded for this case.")}
    if state.death is not None and state.death != date:
        return {"date": gettext("The patient's death is recorded on %(date)s.") % {
            "date": date_format(state.death, "DATE_FORMAT")}}
    later = state.later(date)
    if later:
        return {"date": gettext("There is a %(record)s dated %(date)s, after this date of "
                                "death.") % {"record": gettext(later[1]),
                                             "date": date_format(later[0], "DATE_FORMAT")}}
    return {}


def errors(case: Case, values: dict[str, Any], state: PatientState,
           today: dt.date) -> dict[str, str]:
    """Every rule of one follow-up event; {} when it may be recorded."""
    kind, date = values.get("type"), values.get("date")
    found = validation.follow_up_errors(kind, values.get("cause_of_death"))
    found.update(validation.date_errors(
        "date", date, not_before=case.diagnosis_date, not_before_what="diagnosis",
        death=None if kind == "death" else state.death, today=today))
    if not found and kind == "death" and isinstance(date, dt.date):
        found.update(_death_errors(state, case.pk, date))
    return found

