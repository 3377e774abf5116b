"""What the case page's outcomes panel shows, computed from the case and the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import mark_safe

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.outcomes import charts, due
from tumorboard.outcomes import vocabulary as v
from tumorboard.outcomes.forms import (
    ComplicationForm,
    FollowUpForm,
    FunctionScoreForm,
    OperationForm,
)
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.pathways import SCORES
from tumorboard.patients.models import Case

STATE_ATTRIBUTE = "outcomes_form_state"


def operations_of(case: Case) -> list[Operation]:
    return list(Operation.objects.filter(case=case).select_related("surgeon").prefetch_related(
        Prefetch("complications", queryset=Complication.objects.order_by("date", "id"))))


def _range(instrument: str) -> tuple[float, float]:
    low, high = SCORES[instrument].total_range or (0.0, 100.0)
    return float(low), float(high)


def trend_chart(scores: list[FunctionScore]) -> str | None:
    series: dict[str, list[tuple[int, float]]] = {}
    for score in sorted(scores, key=lambda s: (s.instrument, s.time_point_months)):
        if score.total is not None:
            series.setdefault(score.instrument, []).append((score.time_point_months,
                                                            score.total))
    if not series:
        return None
    ranges = {name: _range(name) for name in series}
    return mark_safe(charts.trend_svg(series, ranges))  # noqa: S308 - our own SVG


def _forms(case: Case, operations: list[Operation], state: dict[str, Any] | None,
           ) -> dict[str, Any]:
    bound: forms.Form | None = state.get("form") if state else None
    kind = state.get("kind") if state else None
    result: dict[str, Any] = {
        "operation_form": bound if kind == "operation" else OperationForm(case=case),
        "follow_up_form": bound if kind == "follow_up" else FollowUpForm(),
    }
    if operations:
        result["complication_form"] = bound if kind == "complication" else ComplicationForm(
            operations=operations)
        result["score_forms"] = [
            bound if kind == f"score:{name}" else FunctionScoreForm(
                instrument=name, operations=operations)
            for name in v.PATHWAY_INSTRUMENTS.get(case.pathway, ())]
    return result


def case_panel_context(user: AnyUser, case: Case, request: HttpRequest | None,
                       today: dt.date | None = None) -> dict[str, Any]:
    if not door.allows(user, case, door.VIEW, data=door.OUTCOMES):
        return {"visible": False}
    today = today or timezone.localdate()
    operations = operations_of(case)
    scores = list(FunctionScore.objects.filter(case=case).select_related("operation"))
    state = getattr(request, STATE_ATTRIBUTE, None) if request is not None else None
    done = {(s.operation_id, s.instrument, s.time_point_months) for s in scores}
    due_items = [item for op in operations for item in due.items_for(
        op, case.pathway, {(i, m) for o, i, m in done if o == op.pk},
        case.patient.date_of_death, today)]
    context: dict[str, Any] = {
        "visible": True, "case": case, "operations": operations,
        "events": FollowUpEvent.objects.filter(case=case).select_related("recorded_by"),
        "scores": scores, "trend_svg": trend_chart(scores), "due_items": due_items,
        "can_write": door.may(user, door.OUTCOMES, door.CHANGE),
        "instruments": v.INSTRUMENTS, "open_form": state.get("kind") if state else None,
    }
    if context["can_write"]:
        context.update(_forms(case, operations, state))
    return context
