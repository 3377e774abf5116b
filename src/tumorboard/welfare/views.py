"""Web pages of the welfare programme. Each view checks access through the door, parses
its form and calls one ``do_*`` service; GET pages only read (reads are audited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import door, people
from tumorboard.core.forms import add_service_errors
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import decisions, ledger, queries, services
from tumorboard.welfare import forms as f
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Application, Fund

ROUTE = "welfare-application"


def get_application(request: HttpRequest, external_id: object, *,
                    write: bool = False) -> Application:
    return door.get(request.user, Application, external_id, request=request,
                    action=door.CHANGE if write else door.VIEW)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.WELFARE)
    status = request.GET.get("status", "")
    status = status if status in dict(v.STATUSES) else ""
    mrn = request.GET.get("mrn", "").strip()
    return render(request, "welfare/home.html", {
        "applications": queries.applications(request.user, status, request=request),
        "statuses": v.STATUSES, "status": status, "funds": queries.funds(request.user),
        "mrn": mrn, "cases": queries.cases_to_apply(request.user, mrn, request=request),
        "can_change": door.may(request.user, door.WELFARE, door.CHANGE)})


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, case_id: str) -> HttpResponse:
    case = door.get(request.user, Case, case_id, action=door.CHANGE, data=door.WELFARE)
    form = f.ApplicationForm(request.POST or None)
    members = f.MemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        rows = [row for row in members.cleaned_data if any(row.values())]
        try:
            app = services.do_create_application(request.user, case, form.cleaned_data, rows,
                                                 request=request)
        except InvalidInput as error:
            add_service_errors(form, error.errors, name_unplaced=True)
        else:
            return redirect(ROUTE, welfare_application_id=app.external_id)
    return render(request, "welfare/apply.html", {
        "form": form, "members": members, "patient": case.patient,
        "status": 422 if request.method == "POST" else 200},
        status=422 if request.method == "POST" else 200)


@require_GET
def application(request: HttpRequest, welfare_application_id: str) -> HttpResponse:
    app = get_application(request, welfare_application_id)
    funds = [(str(fund.external_id), fund.name) for fund in queries.funds(request.user)]
    operations = queries.operation_choices(app) if app.status == v.APPROVED else []
    operation = queries.operation_label(app.operation) if app.operation else ""
    return render(request, "welfare/application.html", {
        "app": app, "members": app.members.all(), "documents": app.documents.all(),
        "events": [(e.at, v.STEP_LABELS.get(e.step, e.step), v.label(v.STATUSES, e.to_status),
                    people.display_name(e.by) if e.by else "")
                   for e in app.events.select_related("by")],
        "reasons": queries.reasons(app),
        "decisions": [(d, people.display_name(d.by), list(d.letters.all()))
                      for d in app.decisions.select_related("by").prefetch_related("letters")],
        "committed": ledger.yuan(app.committed_fen),
        "assessment": app.assessment, "documents_form": f.DocumentsForm(),
        "assess_form": f.AssessForm(funds=funds), "decide_form": f.DecideForm(),
        "appeal_form": f.AppealForm(), "operation": operation,
        "settle_form": f.SettleForm(operations=operations) if operations else None,
        "can_change": door.may(request.user, door.WELFARE, door.CHANGE)})


Step = Callable[[HttpRequest, Application, dict[str, Any]], object]


def _assess(request: HttpRequest, app: Application, data: dict[str, Any]) -> object:
    fund = door.get(request.user, Fund, data["fund"], action=door.CHANGE)
    return services.do_assess(request.user, app, fund, request=request)


STEPS: dict[str, tuple[type[forms.Form], Step]] = {
    "documents": (f.DocumentsForm, lambda r, a, d: services.do_request_documents(
        r.user, a, d["kinds"], d["due"], request=r)),
    "assess": (f.AssessForm, _assess),
    "decide": (f.DecideForm, lambda r, a, d: decisions.do_decide(
        r.user, a, approve=d["approve"], reasons=d["reasons"], request=r)),
    "appeal": (f.AppealForm, lambda r, a, d: decisions.do_appeal(r.user, a, d["grounds"],
                                                                 request=r)),
    "settle": (f.SettleForm, lambda r, a, d: decisions.do_settle(
        r.user, a, d["operation"], d["actual_cost"], request=r)),
    "withdraw": (forms.Form, lambda r, a, d: decisions.do_withdraw(r.user, a, request=r)),
}


def step_view(name: str) -> Callable[[HttpRequest, str], HttpResponse]:
    form_class, step = STEPS[name]

    @require_POST
    def view(request: HttpRequest, welfare_application_id: str) -> HttpResponse:
        app = get_application(request, welfare_application_id, write=True)
        kwargs: dict[str, Any] = {"funds": [(request.POST.get("fund", ""), "")]} \
            if form_class is f.AssessForm else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return _refused(request, app, {k: " ".join(str(m) for m in e) for k, e in
                                             form.errors.items()})
        try:
            step(request, app, form.cleaned_data)
        except InvalidInput as error:
            return _refused(request, app, error.errors)
        messages.success(request, _("Saved."))
        return redirect(ROUTE, welfare_application_id=app.external_id)

    view.__name__ = f"welfare_{name}"
    return view


def _refused(request: HttpRequest, app: Application, errors: dict[str, str]) -> HttpResponse:
    return render(request, "welfare/refused.html", {"app": app, "errors": errors}, status=422)


@require_POST
def document_received(request: HttpRequest, welfare_application_id: str,
                      welfare_document_id: str) -> HttpResponse:
    app = get_application(request, welfare_application_id, write=True)
    doc = app.documents.filter(external_id=door.parse_uuid(welfare_document_id)).first()
    if doc is None:
        raise Http404(_("No such record."))
    services.do_receive_document(request.user, doc, request=request)
    return redirect(ROUTE, welfare_application_id=app.external_id)
