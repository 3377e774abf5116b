"""The training network's pages: the list of mentorships of the user's sites (every role
reads them as aggregates), recording one, and a mentorship's page with its proctored cases
and the sign-off. Writes are an administrator's of the trainee's site. Thin: the door
checks, a form parses, one ``do_*`` service in network/training.py writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import door
from tumorboard.core.forms import add_service_errors
from tumorboard.network import training
from tumorboard.network.forms import MentorshipForm, ProctoredCaseForm, SignOffForm
from tumorboard.network.models import Mentorship
from tumorboard.patients.validation import InvalidInput


def _mentorship(request: HttpRequest, mentorship_id: str, *, write: bool = False) -> Mentorship:
    if write:
        return door.get(request.user, Mentorship, mentorship_id, action=door.CHANGE)
    return door.get(request.user, Mentorship, mentorship_id, data=door.AGGREGATES)


@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    rows = door.scope(request.user, Mentorship.objects.select_related(
        "site", "trainee", "mentor").annotate(proctored_count=Count("proctored")),
        data=door.AGGREGATES)
    return render(request, "network/training_list.html", {
        "mentorships": rows, "can_write": door.may(request.user, door.USERS, door.CHANGE)})


@require_http_methods(["GET", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.USERS, door.CHANGE)
    form = MentorshipForm(request.POST or None, sites=door.sites_for(request.user))
    if request.method == "POST":
        if form.is_valid():
            site, values = form.values()
            try:
                mentorship = training.do_record_mentorship(request.user, site, values,
                                                           request=request)
                messages.success(request, _("The mentorship was recorded."))
                return redirect("network-mentorship", mentorship_id=mentorship.external_id)
            except InvalidInput as error:
                add_service_errors(form, error.errors)
        return render(request, "network/training_new.html", {"form": form}, status=422)
    return render(request, "network/training_new.html", {"form": form})


def _detail(request: HttpRequest, mentorship: Mentorship, status: int = 200,
            **forms: Any) -> HttpResponse:
    writer = door.allows(request.user, mentorship, door.CHANGE)
    proctored = mentorship.proctored.select_related("operation").order_by(
        "operation__date", "operation__id")
    return render(request, "network/training_detail.html", {
        "mentorship": mentorship, "proctored": proctored, "can_write": writer,
        "proctored_form": forms.get("proctored_form") or ProctoredCaseForm(
            operations=list(training.candidate_operations(mentorship)) if writer else []),
        "sign_off_form": forms.get("sign_off_form") or SignOffForm(
            initial={"independent_on": mentorship.independent_on}),
    }, status=status)


@require_GET
def mentorship_detail(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    return _detail(request, _mentorship(request, mentorship_id))


def _write(request: HttpRequest, mentorship: Mentorship, name: str, form: Any,
           write: Callable[[dict[str, Any]], object], done: str) -> HttpResponse:
    """Parse ``form``, call the service; its errors go beside the form's fields (422)."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
            messages.success(request, done)
            return redirect("network-mentorship", mentorship_id=mentorship.external_id)
        except InvalidInput as error:
            add_service_errors(form, error.errors)
    return _detail(request, mentorship, 422, **{name: form})


@require_POST
def add_proctored(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    mentorship = _mentorship(request, mentorship_id, write=True)
    form = ProctoredCaseForm(request.POST,
                             operations=list(training.candidate_operations(mentorship)))
    return _write(request, mentorship, "proctored_form", form, lambda data: (
        training.do_add_proctored_case(request.user, mentorship,
                                       form.operations.get(data["operation"]),
                                       request=request)),
        _("The proctored case was recorded."))


@require_POST
def sign_off(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    mentorship = _mentorship(request, mentorship_id, write=True)
    return _write(request, mentorship, "sign_off_form", SignOffForm(request.POST),
                  lambda data: training.do_sign_off(request.user, mentorship,
                                                    data["independent_on"], request=request),
                  _("The sign-off was recorded."))
