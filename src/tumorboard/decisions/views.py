"""Web views: the case panel fragment, recording decisions and scores, the report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import audit, door
from tumorboard.accounts.people import display_name
from tumorboard.decisions import calculators, report, services
from tumorboard.decisions.models import ScreeningTrigger
from tumorboard.decisions.panel import FormState, case_panel_context, decision_scores
from tumorboard.decisions.ruleset_changes import ruleset_screenings
from tumorboard.pathways import RULESET_VERSION, ScoreInputError
from tumorboard.patients import queries
from tumorboard.patients.models import Case, Pathway
from tumorboard.patients.validation import InvalidInput, core_message

PANEL = "decisions/_case_panel.html"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _panel_response(request: HttpRequest, case: Case, *, state: FormState | None = None,
                    status: int = 200) -> HttpResponse:
    context = case_panel_context(request.user, case, state=state, request=request)
    template = PANEL if _is_htmx(request) else "decisions/case_panel_page.html"
    return render(request, template, context, status=status)


def _back_to_case(case: Case, anchor: str) -> HttpResponse:
    return redirect(reverse("case-detail", kwargs={"case_id": case.external_id}) + anchor)


@require_GET
def case_panel(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, request=request)
    return _panel_response(request, case)


@require_POST
def record_decision(request: HttpRequest, case_id: str, option_code: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    posted = {k: request.POST.get(k, "") for k in ("decision", "reason", "referred_to")}
    try:
        services.do_record_decision(request.user, case, option_code, posted["decision"],
                                    reason=posted["reason"], referred_to=posted["referred_to"],
                                    request=request)
    except InvalidInput as error:
        state = {"option_code": option_code, "errors": error.errors, "posted": posted}
        return _panel_response(request, case, state=state, status=422)
    if _is_htmx(request):
        return _panel_response(request, case)
    messages.success(request, _("Decision recorded."))
    return _back_to_case(case, f"#option-{option_code}")


@require_POST
def record_score(request: HttpRequest, case_id: str, name: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    if name not in decision_scores(case.pathway):
        raise Http404("No such score on this case's panel")
    posted = {k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"}
    try:
        data = calculators.parse_form(name, posted)
        services.do_record_score(request.user, case, name, data, request=request)
    except (ScoreInputError, InvalidInput) as error:
        errors = (error.errors if isinstance(error, InvalidInput)
                  else {error.field or "input": core_message(error)})
        state = {"score": name, "errors": errors, "posted": posted}
        return _panel_response(request, case, state=state, status=422)
    if _is_htmx(request):
        return _panel_response(request, case)
    messages.success(request, _("Score saved."))
    return _back_to_case(case, f"#score-{name}")


@require_POST
def rescreen(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    services.do_screen_case(request.user, case, trigger=ScreeningTrigger.MANUAL, request=request)
    if _is_htmx(request):
        return _panel_response(request, case)
    messages.success(request, _("Case screened again."))
    return _back_to_case(case, "#decision-support")


def _report_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    door.require(user, door.AGGREGATES)
    can_list = door.may(user, door.CLINICAL)  # the figures for all, the cases for some
    sites = door.sites_for(user)
    leads = User.objects.filter(lead_cases__site_id__in=door.site_ids(user)).distinct()
    # The filter's value stays the account name (stable in a URL); people read names.
    surgeons = sorted((u.get_username(), display_name(u)) for u in leads)
    context: dict[str, Any] = {"sites": sites, "pathways": Pathway.choices,
                               "surgeons": surgeons, "can_list": can_list,
                               "params": request.GET, "errors": {}}
    try:
        filters = report.parse_filters(user, request.GET)
    except InvalidInput as error:
        context["errors"] = error.errors
        return context
    context["report"] = report.missed_opportunities(filters, with_cases=can_list)
    audit.record(user=user, action="view", object_type="missed_opportunity_report",
                 request=request, detail={**filters.echo, "with_cases": can_list,
                                          "patients": _report_patients(context["report"])})
    return context


def _report_patients(data: dict[str, Any]) -> list[str]:
    """The patients a report showed by name (its overdue list), for the audit trail."""
    rows = data.get("overdue_cases") or []
    cases = Case.objects.filter(external_id__in=[r["case"] for r in rows])
    return sorted({str(p) for p in cases.values_list("patient__external_id", flat=True)})


@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    context = _report_context(request)
    status = 422 if context["errors"] else 200
    return render(request, "decisions/report.html", context, status=status)


@require_GET
def ruleset_changes_page(request: HttpRequest) -> HttpResponse:
    """Cases whose options changed when the current ruleset re-screened them (own sites)."""
    door.require(request.user, door.CLINICAL, door.CHANGE)
    rows = ruleset_screenings(RULESET_VERSION, door.site_ids(request.user))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    audit.record(user=request.user, action="view", object_type="ruleset_changes",
                 request=request, detail={"ruleset_version": RULESET_VERSION,
                                          "patients": [str(s.case.patient.external_id)
                                                       for s in page.object_list]})
    return render(request, "decisions/ruleset_changes.html",
                  {"page": page, "ruleset_version": RULESET_VERSION})
