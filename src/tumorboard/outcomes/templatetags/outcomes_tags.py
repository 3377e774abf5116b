"""Panels the outcomes app adds to the case page."""

from __future__ import annotations

from typing import Any

from django import template

from tumorboard.outcomes.panel import case_panel_context
from tumorboard.patients.models import Case

register = template.Library()


@register.inclusion_tag("outcomes/_case_panel.html", takes_context=True)
def case_outcomes_panel(context: Any, case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"visible": False}
    panel = case_panel_context(user, case, request)
    return {**panel, "request": request, "csrf_token": context.get("csrf_token")}


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


@register.filter
def years(days: float | None) -> str:
    return "—" if days is None else f"{days / 365.25:.1f}"


@register.filter
def cell(value: object) -> str:
    """A count as shown: '<5' for a suppressed cell."""
    return "<5" if value is None else str(value)
