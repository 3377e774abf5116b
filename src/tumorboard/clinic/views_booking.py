"""Web pages of one booking: booking a case, adjusting its consults, the itinerary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.clinic import presenters, services
from tumorboard.clinic.forms import BookForm, ConsultChangeForm, ConsultForm, add_service_errors
from tumorboard.clinic.models import Booking, ClinicDay, Consult
from tumorboard.core.templatetags.words import local
from tumorboard.patients import queries
from tumorboard.patients.models import Case, Language
from tumorboard.patients.validation import InvalidInput


def get_booking(user: AnyUser, external_id: object, *, write: bool = False,
                request: HttpRequest | None = None) -> Booking:
    return door.get(user, Booking, external_id, action=door.CHANGE if write else door.VIEW,
                    request=request)


def get_consult(user: AnyUser, external_id: object) -> Consult:
    return door.get(user, Consult, external_id, action=door.CHANGE)


def open_days(case: Case) -> list[ClinicDay]:
    """Upcoming days of the case's site and pathway that the case is not booked into."""
    return list(ClinicDay.objects.filter(site_id=case.site_id, template__pathway=case.pathway,
                                         date__gte=timezone.localdate())
                .exclude(bookings__case=case).select_related("template").order_by("date")[:30])


def book_form(case: Case, data: Any = None) -> BookForm:
    days = [(str(d.external_id), f"{d.date:%Y-%m-%d} {local(d.template.name)}")
            for d in open_days(case)]
    return BookForm(data, days=days)


@require_POST
def book_case(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = book_form(case, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        day = ClinicDay.objects.select_related("template").get(external_id=data["day"])
        arrival = presenters.minute_of(day, data["arrival"]) if data["arrival"] else 0
        try:
            booking = services.do_book_case(request.user, day, case, arrival=arrival,
                                            priority=data["priority"], request=request)
            messages.success(request, _("Booked into the clinic day."))
            return redirect("clinic-booking", booking_id=booking.external_id)
        except InvalidInput as error:
            add_service_errors(form, error)
    problems = [f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()]
    messages.error(request, "; ".join(problems))
    return redirect(reverse("case-detail", kwargs={"case_id": case.external_id}) + "#clinic")


def _render_booking(request: HttpRequest, booking: Booking, status: int = 200,
                    consult_form: ConsultForm | None = None) -> HttpResponse:
    consults = booking.consults.prefetch_related("clinicians__user")
    return render(request, "clinic/booking.html", {
        "booking": booking, "day": booking.day, "patient": booking.case.patient,
        "consults": consults, "can_write": door.may(request.user, door.CLINICAL, door.CHANGE),
        "consult_form": consult_form or ConsultForm(),
    }, status=status)


@require_GET
def booking_detail(request: HttpRequest, booking_id: str) -> HttpResponse:
    return _render_booking(request, get_booking(request.user, booking_id, request=request))


def _back(booking: Booking) -> HttpResponse:
    return redirect("clinic-booking", booking_id=booking.external_id)


@require_POST
def consult_add(request: HttpRequest, booking_id: str) -> HttpResponse:
    booking = get_booking(request.user, booking_id, write=True)
    form = ConsultForm(request.POST)
    if form.is_valid():
        try:
            services.do_add_consult(request.user, booking, dict(form.cleaned_data),
                                    request=request)
            return _back(booking)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _render_booking(request, booking, 422, consult_form=form)


@require_POST
def consult_change(request: HttpRequest, consult_id: str) -> HttpResponse:
    consult = get_consult(request.user, consult_id)
    form = ConsultChangeForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput({k: " ".join(str(m) for m in v)
                                for k, v in form.errors.items()})
        services.do_change_consult(request.user, consult,
                                   duration=form.cleaned_data["duration"],
                                   done=form.cleaned_data["done"], request=request)
    except InvalidInput as error:
        messages.error(request, "; ".join(f"{k}: {v}" for k, v in error.errors.items()))
        response = _render_booking(request, consult.booking, 422)
        return response
    return _back(consult.booking)


@require_POST
def consult_remove(request: HttpRequest, consult_id: str) -> HttpResponse:
    consult = get_consult(request.user, consult_id)
    services.do_remove_consult(request.user, consult, request=request)
    return _back(consult.booking)


@require_GET
def itinerary(request: HttpRequest, booking_id: str) -> HttpResponse:
    """The patient's printable itinerary, in her preferred language."""
    booking = get_booking(request.user, booking_id, request=request)
    patient = booking.case.patient
    language = patient.preferred_language or Language.EN
    # The itinerary speaks the patient's language; the page around it stays in the reader's.
    with translation.override(language):
        context = {"booking": booking, "day": booking.day, "patient": patient,
                   "patient_language": translation.get_language(),
                   **presenters.itinerary(booking)}
    return render(request, "clinic/itinerary.html", context)
