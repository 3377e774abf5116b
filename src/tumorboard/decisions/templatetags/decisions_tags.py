"""Panels the decisions app adds to the case page and the dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from tumorboard.accounts import door, people
from tumorboard.decisions import report, screen_text
from tumorboard.decisions.models import Decision
from tumorboard.decisions.panel import case_panel_context
from tumorboard.patients.models import Case, Pathway

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
    if user is None or not door.may(user, door.AGGREGATES):
        return {"visible": False}
    filters = report.ReportFilters(site_ids=frozenset(door.site_ids(user)))
    return {"visible": True,
            "report": report.missed_opportunities(filters, with_cases=False)}


@register.filter
def status_label(status: str) -> str:
    return screen_text.status_label(status)


@register.filter
def option_title(code: str) -> str:
    return screen_text.option_title(code)


@register.filter
def fact_label(key: str, facts: object = None) -> str:
    return screen_text.fact_label(key, facts)


@register.filter
def score_title(score: str) -> str:
    return screen_text.score_title(score)


@register.filter
def category_label(category: str, score: str) -> str:
    return screen_text.category_label(score, category)


@register.filter
def classification_label(value: str) -> str:
    return screen_text.classification_label(value)


@register.filter
def reason_text(option: Mapping[str, Any]) -> str:
    return screen_text.reason(option)


@register.filter
def option_advice(option: Mapping[str, Any]) -> list[str]:
    return [screen_text.message(item) for item in option.get("advice") or []]


@register.filter
def screen_notes(result: Mapping[str, Any]) -> list[str]:
    return screen_text.notes(result)


@register.filter
def person_name(user: Any) -> str:
    """A person's name as staff read it; never a username."""
    return people.display_name(user)


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


@register.filter
def pathway_label(code: str) -> str:
    return str(dict(Pathway.choices).get(code, code))


@register.filter
def decision_label(code: str) -> str:
    return str(dict(Decision.choices).get(code, code))
