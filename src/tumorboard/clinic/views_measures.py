"""Measures per clinic day and the one-stop rate over time (clinic.measures holds the rules)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tumorboard.accounts import door
from tumorboard.clinic.measures import DayMeasures, PatientFacts, day_measures, rate_chart
from tumorboard.clinic.models import ClinicDay

MAX_DAYS = 120


def facts_of(day: ClinicDay) -> list[PatientFacts]:
    """Per booking: the first plan of the day (its first run) against what happened."""
    first = day.runs.order_by("created", "id").first()
    planned: dict[tuple[str, str], tuple[int, int]] = {
        (a["patient"], a["consult"]): (a["start"], a["end"])
        for a in (first.schedule["appointments"] if first else [])}
    facts = []
    for booking in day.bookings.prefetch_related("consults"):
        consults = list(booking.consults.all())
        mine = [span for (patient, _c), span in planned.items() if patient == booking.solver_id]
        finished = [c for c in consults if c.actual_start is not None and c.actual_end is not None]
        facts.append(PatientFacts(
            planned=mine,
            actual=[(c.actual_start or 0, c.actual_end or 0) for c in finished],
            lengths=[(c.duration, (c.actual_end or 0) - (c.actual_start or 0))
                     for c in finished],
            consults=len(consults), checked_in=booking.checked_in_at, no_show=booking.no_show))
    return facts


@require_GET
def measures(request: HttpRequest) -> HttpResponse:
    """Days of the user's sites that have begun (someone checked in)."""
    days = (door.scope(request.user, ClinicDay.objects.all())
            .filter(bookings__checked_in_at__isnull=False).distinct()
            .select_related("site", "template").order_by("-date")[:MAX_DAYS])
    rows: list[tuple[ClinicDay, DayMeasures]] = [(d, day_measures(facts_of(d))) for d in days]
    rows.reverse()  # oldest first, as the chart reads
    points = [(f"{d.date:%m-%d}", m.one_stop_rate) for d, m in rows
              if m.one_stop_rate is not None]
    chart = rate_chart([(label, rate) for label, rate in points if rate is not None],
                       _("All consults in one visit, per clinic day"))
    return render(request, "clinic/measures.html", {
        "rows": rows, "chart": mark_safe(chart)})  # noqa: S308 - labels escaped in rate_chart
