"""Web pages of the capacity app: departments, the waiting list and its entries, theatre
sessions, beds and the on-the-day record. The week's planning page is in views_week.py,
the measures in views_measures.py. Pages read through the door and never write on GET."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.capacity import queries, services
from tumorboard.capacity.forms import (
    AdmitForm,
    EntryChangeForm,
    EntryForm,
    MoveForm,
    SessionForm,
    TemplateForm,
    add_service_errors,
)
from tumorboard.capacity.models import Admission, WaitingListEntry
from tumorboard.network.models import Department
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput, StaleVersion


def get_department(user: AnyUser, external_id: object, *, write: bool = False,
                   data: str | None = None) -> Department:
    return door.get(user, Department, external_id, action=door.CHANGE if write else door.VIEW,
                    data=data)


def can_write(request: HttpRequest) -> bool:
    return door.may(request.user, door.CLINICAL, door.CHANGE)


def week_of(request: HttpRequest) -> dt.date:
    """The Monday of ?week= (any day of it), else of next week."""
    raw = request.GET.get("week") or request.POST.get("week") or ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = timezone.localdate() + dt.timedelta(days=7)
    return queries.monday(day)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "capacity/home.html",
                  {"departments": queries.departments(request.user)})


def change_rows(changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """An entry's stored change (field -> [before, after]) as labels and readable values."""
    rows = []
    for name, pair in changes.items():
        try:
            model_field = WaitingListEntry._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        labels = dict(model_field.choices or [])  # type: ignore[union-attr]
        shown = [str(labels.get(value, value)) if value not in (None, "") else "—"
                 for value in pair]
        rows.append((str(model_field.verbose_name), shown[0], shown[-1]))  # type: ignore[union-attr]
    return rows


def _cases(department: Department) -> list[tuple[str, str]]:
    rows = (Case.objects.filter(site_id=department.site_id).select_related("patient")
            .order_by("-diagnosis_date", "id")[:300])
    return [(str(c.external_id), f"{c.patient.display_name} — {c.primary_site_text}")
            for c in rows]


def _list_page(request: HttpRequest, department: Department, form: EntryForm | None = None,
               status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    rows = queries.waiting_list(department, today, user=request.user)
    history = queries.duration_history(department)
    items = [(u, queries.predict(history, u.entry)) for u in rows]
    context: dict[str, Any] = {"department": department, "items": items, "today": today}
    if can_write(request):
        context["form"] = form or EntryForm(site_id=department.site_id)
        context["cases"] = _cases(department)
    return render(request, "capacity/waiting_list.html", context, status=status)


@require_GET
def waiting_list(request: HttpRequest, department_id: str) -> HttpResponse:
    return _list_page(request, get_department(request.user, department_id))


def _entry_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in data.items()
            if k not in ("case", "version") and val not in (None, "")}


