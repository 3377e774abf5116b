"""The network audit's page, its quarterly PDF report and the shared context they render:
per indicator, hospital and surgeon funnels (unadjusted and risk-adjusted, the model shown)
and each surgeon's RA-CUSUM with alarms, beside the surgeon's training record. Aggregates:
every role may read them for its own sites; units with fewer than five cases are unnamed."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.people import display_name
from tumorboard.network import audit, charts
from tumorboard.network import vocabulary as v
from tumorboard.network.audit_rows import INDICATORS, operation_rows
from tumorboard.network.models import Mentorship, Site
from tumorboard.outcomes.validation import TECHNIQUE_LENGTHS, VERSION

LEVELS = {"site": gettext_lazy("hospital"), "surgeon": gettext_lazy("surgeon"),
          "technique": gettext_lazy("technique version")}


class BadPeriod(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def period(params: Any, today: dt.date) -> tuple[dt.date, dt.date]:
    """?quarter=2025Q3, or ?date_from=&date_to= (default: the last 365 days)."""
    quarter = (params.get("quarter") or "").strip().upper()
    if quarter:
        try:
            year, number = int(quarter[:4]), int(quarter[5:])
            assert quarter[4] == "Q" and 1 <= number <= 4 and 1900 <= year <= 2100
        except (ValueError, AssertionError, IndexError):
            raise BadPeriod("quarter", _("Give a quarter such as 2025Q3.")) from None
        start = dt.date(year, 3 * number - 2, 1)
        end = dt.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
        return start, end - dt.timedelta(days=1)
    try:
        end = dt.date.fromisoformat(params.get("date_to") or today.isoformat())
    except ValueError:
        raise BadPeriod("date_to", _("Give a date as YYYY-MM-DD.")) from None
    try:
        start = dt.date.fromisoformat(params.get("date_from")
                                      or (end - dt.timedelta(days=365)).isoformat())
    except ValueError:
        raise BadPeriod("date_from", _("Give a date as YYYY-MM-DD.")) from None
    if start > end:
        raise BadPeriod("date_from", _("The period starts after it ends."))
    return start, end


def technique_filter(params: Any) -> audit.TechniqueFilter:
    """?technique=&technique_version=: one technique (and version) for hospitals, surgeons
    and the CUSUM; the version as the operation records it ("3.0")."""
    technique = (params.get("technique") or "").strip()
    version = (params.get("technique_version") or "").strip()
    if len(technique) > TECHNIQUE_LENGTHS["technique"]:
        raise BadPeriod("technique", _("At most %(limit)d characters.") % {
            "limit": TECHNIQUE_LENGTHS["technique"]})
    if version and not VERSION.match(version):
        raise BadPeriod("technique_version", _(
            "Give the version as numbers separated by dots, such as 3.0."))
    if version and not technique:
        raise BadPeriod("technique_version", _("Give the technique this version is of."))
    return audit.TechniqueFilter(technique, version)


def technique_label(unit: str) -> str:
    technique, version = unit.rsplit("|", 1)
    return _("%(technique)s, version %(version)s") % {
        "technique": technique, "version": version} if version else technique


def unit_names(level: str, report: dict[str, Any]) -> dict[str, str]:
    keep = audit.named_units(report)
    if level == "technique":
        return {unit: technique_label(unit) for unit in keep}
    if level == "site":
        return {str(pk): name for pk, name in Site.objects.filter(
            pk__in=[int(u) for u in keep]).values_list("pk", "name")}
    users = User.objects.filter(pk__in=[int(u) for u in keep if u != "None"])
    return {str(u.pk): display_name(u) for u in users}


def _funnel(level: str, adjusted: bool, report: dict[str, Any], label: str,
            svg: bool) -> dict[str, Any]:
    names = unit_names(level, report)
    title = _("%(indicator)s by %(level)s") % {"indicator": label, "level": LEVELS[level]}
    if adjusted:
        title += " — " + _("risk-adjusted")
    # A unit too small to name shows nothing of its own: its rate, ratio or position
    # against the limits would give its counts away (a rate of 1.000 of fewer than 5).
    return {"title": title, "level": level, "adjusted": adjusted,
            "svg": charts.funnel_svg(named_only(report, names), title, names) if svg else "",
            "units": shown_units(report, names), "target": report["target"]}


UNIT_FIGURES = ("n", "observed", "rate", "ratio", "expected", "outside", "direction")


def named_only(report: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The funnel with the named units only: a small unit's point would show its rate."""
    return {**report, "units": [u for u in report["units"] if u["unit"] in names]}


def shown_units(report: dict[str, Any], names: dict[str, str],
                unnamed: str | None = None) -> list[dict[str, Any]]:
    """Each unit with its name and figures; a unit too small to name keeps none of its own
    figures (a rate of 1.000 of fewer than 5 gives its counts away)."""
    return [{**u, "name": names[u["unit"]]} if u["unit"] in names
            else {**dict.fromkeys(UNIT_FIGURES), "unit": u["unit"], "name": unnamed}
            for u in report["units"]]


