"""Staff administration pages (the admin role): thin views over accounts/staff.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tumorboard.accounts import door, staff
from tumorboard.accounts.services import UserInputError
from tumorboard.accounts.staff_forms import StaffForm


def staff_list(request: HttpRequest) -> HttpResponse:
    profiles = staff.managed_profiles(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        profiles = profiles.filter(Q(user__last_name__icontains=query)
                                   | Q(user__first_name__icontains=query)
                                   | Q(user__username__icontains=query))
    page = Paginator(profiles, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html",
                  {"page": page, "q": query, "query": f"q={query}" if query else ""})


def _form_page(request: HttpRequest, form: StaffForm, status: int = 200) -> HttpResponse:
    return render(request, "accounts/staff_form.html",
                  {"form": form, "managed": form.profile}, status=status)


def staff_create(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.USERS, door.CHANGE)
    form = StaffForm(request.POST or None, sites=door.sites_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            profile = staff.do_create_staff(request.user, form.cleaned_data, request=request)
        except UserInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Account created."))
            return redirect("staff-edit", profile_id=profile.external_id)
    return _form_page(request, form, 400 if form.errors else 200)


def staff_edit(request: HttpRequest, profile_id: str) -> HttpResponse:
    action = door.CHANGE if request.method == "POST" else door.VIEW
    profile = staff.get_managed(request.user, profile_id, action)
    form = StaffForm(request.POST or None, sites=door.sites_for(request.user), profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            staff.do_update_staff(request.user, profile, form.cleaned_data, request=request)
        except UserInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Account saved."))
            return redirect("staff-edit", profile_id=profile.external_id)
    return _form_page(request, form, 400 if form.errors else 200)


@require_POST
def staff_active(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = staff.get_managed(request.user, profile_id, door.CHANGE)
    active = request.POST.get("active") == "1"
    try:
        staff.do_set_active(request.user, profile, active, request=request)
    except UserInputError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Account reactivated.") if active
                         else _("Account deactivated."))
    return redirect("staff-edit", profile_id=profile.external_id)


@require_POST
def staff_reset_two_factor(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = staff.get_managed(request.user, profile_id, door.CHANGE)
    staff.do_reset_two_factor(request.user, profile, request=request)
    messages.success(request, _("Second factor reset: the person enrols a new "
                                "authenticator at their next sign-in."))
    return redirect("staff-edit", profile_id=profile.external_id)