@require_POST
def entry_create(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    form = EntryForm(request.POST, site_id=department.site_id)
    if form.is_valid():
        case_id = form.cleaned_data["case"]
        try:
            case = door.get(request.user, Case, case_id, action=door.CHANGE, record=None)
            services.do_add_entry(request.user, department, case,
                                  _entry_values(form.cleaned_data), request=request)
            messages.success(request, _("The operation is on the waiting list."))
            return redirect("capacity-waiting-list", department_id=department.external_id)
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _list_page(request, department, form, 422)


@require_http_methods(["GET", "POST"])
def entry_detail(request: HttpRequest, entry_id: str) -> HttpResponse:
    write = request.method == "POST"
    entry = door.get(request.user, WaitingListEntry, entry_id,
                     action=door.CHANGE if write else door.VIEW, request=request)
    form, status = None, 422 if write else 200
    if write:
        form = EntryChangeForm(request.POST, site_id=entry.site_id)
        if form.is_valid():
            try:
                services.do_update_entry(request.user, entry, _entry_values(form.cleaned_data),
                                         expected_version=form.cleaned_data.get("version"),
                                         request=request)
                messages.success(request, _("Saved."))
                return redirect("capacity-entry", entry_id=entry.external_id)
            except StaleVersion as conflict:
                # Shown, nothing saved; the next save, made knowingly, applies to the current.
                form.add_error(None, conflict.errors["version"])
                data = request.POST.copy()
                data["version"] = str(conflict.current)
                form.data = data
                status = 409
            except InvalidInput as error:
                add_service_errors(form, error.errors)
    elif can_write(request):
        initial = {f: getattr(entry, f) for f in services.ENTRY_FIELDS}
        form = EntryChangeForm(initial={**initial, "version": entry.version},
                               site_id=entry.site_id)
    history = queries.duration_history(entry.department)
    return render(request, "capacity/entry.html", {
        "entry": entry, "form": form, "prediction": queries.predict(history, entry),
        "changes": [(c, change_rows(c.changes)) for c in entry.changes.select_related("by")],
        "planned": entry.planned.select_related("session", "run").order_by("-run__created")[:5],
    }, status=status)


def _sessions_page(request: HttpRequest, department: Department, status: int = 200,
                   **bound: Any) -> HttpResponse:
    week = week_of(request)
    context: dict[str, Any] = {
        "department": department, "week": week, "sessions": queries.week_sessions(department,
                                                                                  week),
        "templates": department.session_templates.select_related("surgeon"),
        "previous": week - dt.timedelta(days=7), "next": week + dt.timedelta(days=7)}
    if can_write(request):
        site = department.site_id
        context["session_form"] = bound.get("session_form") or SessionForm(
            site_id=site, initial={"date": week, "start": dt.time(8), "end": dt.time(17)})
        context["template_form"] = bound.get("template_form") or TemplateForm(
            site_id=site, initial={"start": dt.time(8), "end": dt.time(17)})
    return render(request, "capacity/sessions.html", context, status=status)


@require_GET
def sessions(request: HttpRequest, department_id: str) -> HttpResponse:
    return _sessions_page(request, get_department(request.user, department_id))


def _to_sessions(department: Department, week: dt.date) -> HttpResponse:
    return redirect(f"/capacity/{department.external_id}/sessions/?week={week.isoformat()}")


@require_POST
def session_create(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    form = SessionForm(request.POST, site_id=department.site_id)
    if form.is_valid():
        try:
            made = services.do_add_session(request.user, department, form.cleaned_data,
                                           request=request)
            return _to_sessions(department, queries.monday(made.date))
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _sessions_page(request, department, 422, session_form=form)


@require_POST
def template_create(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    form = TemplateForm(request.POST, site_id=department.site_id)
    if form.is_valid():
        try:
            services.do_add_template(request.user, department, form.cleaned_data,
                                     request=request)
            return _to_sessions(department, week_of(request))
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _sessions_page(request, department, 422, template_form=form)


@require_POST
def sessions_generate(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    week = week_of(request)
    made = services.do_generate_sessions(request.user, department, week, request=request)
    messages.success(request, _("%(count)d sessions made from the weekly templates.")
                     % {"count": len(made)})
    return _to_sessions(department, week)


def _beds_page(request: HttpRequest, department: Department, status: int = 200,
               **bound: Any) -> HttpResponse:
    today = timezone.localdate()
    days = queries.occupancy(department, today)
    context: dict[str, Any] = {
        "department": department, "today": today, "days": days,
        "census": queries.inpatients(department), "peak": max(d.occupied for d in days),
        "waiting": [u.entry for u in queries.waiting_list(department, today)]}
    if can_write(request):
        context["admit_form"] = bound.get("admit_form") or AdmitForm(
            initial={"admitted_on": today, "expected_los_days": 3})
        context["move_form"] = MoveForm(initial={"on": today})
    return render(request, "capacity/beds.html", context, status=status)


@require_GET
def beds(request: HttpRequest, department_id: str) -> HttpResponse:
    return _beds_page(request, get_department(request.user, department_id))


@require_POST
def admit(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, write=True)
    form = AdmitForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry = None
            if data.get("entry"):
                entry = door.get(request.user, WaitingListEntry, data["entry"],
                                 action=door.CHANGE, record=None)
            case = entry.case if entry else door.get(request.user, Case, data["case"],
                                                     action=door.CHANGE, record=None)
            data["entry"] = entry
            services.do_admit(request.user, department, case, data, request=request)
            return redirect("capacity-beds", department_id=department.external_id)
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _beds_page(request, department, 422, admit_form=form)


@require_POST
def move(request: HttpRequest, admission_id: str) -> HttpResponse:
    admission = door.get(request.user, Admission, admission_id, action=door.CHANGE)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.do_move(request.user, admission, data["kind"], data["on"],
                             data.get("ward") or "", request=request)
            return redirect("capacity-beds", department_id=admission.department.external_id)
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _beds_page(request, admission.department, 422)
