"""A signed recommendation whose plan lists surgery puts the case on its hospital's surgical
waiting list (registered in CapacityConfig.ready through core.derived, called by the board's
sign-off in its transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from tumorboard.accounts import door
from tumorboard.capacity import services
from tumorboard.capacity.models import SessionTemplate, WaitingListEntry
from tumorboard.network.models import Department
from tumorboard.outcomes.vocabulary import PROCEDURES

DEFAULT_PRIORITY = "P2"  # a cancer operation: the NHS 31-day standard fits within 4 weeks


def surgical_department(site_id: int) -> Department | None:
    """The site's department that runs theatre sessions (else its first department)."""
    with_sessions = SessionTemplate.objects.filter(site_id=site_id).values("department_id")
    return (Department.objects.filter(pk__in=with_sessions).order_by("name").first()
            or Department.objects.filter(site_id=site_id).order_by("name").first())


def _names(label: str) -> list[str]:
    """A procedure's label in each language of the interface, lower-cased."""
    names = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.append(translation.gettext(label).lower())
    return names


def procedure_code(pathway: str, detail: str) -> str:
    """The registry's code for a free-text planned procedure, when it names one in any
    language of the interface (a Chinese MDT types 乳房切除术, not "mastectomy")."""
    text = detail.strip().lower()
    if not text:
        return ""
    for codes in (PROCEDURES.get(pathway, {}), *PROCEDURES.values()):
        for code, label in codes.items():
            if text == code.lower() or any(text in name or name in text
                                           for name in _names(label)):
                return code
    return ""


def recommendation_signed(rec: Any, user: Any = None) -> None:
    surgery = [item for item in rec.treatment_plan or [] if item.get("modality") == "surgery"]
    if not surgery or WaitingListEntry.objects.filter(recommendation=rec).exists():
        return
    department = surgical_department(rec.case.site_id)
    surgeon = rec.case.lead_clinician or rec.signed_by
    if department is None or surgeon is None or door.role_of(surgeon) != "clinician":
        return
    today = timezone.localdate()
    for item in surgery:
        detail = str(item.get("detail") or "")
        services.do_add_entry(None, department, rec.case, {
            "procedure": procedure_code(rec.case.pathway, detail),
            "procedure_detail": detail[:200], "surgeon": surgeon,
            "priority": DEFAULT_PRIORITY, "listed_on": today,
            "target_date": today + dt.timedelta(days=28)}, recommendation=rec)
