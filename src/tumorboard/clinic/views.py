"""Web pages of the clinic days: the list, the day sheet, optimising and re-planning.
Every form works without JavaScript; htmx only swaps the schedule section in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.clinic import presenters, scheduling, services
from tumorboard.clinic.forms import (
    AwayForm,
    DayForm,
    LateForm,
    OptimiseForm,
    SessionForm,
    WalkInForm,
    add_service_errors,
)
from tumorboard.clinic.models import ClinicDay, ScheduleRun
from tumorboard.network.models import Site
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput


def get_day(user: AnyUser, external_id: object, *, write: bool = False) -> ClinicDay:
    return door.get(user, ClinicDay, external_id, action=door.CHANGE if write else door.VIEW)


def _sites(user: AnyUser) -> list[Site]:
    return list(door.sites_for(user))


@require_GET
def day_list(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.CLINICAL)
    sites = _sites(request.user)
    days = (ClinicDay.objects.filter(site__in=sites, date__gte=timezone.localdate()
                                     - dt.timedelta(days=7))
            .select_related("site", "template").order_by("date", "site__code")[:200])
    can_write = door.may(request.user, door.CLINICAL, door.CHANGE)
    form = DayForm(sites=[(s.code, str(s)) for s in sites],
                   initial={"date": timezone.localdate() + dt.timedelta(days=1)})
    return render(request, "clinic/day_list.html",
                  {"days": days, "today": timezone.localdate(),
                   "form": form if can_write else None})


@require_POST
def day_create(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.CLINICAL, door.CHANGE)
    sites = _sites(request.user)
    form = DayForm(request.POST, sites=[(s.code, str(s)) for s in sites])
    if form.is_valid():
        data = form.cleaned_data
        site = next(s for s in sites if s.code == data["site"])
        try:
            day = services.do_create_day(
                request.user, site, pathway=data["pathway"], date=data["date"],
                opening=data["opening"], horizon=data["horizon"],
                staff_from_site=data["staff_from_site"], request=request)
            messages.success(request, _("Clinic day created."))
            return redirect("clinic-day", day_id=day.external_id)
        except InvalidInput as error:
            add_service_errors(form, error)
    days = ClinicDay.objects.filter(site__in=sites).order_by("date")[:200]
    return render(request, "clinic/day_list.html", {"days": days, "form": form}, status=422)


def _members(day: ClinicDay) -> list[User]:
    return list(User.objects.filter(profile__memberships__site=day.site)
                .exclude(profile__specialty="").select_related("profile").order_by("username"))


def _forms(day: ClinicDay, sheet: presenters.DaySheet, **bound: Any) -> dict[str, Any]:
    bookings = [(str(b.external_id), f"{b.case.patient.display_name} ({b.case.patient.mrn})")
                for b in sheet.bookings]
    sessions = [(str(s.external_id), presenters.person_name(s)) for s in sheet.sessions]
    return {
        "session_form": bound.get("session_form") or SessionForm(
            members=_members(day), initial={"start": day.opening,
                                            "end": day.clock(day.horizon)}),
        "optimise_form": bound.get("optimise_form") or OptimiseForm(),
        "late_form": bound.get("late_form") or LateForm(bookings=bookings),
        "walk_in_form": bound.get("walk_in_form") or WalkInForm(),
        "away_form": bound.get("away_form") or AwayForm(sessions=sessions),
    }


def _stamp(run: ScheduleRun | None) -> str:
    """Which schedule a page shows (the latest run's time): the poll swaps when it changes."""
    return run.created.isoformat() if run else ""


def _render_day(request: HttpRequest, day: ClinicDay, status: int = 200,
                template: str = "clinic/day.html", **bound: Any) -> HttpResponse:
    sheet = presenters.day_sheet(day)
    presenters.audit_day_view(request.user, day, sheet.bookings, request)
    can_write = door.may(request.user, door.CLINICAL, door.CHANGE)
    run = scheduling.latest_run(day)
    context = {"day": day, "sheet": sheet, "run": run, "stamp": _stamp(run),
               "run_line": presenters.run_line(run) if run else None,
               "can_write": can_write, "minutes": day.horizon}
    if can_write:
        context.update(_forms(day, sheet, **bound))
    return render(request, template, context, status=status)


@require_GET
def day_detail(request: HttpRequest, day_id: str) -> HttpResponse:
    return _render_day(request, get_day(request.user, day_id))


@require_GET
def day_schedule(request: HttpRequest, day_id: str) -> HttpResponse:
    """The schedule section alone, for the page's poll: 204 (nothing swapped, nothing read)
    while the schedule the page shows is still the latest."""
    day = get_day(request.user, day_id)
    if request.GET.get("since", "") == _stamp(scheduling.latest_run(day)):
        return HttpResponse(status=204)
    return _render_day(request, day, template="clinic/_schedule.html")


def _back(day: ClinicDay) -> HttpResponse:
    return redirect(reverse("clinic-day", kwargs={"day_id": day.external_id}) + "#schedule")


def _stored(request: HttpRequest, run: ScheduleRun) -> None:
    metrics = run.schedule["metrics"]
    messages.success(request, _("Schedule stored: %(scheduled)s of %(consults)s consults.")
                     % {"scheduled": metrics["scheduled"], "consults": metrics["consults"]})


@require_POST
def day_optimise(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id, write=True)
    form = OptimiseForm(request.POST)
    if form.is_valid():
        clock = form.cleaned_data["now"]
        try:
            now = presenters.minute_of(day, clock) if clock else None
            _stored(request, scheduling.do_optimise(request.user, day, now=now, request=request))
            return _back(day)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_day(request, day, 422, optimise_form=form)


@require_POST
def day_add_session(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id, write=True)
    members = _members(day)
    form = SessionForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        values: dict[str, Any] = {
            "user": next(u for u in members if str(u.profile.external_id) == data["user"]),
            "specialty": data["specialty"], "room": data["room"],
            "windows": [[presenters.minute_of(day, data["start"]),
                         presenters.minute_of(day, data["end"])]]}
        if data["break_start"] and data["break_end"]:
            values["breaks"] = [[presenters.minute_of(day, data["break_start"]),
                                 presenters.minute_of(day, data["break_end"])]]
        try:
            services.do_add_session(request.user, day, values, request=request)
            return _back(day)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_day(request, day, 422, session_form=form)


@require_POST
def day_late(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id, write=True)
    choices = [(str(b.external_id), "") for b in day.bookings.all()]
    form = LateForm(request.POST, bookings=choices)
    if form.is_valid():
        data = form.cleaned_data
        booking = day.bookings.select_related("case__patient").get(external_id=data["booking"])
        try:
            _stored(request, scheduling.do_mark_late_and_replan(
                request.user, booking, presenters.minute_of(day, data["arrival"]),
                presenters.minute_of(day, data["now"]), request=request))
            return _back(day)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_day(request, day, 422, late_form=form)


@require_POST
def day_walk_in(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id, write=True)
    form = WalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        now = presenters.minute_of(day, data["now"])
        case = (Case.objects.filter(site=day.site, pathway=day.template.pathway,
                                    patient__mrn=data["mrn"].strip())
                .order_by("-diagnosis_date").first())
        try:
            if case is None:
                raise InvalidInput({"mrn": _("No case of this pathway with that record number "
                                             "at this site.")})
            _stored(request, scheduling.do_walk_in_and_replan(request.user, day, case, now,
                                                              request=request))
            return _back(day)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_day(request, day, 422, walk_in_form=form)


@require_POST
def day_away(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id, write=True)
    sessions = {str(s.external_id): s for s in day.sessions.select_related("user")}
    form = AwayForm(request.POST, sessions=[(k, "") for k in sessions])
    if form.is_valid():
        session = sessions[form.cleaned_data["session"]]
        start = presenters.minute_of(day, form.cleaned_data["start"])
        try:
            _stored(request, scheduling.do_call_away_and_replan(request.user, session, start,
                                                                request=request))
            return _back(day)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_day(request, day, 422, away_form=form)
