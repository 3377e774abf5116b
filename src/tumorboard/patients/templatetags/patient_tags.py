"""The patient banner: who this page is about, on every patient-specific page; and the
case's status history, a panel of the case page."""

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


# Context names other apps' pages give the object a page is about; each leads to a case
# or a patient (a clinic booking, a recommendation, a listing, a waiting-list entry...).
HOLDERS = ("booking", "rec", "recommendation", "listing", "letter", "entry", "admission",
           "referral", "application")


def patient_in(context: Any) -> Patient | None:
    """The page's patient: ``patient`` in its context, else the patient of its ``case``,
    else of the case or patient of the object the page is about."""
    patient = context.get("patient")
    if isinstance(patient, Patient):
        return patient
    case = context.get("case")
    if isinstance(case, Case):
        return case.patient
    for name in HOLDERS:
        held = context.get(name)
        if held is None:
            continue
        found = getattr(held, "patient", None) or getattr(getattr(held, "case", None),
                                                          "patient", None)
        if isinstance(found, Patient):
            return found
    return None


@register.inclusion_tag("patients/_banner.html", takes_context=True)
def patient_banner(context: Any) -> dict[str, Any]:
    patient = patient_in(context)
    request = context.get("request")
    user = getattr(request, "user", None)
    if patient is None or not door.allows(user, patient, door.VIEW):
        return {"patient": None}
    on = patient.date_of_death or timezone.localdate()
    return {"patient": patient, "age": age_on(patient.birth_date, on),
            "deceased": patient.date_of_death is not None}


@register.inclusion_tag("patients/_status_history.html", takes_context=True)
def case_status_history(context: Any, case: Case) -> dict[str, Any]:
    request = context.get("request")
    if not door.allows(getattr(request, "user", None), case, door.VIEW):
        return {"visible": False}
    return {"visible": True,
            "history": case.status_changes.select_related("changed_by")}
