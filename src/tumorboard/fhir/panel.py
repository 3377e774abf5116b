"""The plans other systems sent (fhir.ReceivedCarePlan), in words for the case's MDT panel:
who sent it and when, and each activity with its status. Read-only: a received plan is not
a board recommendation and nothing here changes it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext, gettext_noop

from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.patients.models import Case

# FHIR R4 CarePlan.status and CarePlanActivityStatus, in words.
PLAN_STATUS = {
    "draft": gettext_noop("draft"), "active": gettext_noop("active"),
    "on-hold": gettext_noop("on hold"), "revoked": gettext_noop("revoked"),
    "completed": gettext_noop("completed"), "unknown": gettext_noop("status unknown"),
}
ACTIVITY_STATUS = {
    "not-started": gettext_noop("not started"), "scheduled": gettext_noop("scheduled"),
    "in-progress": gettext_noop("in progress"), "on-hold": gettext_noop("on hold"),
    "completed": gettext_noop("completed"), "cancelled": gettext_noop("cancelled"),
    "stopped": gettext_noop("stopped"), "unknown": gettext_noop("status unknown"),
}


def _sender(plan: ReceivedCarePlan) -> str:
    """The author's name as sent, else the sending system's host, else words."""
    if plan.author:
        return plan.author
    host = urlsplit(plan.sender).hostname if "://" in plan.sender else ""
    return host or gettext("another system")


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _activity(activity: dict[str, str]) -> dict[str, str]:
    text = activity.get("text") or ""
    description = activity.get("description") or ""
    if description.startswith(text):  # our own export writes "label: detail"
        text = ""
    status = activity.get("status") or ""
    return {"text": text, "description": description,
            "status": gettext(ACTIVITY_STATUS[status]) if status in ACTIVITY_STATUS else ""}


def rows(case: Case) -> list[dict[str, Any]]:
    plans = ReceivedCarePlan.objects.filter(case=case).order_by("created", "id")
    return [{"sender": _sender(plan), "date": _date(plan.created_as_sent) or plan.created.date(),
             "title": plan.title,
             "status": gettext(PLAN_STATUS[plan.status]) if plan.status in PLAN_STATUS else "",
             "activities": [_activity(a) for a in plan.activities], "notes": plan.notes}
            for plan in plans]
