"""Web views: panel forms (no JavaScript needed), the registry dashboard, CSV export,
the questionnaire due list and the follow-up import page."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import audit, door
from tumorboard.outcomes import due, importer, registry, services
from tumorboard.outcomes.forms import (
    ComplicationForm,
    FollowUpForm,
    FunctionScoreForm,
    OperationForm,
    add_service_errors,
)
from tumorboard.outcomes.models import CaseOutcome, Operation
from tumorboard.outcomes.panel import STATE_ATTRIBUTE, operations_of
from tumorboard.outcomes.views_charts import chart_urls
from tumorboard.outcomes.vocabulary import CAUSES_OF_DEATH, FOLLOW_UP_TYPES, PATHWAY_INSTRUMENTS
from tumorboard.patients import queries
from tumorboard.patients import views as patient_views
from tumorboard.patients.models import Case, Pathway
from tumorboard.patients.validation import InvalidInput

LACKING_LIST_LIMIT = 100


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("case-detail", kwargs={"case_id": case.external_id}) + "#outcomes")


def _redisplay(request: HttpRequest, case: Case, kind: str, form: Any) -> HttpResponse:
    """The case page again, with the bound form and its errors next to the fields."""
    setattr(request, STATE_ATTRIBUTE, {"kind": kind, "form": form})
    response = patient_views.case_detail(request, str(case.external_id))
    response.status_code = 422
    return response


def _operation(case: Case, external_id: str) -> Operation | None:
    return next((op for op in operations_of(case) if str(op.external_id) == external_id), None)


@require_POST
def add_operation(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = OperationForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.do_record_operation(request.user, case, form.values(), request=request)
            messages.success(request, _("Operation recorded."))
            return _back(case)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _redisplay(request, case, "operation", form)


@require_POST
def add_complication(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = ComplicationForm(request.POST, operations=operations_of(case))
    if form.is_valid():
        data = dict(form.cleaned_data)
        operation = _operation(case, data.pop("operation"))
        try:
            if operation is None:
                raise InvalidInput({"operation": gettext("Choose an operation of this case.")})
            services.do_record_complication(request.user, operation, data, request=request)
            messages.success(request, _("Complication recorded."))
            return _back(case)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _redisplay(request, case, "complication", form)


@require_POST
def add_follow_up(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.do_record_follow_up(request.user, case, dict(form.cleaned_data),
                                         request=request)
            messages.success(request, _("Follow-up event recorded."))
            return _back(case)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _redisplay(request, case, "follow_up", form)


@require_POST
def add_function_score(request: HttpRequest, case_id: str, instrument: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    if instrument not in PATHWAY_INSTRUMENTS.get(case.pathway, ()):
        return HttpResponse(status=404)
    operations = operations_of(case)
    form = FunctionScoreForm(request.POST, instrument=instrument, operations=operations)
    if form.is_valid():
        values = {"operation": _operation(case, form.cleaned_data["operation"]),
                  "instrument": instrument, "time_point_months": form.months(),
                  "assessed_on": form.cleaned_data["assessed_on"], "inputs": form.inputs()}
        try:
            services.do_record_function_score(request.user, case, values, request=request)
            messages.success(request, _("Function score recorded."))
            return _back(case)
        except InvalidInput as error:
            add_service_errors(form, error)
    return _redisplay(request, case, f"score:{instrument}", form)


def may_list_patients(user: Any) -> bool:
    return door.may(user, door.OUTCOMES)


def _dashboard_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    sites = door.sites_for(user)
    surgeons = User.objects.filter(profile__memberships__site__in=sites,
                                   profile__role="clinician").distinct().order_by("username")
    context: dict[str, Any] = {"sites": sites, "pathways": Pathway.choices, "errors": {},
                               "surgeons": surgeons, "params": request.GET,
                               "stages": registry.STAGES}
    try:
        filters = registry.parse_filters(user, request.GET)
    except InvalidInput as error:
        context["errors"] = error.errors
        return context
    identifiable = may_list_patients(user)
    result = registry.compute_registry(filters, suppress=filters.multi_site or not identifiable,
                                       today=timezone.localdate())
    context.update(figures=result.figures, suppressed=result.suppressed,
                   identifiable=identifiable,
                   charts=chart_urls(result, request.GET.urlencode()))
    if identifiable:
        cutoff = result.figures["completeness"]["since"]
        context["lacking"] = (CaseOutcome.objects.filter(
            pathway=filters.pathway, site_id__in=filters.site_ids, dead=0,
            last_known__lt=cutoff).select_related("case__patient", "case__site")
            .order_by("last_known")[:LACKING_LIST_LIMIT])
    audit.record(user=user, action="view", object_type="outcomes_registry", request=request,
                 detail={**result.figures["filters"], "suppressed": result.suppressed})
    return context


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = _dashboard_context(request)
    return render(request, "outcomes/dashboard.html", context,
                  status=422 if context["errors"] else 200)


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, str, str, object]]:
    """Long format: (section, row key, field, value) for every cell of every table."""
    rows: list[tuple[str, str, str, object]] = [("registry", "all", "n", figures["n"])]
    for endpoint in registry.ENDPOINTS:
        for group in figures[endpoint]["groups"]:
            rows += [(endpoint, group["group"], k, val) for k, val in group.items()
                     if k not in ("group", "label")]
        test = figures[endpoint]["logrank"] or {}
        rows += [(endpoint, "logrank", k, val) for k, val in test.items()]
    for cause in figures["local_recurrence"]:
        rows += [("local_recurrence", cause["cause"], k, val) for k, val in cause.items()
                 if k != "cause"]
    for rate in figures["rates"]:
        rows += [("rates", rate["rate"], k, val) for k, val in rate.items()
                 if k not in ("rate", "label")]
    rows += [("cci", b["cci"], "operations", b["operations"]) for b in figures["cci"]]
    rows += [("completeness", "all", k, val) for k, val in figures["completeness"].items()]
    return rows


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """Figures leave the site here, so small cells are always suppressed."""
    filters = registry.parse_filters(request.user, request.GET)
    result = registry.compute_registry(filters, suppress=True, today=timezone.localdate())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "key", "field", "value"])
    for section, key, field, value in figure_rows(result.figures):
        writer.writerow([section, key, field, "" if value is None else value])
    audit.record(user=request.user, action="export", object_type="outcomes_registry",
                 request=request, detail={**result.figures["filters"], "suppressed": True})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registry-{filters.pathway}.csv"')
    return response


@require_GET
def due_list(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.OUTCOMES)
    items = due.due_questionnaires(door.site_ids(request.user), timezone.localdate())
    audit.record(user=request.user, action="view", object_type="questionnaire_due_list",
                 request=request, detail={"items": len(items)})
    return render(request, "outcomes/due.html", {"items": items})


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.OUTCOMES, door.CHANGE)
    # The file's codes, each with its label in the reader's language.
    context: dict[str, Any] = {"event_types": FOLLOW_UP_TYPES,
                               "causes": CAUSES_OF_DEATH}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise importer.ImportFailed(None, "file", _("Choose a CSV file."))
            importer.check_size(upload.size or 0)  # before reading it into memory
            result = importer.import_follow_up(request.user, upload.read(),
                                               filename=upload.name or "", request=request)
            messages.success(request, _("%(n)s follow-up events imported.") % {
                "n": result.imported})
            return redirect("outcomes-import")
        except importer.ImportFailed as failure:
            context["failure"] = failure
            status = 422
    return render(request, "outcomes/import.html", context, status=status)
