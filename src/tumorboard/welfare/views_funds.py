"""Funds, their ledger, reports (HTML and the donor PDF), the policies, and the decision
letters. Thin views: door, form, one service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import audit, door
from tumorboard.core.forms import add_service_errors
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import decisions, ledger, letters, queries, reports
from tumorboard.welfare import forms as f
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Fund, WelfareLetter
from tumorboard.welfare.views import get_application


@require_http_methods(["GET", "POST"])
def funds(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.WELFARE, door.CHANGE if request.method == "POST"
                 else door.VIEW)
    sites = door.sites_for(request.user)
    form = f.FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = sites.filter(code=request.POST.get("site", "")).first() or sites.first()
        if site is None:
            raise PermissionDenied(_("You are not a member of a site."))
        try:
            fund = decisions.do_create_fund(request.user, site, form.cleaned_data,
                                            request=request)
        except InvalidInput as error:
            add_service_errors(form, error.errors, name_unplaced=True)
        else:
            return redirect("welfare-fund", welfare_fund_id=fund.external_id)
    rows = [(fund, ledger.yuan(fund.available_fen), ledger.yuan(fund.committed_fen),
             ledger.yuan(fund.spent_fen)) for fund in queries.funds(request.user)]
    return render(request, "welfare/funds.html", {"rows": rows, "form": form},
                  status=422 if request.method == "POST" else 200)


@require_GET
def fund(request: HttpRequest, welfare_fund_id: str) -> HttpResponse:
    row = door.get(request.user, Fund, welfare_fund_id)
    moves = [(t.created, v.label(v.TRANSACTIONS, t.kind),
              ledger.yuan(max(line.amount_fen for line in t.lines.all())))
             for t in row.transactions.prefetch_related("lines").order_by("-created", "-id")[:100]]
    return render(request, "welfare/fund.html", {
        "fund": row, "moves": moves, "grant_form": f.GrantForm(),
        "period_form": f.PeriodForm(initial={"start": row.starts, "end": row.ends}),
        "balances": [(label, ledger.yuan(getattr(row, field))) for label, field in (
            (_("received"), "received_fen"),
            (pgettext("fund balance", "available"), "available_fen"),
            (_("committed"), "committed_fen"), (_("spent"), "spent_fen"))]})


@require_POST
def fund_grant(request: HttpRequest, welfare_fund_id: str) -> HttpResponse:
    row = door.get(request.user, Fund, welfare_fund_id, action=door.CHANGE)
    form = f.GrantForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput({"amount": _("Give an amount of money.")})
        decisions.do_grant(request.user, row, form.cleaned_data["amount"],
                           form.cleaned_data["memo"], request=request)
    except InvalidInput as error:
        return render(request, "welfare/refused.html", {"errors": error.errors}, status=422)
    messages.success(request, _("Saved."))
    return redirect("welfare-fund", welfare_fund_id=row.external_id)


def _period(request: HttpRequest, row: Fund) -> tuple[dt.date, dt.date] | dict[str, str]:
    form = f.PeriodForm(request.GET or {"start": row.starts, "end": row.ends})
    if not form.is_valid():
        return {k: " ".join(str(m) for m in e) for k, e in form.errors.items()}
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if end < start:
        return {"end": _("The period must end on or after its start.")}
    return start, end


@require_GET
def fund_report(request: HttpRequest, welfare_fund_id: str) -> HttpResponse:
    row = door.get(request.user, Fund, welfare_fund_id)
    period = _period(request, row)
    if isinstance(period, dict):
        return render(request, "welfare/refused.html", {"errors": period}, status=422)
    report = reports.fund_report(row, *period)
    audit.record(user=request.user, action="view", object_type="welfare_report",
                 object_id=row.external_id, site_id=row.site_id, request=request)
    return render(request, "welfare/report.html", {
        "report": report, "columns": v.REPORT_COLUMNS, "start": period[0], "end": period[1],
        "committed": ledger.yuan(report.committed_fen), "spent": ledger.yuan(report.spent_fen),
        "released": ledger.yuan(report.released_fen)})


@require_GET
def fund_report_pdf(request: HttpRequest, welfare_fund_id: str) -> HttpResponse:
    row = door.get(request.user, Fund, welfare_fund_id)
    period = _period(request, row)
    if isinstance(period, dict):
        return render(request, "welfare/refused.html", {"errors": period}, status=422)
    pdf = letters.donor_report_pdf(row, *period)
    audit.record(user=request.user, action="export", object_type="welfare_report",
                 object_id=row.external_id, site_id=row.site_id, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donor-report-{period[0]}.pdf"'
    return response


@require_GET
def policies(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.WELFARE)
    return render(request, "welfare/policies.html", {"policies": queries.policy_rows()})


@require_POST
def write_letter(request: HttpRequest, welfare_application_id: str) -> HttpResponse:
    app = get_application(request, welfare_application_id, write=True)
    decision = app.decisions.order_by("-created", "-id").first()
    if decision is None:
        return render(request, "welfare/refused.html", {
            "app": app, "errors": {"decision": _("There is no decision to write about.")}},
            status=422)
    letters.do_write_letter(request.user, decision, request=request)
    return redirect("welfare-application", welfare_application_id=app.external_id)


@require_GET
def letter_download(request: HttpRequest, welfare_letter_id: str) -> HttpResponse:
    letter = door.get(request.user, WelfareLetter, welfare_letter_id, request=request,
                      record="export")
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    day = timezone.localtime(letter.created).date()
    response["Content-Disposition"] = f'attachment; filename="welfare-letter-{day}.pdf"'
    return response
