"""Panels the decisions app adds to the case page and the dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts import access
from tumorboard.decisions import report
from tumorboard.decisions.panel import case_panel_context
from tumorboard.patients.models import Case

register = template.Library()


def _request_user(context: Any) -> tuple[Any, Any]:
    request = context.get("request")
    return request, getattr(request, "user", None)


@register.inclusion_tag("decisions/_case_panel.html", takes_context=True)
def case_decision_panel(context: Any, case: Case) -> dict[str, Any]:
    request, user = _request_user(context)
    if user is None:
        return {"visible": False}
    panel = case_panel_context(user, case, request=request)
    return {**panel, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("decisions/_dashboard_panel.html", takes_context=True)
def dashboard_decision_panel(context: Any) -> dict[str, Any]:
    _request, user = _request_user(context)
    if user is None or not access.has_role(user, access.READ_PATIENTS):
        return {"visible": False}
    filters = report.ReportFilters(site_ids=frozenset(access.site_ids(user)))
    return {"visible": True,
            "report": report.missed_opportunities(filters, with_cases=False)}


@register.filter
def field_label(name: str) -> str:
    """A data key such as `distance_from_anal_verge_cm` as words."""
    return str(name).replace("_inputs.", ": ").replace("_", " ")


STATUS_LABELS = {
    "offer": _("Offer"),
    "discuss": _("Discuss"),
    "consider": _("Consider"),
    "not_indicated": _("Not indicated"),
    "undetermined": _("Undetermined (data missing)"),
}


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"
