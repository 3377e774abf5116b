"""Keep the outcome summary in step with changes made by the patients app
(date of death, diagnosis date, stage, site) without touching its code."""

from __future__ import annotations

from typing import Any

from tumorboard.outcomes import summary
from tumorboard.patients.models import Case, Patient


def patient_saved(sender: type[Patient], instance: Patient, **kwargs: Any) -> None:
    ids = list(instance.cases.values_list("id", flat=True)) if instance.pk else []
    if ids:
        summary.refresh_cases(ids)


def case_saved(sender: type[Case], instance: Case, **kwargs: Any) -> None:
    summary.refresh_cases([instance.pk])


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(patient_saved, sender=Patient, dispatch_uid="outcomes-patient-saved")
    post_save.connect(case_saved, sender=Case, dispatch_uid="outcomes-case-saved")
