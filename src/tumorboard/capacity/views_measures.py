"""The measures page: aggregates (no patient row), for the department's own site."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tumorboard.accounts import door
from tumorboard.capacity import charts, measures
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.forms import person
from tumorboard.capacity.views import get_department

WEEKS = 8


@require_GET
def measures_page(request: HttpRequest, department_id: str) -> HttpResponse:
    department = get_department(request.user, department_id, data=door.AGGREGATES)
    today = timezone.localdate()
    first = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    weeks, by_surgeon = measures.compute(department, first, today)
    names = {u.pk: person(u) for u in User.objects.filter(pk__in=by_surgeon)}
    labels = [f"{w:%m-%d}" for w in weeks]
    reasons = dict(v.CANCEL_REASONS)
    cancelled = {code: sum(f.cancelled[code] for f in weeks.values()) for code in reasons}
    chart_use = charts.bars(labels, [f.utilisation or 0 for f in weeks.values()],
                            _("Theatre utilisation by week"), _("% of session time"))
    chart_cancel = charts.bars([str(reasons[c]) for c in cancelled], list(cancelled.values()),
                               _("Cancellations by reason"), _("operations"))
    return render(request, "capacity/measures.html", {
        "department": department, "weeks": [(w, f, [f.median_wait(p) for p, _l in v.PRIORITIES])
                  for w, f in weeks.items()],
        "surgeons": sorted(((names.get(pk, ""), f) for pk, f in by_surgeon.items()),
                           key=lambda item: item[0]),
        "priorities": [code for code, _label in v.PRIORITIES],
        "cancelled": [(reasons[c], n) for c, n in cancelled.items()],
        "stay": measures.median_stay(department, first, today),
        "chart_use": mark_safe(chart_use), "chart_cancel": mark_safe(chart_cancel),  # noqa: S308
    })
