"""A case's reports on the case page (a lazy panel) and on the MDT room's screen."""

from __future__ import annotations

from typing import Any

from django import template

from tumorboard.accounts import door
from tumorboard.patients import report_queries
from tumorboard.patients.models import Case

register = template.Library()


def _visible(context: Any, case: Case) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and door.allows(user, case, door.VIEW)


@register.inclusion_tag("patients/reports/_panel.html", takes_context=True)
def case_reports_panel(context: Any, case: Case) -> dict[str, Any]:
    """The current version of each report, with a link to add one."""
    if not _visible(context, case):
        return {"visible": False}
    user = context["request"].user
    return {"visible": True, "case": case, "rows": report_queries.current_reports(case),
            "can_write": door.allows(user, case, door.CHANGE)}


@register.inclusion_tag("patients/reports/_presentation.html", takes_context=True)
def presentation_reports(context: Any, case: Case) -> dict[str, Any]:
    """The reports block of the case presentation in the meeting room."""
    if not _visible(context, case):
        return {"visible": False}
    return {"visible": True, "case": case, "rows": report_queries.current_reports(case)}
