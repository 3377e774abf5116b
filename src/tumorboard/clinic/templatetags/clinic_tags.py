"""Panels the clinic app adds to the case page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from tumorboard.accounts import door
from tumorboard.clinic.models import Booking
from tumorboard.clinic.views_booking import book_form
from tumorboard.patients.models import Case

register = template.Library()


@register.simple_tag(takes_context=True)
def case_clinic_panel(context: Any, case: Case) -> SafeString | str:
    """'Book into a one-stop clinic' and the case's upcoming bookings.

    The case page already checked (and audited) that the user may read this case."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not door.allows(user, case, door.VIEW):
        return ""
    bookings = (Booking.objects.filter(case=case, day__date__gte=timezone.localdate())
                .select_related("day__template").order_by("day__date"))
    can_write = door.may(user, door.CLINICAL, door.CHANGE)
    return render_to_string("clinic/_case_panel.html", {
        "case": case, "bookings": bookings, "can_write": can_write,
        "form": book_form(case) if can_write else None,
    }, request=request)
