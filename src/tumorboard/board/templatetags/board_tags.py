"""Panels the board app adds to the case page and the dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import door, people
from tumorboard.board import agenda, labels, measures, queries
from tumorboard.board.models import Action
from tumorboard.board.zones import local_time
from tumorboard.patients.models import Case

register = template.Library()
DASHBOARD_OVERDUE = 8


def _user(context: Any) -> Any:
    return getattr(context.get("request"), "user", None)


def received_plans(case: Case) -> list[dict[str, Any]]:
    from tumorboard.fhir import panel  # the fhir app reads the board's models, not back

    return panel.rows(case)


@register.inclusion_tag("board/_case_panel.html", takes_context=True)
def case_board_panel(context: Any, case: Case) -> dict[str, Any]:
    """The case's meetings and recommendations in order, and the 'List for MDT' form."""
    user = _user(context)
    if user is None or not door.allows(user, case, door.VIEW, data=door.MDT):
        return {"visible": False}
    return {
        "visible": True, "case": case, "history": queries.case_history(case),
        "meetings": list(queries.upcoming_meetings_for(case)), "now": timezone.now(),
        "today": timezone.localdate(),
        "open_actions": list(Action.objects.filter(case=case, done_date__isnull=True,
                                                   cancelled=False).order_by("due_date")),
        "can_write": door.may(user, door.MDT, door.CHANGE),
        "owners": list(User.objects.filter(profile__sites__pk=case.site_id,
                                           profile__role__in=("clinician", "coordinator"))
                       .select_related("profile").order_by("last_name", "first_name")),
        "csrf_token": context.get("csrf_token"), "request": context.get("request"),
        "received_plans": received_plans(case),  # plans other systems sent (FHIR import)
    }


@register.inclusion_tag("board/_dashboard_panel.html", takes_context=True)
def dashboard_board_panel(context: Any) -> dict[str, Any]:
    """Each board's measures; overdue actions for those who may see patients."""
    user = _user(context)
    if user is None or not door.may(user, door.AGGREGATES):
        return {"visible": False}
    boards = queries.boards_for(user)
    result: dict[str, Any] = {"visible": True,
                              "measures": [measures.board_measures(b) for b in boards]}
    if door.may(user, door.MDT):
        overdue = queries.overdue_actions(user)
        result.update(show_actions=True, overdue_count=overdue.count(),
                      overdue=list(overdue[:DASHBOARD_OVERDUE]))
    return result


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key, key)


@register.filter
def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def person_name(user: Any) -> str:
    with_title = getattr(people, "display_name_with_title", None)
    return str(with_title(user) if with_title else people.display_name(user))


@register.filter
def action_words(action: Action) -> str:
    return labels.action_text(action.kind, action.params, action.description)


@register.filter
def long_date(day: Any) -> str:
    return labels.long_date(day)


@register.filter
def site_time(moment: Any, site: Any) -> str:
    """A time in the site's zone, written the same way in every language: 2026-03-03 08:00."""
    return "" if moment is None else f"{local_time(moment, site):%Y-%m-%d %H:%M}"


@register.filter
def option_title(code: str, raised: Any) -> str:
    return labels.option_title(code, raised)


@register.filter
def sort_labels(keys: list[str] | None) -> str:
    """An agenda template's order in words ("Urgent cases first, By patient name")."""
    return gettext(", ").join(gettext(agenda.SORT_KEYS.get(key, key)) for key in keys or [])
