"""The week's planning page: the planned lists as an SVG timeline, the cases left out with
the optimiser's reasons (translated), and one form that fixes cases in place and re-plans
the rest (planning.do_replan_week). The on-the-day record of a planned case is here too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import door
from tumorboard.capacity import planning, queries, services, svg
from tumorboard.capacity.forms import DayForm, add_service_errors, person
from tumorboard.capacity.models import PlannedCase, PlanRun, WaitingListEntry
from tumorboard.capacity.views import can_write, get_department, week_of
from tumorboard.network.models import Department
from tumorboard.patients.validation import InvalidInput


class PlanForm(forms.Form):
    week = forms.DateField(widget=forms.HiddenInput)
    keep = forms.MultipleChoiceField(label=gettext_lazy("keep in place"), required=False,
                                     widget=forms.CheckboxSelectMultiple)
    case = forms.ChoiceField(label=gettext_lazy("put a case into a session"), required=False)
    session = forms.ChoiceField(label=gettext_lazy("session"), required=False)
    start = forms.TimeField(label=gettext_lazy("start"), required=False,
                            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args: Any, planned: list[PlannedCase],
                 entries: list[WaitingListEntry], sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.fields  # ChoiceFields: the stubs type them as Field
        choices["keep"].choices = [  # type: ignore[attr-defined]
            (str(p.entry.external_id), _case_label(p.entry)) for p in planned]
        choices["case"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(e.external_id), _case_label(e)) for e in entries]
        choices["session"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(s.external_id), _session_label(s)) for s in sessions]


def _case_label(entry: WaitingListEntry) -> str:
    what = entry.get_procedure_display() or entry.procedure_detail
    return f"{entry.case.patient.display_name} · {what}"


def _session_label(session: Any) -> str:
    return (f"{session.date:%Y-%m-%d} {session.start:%H:%M}–{session.end:%H:%M} "
            f"{session.room} · {person(session.surgeon)}")


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _rows(sessions: list[Any], planned: list[PlannedCase]) -> list[svg.Row]:
    rows = []
    for session in sessions:
        bars = [svg.Bar(_minutes(p.start), _minutes(p.end), p.entry.case.patient.display_name,
                        f"{_case_label(p.entry)} {p.start:%H:%M}–{p.end:%H:%M}",
                        p.entry.priority, p.fixed)
                for p in planned if p.session_id == session.pk]
        rows.append(svg.Row(_session_label(session), _minutes(session.start),
                            _minutes(session.end), bars))
    return rows


def explain(run: PlanRun | None) -> list[tuple[WaitingListEntry | None, str]]:
    """Each case left out with its reason in the reader's language."""
    if run is None:
        return []
    entries = {str(e.external_id): e for e in WaitingListEntry.objects.filter(
        external_id__in=[u["entry"] for u in run.unscheduled]).select_related("case__patient")}
    out = []
    for item in run.unscheduled:
        params = item.get("params") or {}
        try:
            reason = _(item["reason"]) % params if params else _(item["reason"])
        except (KeyError, TypeError, ValueError):
            reason = _(item["reason"])
        out.append((entries.get(item["entry"]), reason))
    return out


def _page(request: HttpRequest, department: Department, week: dt.date, status: int = 200,
          form: PlanForm | None = None,
          failed: tuple[PlannedCase, DayForm] | None = None) -> HttpResponse:
    sessions = queries.week_sessions(department, week)
    run = queries.latest_run(department, week)
    planned = queries.planned_cases(run)
    context: dict[str, Any] = {
        "department": department, "week": week, "run": run, "planned": planned,
        "sessions": sessions, "left_out": explain(run),
        "timeline": svg.week_svg(_rows(sessions, planned), _("Operating lists of the week")),
        "previous": week - dt.timedelta(days=7), "next": week + dt.timedelta(days=7),
        "utilisation": round(100 * float(run.summary.get("utilisation", 0))) if run else None,
    }
    if can_write(request):
        entries = planning.candidates(department, week)
        context["form"] = form or PlanForm(initial={"week": week}, planned=planned,
                                           entries=entries, sessions=sessions)
        context["day_form"] = DayForm()
    if failed is not None:
        context["failed_id"], context["failed_form"] = failed[0].pk, failed[1]
    return render(request, "capacity/week.html", context, status=status)


@require_GET
def week(request: HttpRequest, department_id: str) -> HttpResponse:
    return _page(request, get_department(request.user, department_id), week_of(request))


@require_POST
def week_plan(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    week_start = week_of(request)
    sessions = queries.week_sessions(department, week_start)
    planned = queries.planned_cases(queries.latest_run(department, week_start))
    form = PlanForm(request.POST, planned=planned, sessions=sessions,
                    entries=planning.candidates(department, week_start))
    if form.is_valid():
        data = form.cleaned_data
        fixed = planning.fixed_from(queries.latest_run(department, week_start), set(data["keep"]))
        try:
            if data["case"]:
                if not data["session"]:
                    raise InvalidInput({"session": _("Choose a session.")})
                if data["start"] is None:
                    raise InvalidInput({"start": _("Give the start time as HH:MM.")})
                fixed[data["case"]] = (data["session"], data["start"].strftime("%H:%M"))
            run = planning.do_replan_week(request.user, department, week_start, fixed=fixed,
                                          request=request)
            messages.success(request, _("The week is planned: %(booked)s operations booked.")
                             % {"booked": run.summary.get("booked", run.cases.count())})
            return redirect(f"/capacity/{department.external_id}/week/"
                            f"?week={week_start.isoformat()}")
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _page(request, department, week_start, 422, form)


@require_POST
def day_record(request: HttpRequest, planned_id: str) -> HttpResponse:
    """Recorded: back to the week. Refused: the week again, the error next to the field."""
    planned = door.get(request.user, PlannedCase, planned_id, action=door.CHANGE)
    department = planned.run.department
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            services.do_record_day(request.user, planned, form.cleaned_data, request=request)
            messages.success(request, _("Recorded."))
            return redirect(f"/capacity/{department.external_id}/week/"
                            f"?week={planned.run.week_start.isoformat()}")
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _page(request, department, planned.run.week_start, 422, failed=(planned, form))
