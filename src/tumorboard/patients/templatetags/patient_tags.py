"""The patient banner: who this page is about, on every patient-specific page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from tumorboard.accounts import door
from tumorboard.patients.models import Case, Patient

register = template.Library()


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month,
                                                                   birth_date.day))


def patient_in(context: Any) -> Patient | None:
    """The page's patient: ``patient`` in its context, else the patient of its ``case``."""
    patient = context.get("patient")
    if isinstance(patient, Patient):
        return patient
    case = context.get("case")
    return case.patient if isinstance(case, Case) else None


@register.inclusion_tag("patients/_banner.html", takes_context=True)
def patient_banner(context: Any) -> dict[str, Any]:
    patient = patient_in(context)
    request = context.get("request")
    user = getattr(request, "user", None)
    if patient is None or not door.may(user, door.IDENTITY):
        return {"patient": None}
    on = patient.date_of_death or timezone.localdate()
    return {"patient": patient, "age": age_on(patient.birth_date, on),
            "deceased": patient.date_of_death is not None}