def training(surgeon_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for m in Mentorship.objects.filter(trainee_id__in=[int(s) for s in surgeon_ids
                                                         if s != "None"]).select_related(
            "mentor").prefetch_related("proctored"):
        out.setdefault(str(m.trainee_id), []).append({
            "technique": m.technique, "mentor": display_name(m.mentor),
            "started_on": m.started_on, "independent_on": m.independent_on,
            "proctored": m.proctored.count()})
    return out


def _sign_offs(records: list[dict[str, Any]], dates: list[dt.date]) -> list[float]:
    """Where each sign-off as independent falls on the chart's x-axis (between operations)."""
    return [bisect.bisect_left(dates, r["independent_on"]) + 0.5 for r in records
            if r["independent_on"] is not None and dates]


def _cusum(result: audit.IndicatorAudit, label: str, svg: bool) -> list[dict[str, Any]]:
    report = result.cusum
    if not report:
        return []
    shown = [u for u in report["units"] if u["n"] >= v.MIN_NAMED]
    names = unit_names("surgeon", {"units": shown})
    records = training([u["unit"] for u in shown])
    return [{"name": names.get(u["unit"], _("A surgeon")), "n": u["n"], "signals": u["signals"],
             "final": u["final"], "training": records.get(u["unit"], []),
             "svg": charts.cusum_svg(u["values"], u["signals"], report["threshold"],
                                     f"{names.get(u['unit'], '')}: {label}",
                                     _sign_offs(records.get(u["unit"], []),
                                                result.cusum_dates.get(u["unit"], [])))
             if svg else ""}
            for u in shown]


def indicator_context(rows: list[Any], indicator: str, svg: bool = True,
                      technique: audit.TechniqueFilter = audit.EVERY) -> dict[str, Any]:
    label = v.label(v.INDICATOR_LABELS, indicator)
    result = audit.run(rows, indicator, technique=technique)
    funnels = [_funnel(key.removesuffix("_adjusted"), key.endswith("_adjusted"), report, label,
                       svg) for key, report in result.funnels.items()]
    return {"indicator": indicator, "label": label, "n": result.n, "events": result.events,
            "too_few": result.too_few, "model": result.model,
            "model_error": result.model_error, "funnels": funnels,
            "cusum": _cusum(result, label, svg)}


def audit_context(user: AnyUser, params: Any, indicators: tuple[str, ...],
                  svg: bool = True) -> dict[str, Any]:
    door.require(user, door.AGGREGATES)
    sites = door.report_sites(user, params.get("site") or "")
    today = timezone.localdate()
    start, end = period(params, today)
    chosen = technique_filter(params)
    rows = operation_rows(sites, start, end, today)
    return {"start": start, "end": end, "operations": len(rows),
            "sites": Site.objects.filter(pk__in=sites).order_by("name"),
            "technique": chosen,
            "techniques": sorted({r.technique for r in rows if r.technique}),
            "versions": sorted({r.technique_version for r in rows if r.technique_version}),
            "sections": [indicator_context(rows, name, svg, chosen) for name in indicators],
            "indicators": [(name, v.label(v.INDICATOR_LABELS, name)) for name in INDICATORS]}


@require_GET
def audit_page(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.AGGREGATES)
    chosen = request.GET.get("indicator") or "clavien_dindo_3"
    if chosen not in INDICATORS:
        return render(request, "network/audit.html", {"error": _("Choose an indicator.")},
                      status=400)
    try:
        context = audit_context(request.user, request.GET, (chosen,))
    except BadPeriod as error:
        return render(request, "network/audit.html", {"error": error.message}, status=400)
    context["chosen"] = chosen
    return render(request, "network/audit.html", context)


@require_GET
def audit_report(request: HttpRequest) -> HttpResponse:
    """The quarter's report as PDF: every indicator, in English or Simplified Chinese."""
    door.require(request.user, door.AGGREGATES)
    language = request.GET.get("language") or "en"
    if language not in ("en", "zh-hans"):
        return HttpResponse(_("Choose English or Simplified Chinese."), status=400)
    if not request.GET.get("quarter"):
        return HttpResponse(_("Give a quarter such as 2025Q3."), status=400)
    try:
        with translation.override(language):
            context = audit_context(request.user, request.GET, INDICATORS)
            html = render_to_string("network/audit_report.html",
                                    {**context, "quarter": request.GET["quarter"].upper(),
                                     "language": language})
    except BadPeriod as error:
        return HttpResponse(error.message, status=400)
    from weasyprint import HTML  # imported late: WeasyPrint loads fonts and Pango on import

    response = HttpResponse(bytes(HTML(string=html).write_pdf()), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="network-audit.pdf"'
    return response
