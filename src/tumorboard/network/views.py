"""Referral pages: the worklist, sending a referral from a case, a referral's page with the
replies of each site, and the referral letter (PDF, either language). Thin: the door
checks, a form parses, one ``do_*`` service writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tumorboard.accounts import door
from tumorboard.accounts.people import display_name
from tumorboard.core.forms import add_service_errors
from tumorboard.network import letters, queries, referrals
from tumorboard.network import vocabulary as v
from tumorboard.network.forms import CompleteForm, ReferralForm, ReplyForm, TakeOnForm
from tumorboard.network.models import Referral
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput


def _referral(request: HttpRequest, referral_id: str, *, write: bool = False) -> Referral:
    return door.get(request.user, Referral, referral_id,
                    action=door.CHANGE if write else door.VIEW, request=request,
                    record=None if write else door.VIEW)


def may_see_case(user: Any, referral: Referral) -> bool:
    """The referring site always; the receiving site while its grant is active."""
    return referral.from_site_id in door.site_ids(user) or \
        door.grant_for(user, referral.case) is not None


@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("closed") == "1"
    incoming, outgoing = queries.worklist(request.user, closed=closed)
    visible = {r.referral.pk for r in incoming + outgoing if may_see_case(request.user,
                                                                         r.referral)}
    return render(request, "network/worklist.html", {
        "incoming": incoming, "outgoing": outgoing, "closed": closed, "visible": visible})


@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, case_id: str) -> HttpResponse:
    case = door.get(request.user, Case, case_id, action=door.CHANGE, record=None)
    form = ReferralForm(request.POST or None, from_site_id=case.site_id)
    if request.method == "POST":
        if form.is_valid():
            try:
                referral = referrals.do_refer(request.user, case, form.cleaned_data,
                                              request=request)
                messages.success(request, _("The referral was sent."))
                return redirect("network-referral", referral_id=referral.external_id)
            except InvalidInput as error:
                add_service_errors(form, error.errors)
        return render(request, "network/refer.html", {"case": case, "form": form},
                      status=422)
    return render(request, "network/refer.html", {"case": case, "form": form})


@require_GET
def detail(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id)
    return _detail_page(request, referral)


def _detail_page(request: HttpRequest, referral: Referral, status: int = 200,
                 **forms: Any) -> HttpResponse:
    mine = door.site_ids(request.user)
    receiving = referral.to_site_id in mine
    writer = door.may(request.user, door.CLINICAL, door.CHANGE)
    context = {
        "referral": referral, "row": queries.row(referral, timezone.now()),
        "see_case": may_see_case(request.user, referral),
        "sending": referral.from_site_id in mine and writer,
        "receiving": receiving and writer,
        "grant_active": referral.grants.filter(revoked_at__isnull=True).exists(),
        "events": [(e, display_name(e.by)) for e in referral.events.select_related("by")],
        "reply_form": forms.get("reply_form") or ReplyForm(initial={"version":
                                                                     referral.version}),
        "complete_form": forms.get("complete_form") or CompleteForm(),
        "take_on_form": forms.get("take_on_form") or TakeOnForm(),
        "is_open": referral.status in v.OPEN, "sent": referral.status == v.SENT,
        "accepted": referral.status == v.ACCEPTED,
    }
    return render(request, "network/referral.html", context, status=status)


def _act(request: HttpRequest, referral: Referral, action: Any, done: str,
         **form: Any) -> HttpResponse:
    try:
        action()
    except InvalidInput as error:
        for bound in form.values():
            add_service_errors(bound, error.errors)
        if not form:
            messages.error(request, next(iter(error.errors.values())))
        referral.refresh_from_db()
        return _detail_page(request, referral, 422, **form)
    messages.success(request, done)
    return redirect("network-referral", referral_id=referral.external_id)


@require_POST
def reply(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id, write=True)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, referral, 422, reply_form=form)
    data = form.cleaned_data
    return _act(request, referral, lambda: referrals.do_reply(
        request.user, referral, data["decision"] == "accept", data["note"],
        expected_version=data.get("version"), request=request),
        _("Your reply was recorded."), reply_form=form)


@require_POST
def withdraw(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id, write=True)
    return _act(request, referral, lambda: referrals.do_withdraw(
        request.user, referral, request.POST.get("note", ""), request=request),
        _("The referral was withdrawn."))


@require_POST
def revoke(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id, write=True)
    return _act(request, referral, lambda: referrals.do_revoke_grant(
        request.user, referral, request=request),
        _("The receiving site can no longer see the case."))


@require_POST
def take_on(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id, write=True)
    form = TakeOnForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, referral, 422, take_on_form=form)
    return _act(request, referral, lambda: referrals.do_take_on(
        request.user, referral, form.cleaned_data["mrn"], request=request),
        _("The patient is now a case of this site."), take_on_form=form)


@require_POST
def complete(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = _referral(request, referral_id, write=True)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, referral, 422, complete_form=form)
    return _act(request, referral, lambda: referrals.do_complete(
        request.user, referral, form.cleaned_data["ending"], form.cleaned_data["note"],
        request=request), _("The referral is complete."), complete_form=form)


@require_GET
def letter(request: HttpRequest, referral_id: str) -> HttpResponse:
    """The referral letter as PDF, in the language asked for (English by default)."""
    referral = door.get(request.user, Referral, referral_id, request=request,
                        record="export", data=door.LETTERS)
    if not may_see_case(request.user, referral):
        door.require_site(request.user, referral.from_site_id)
    language = request.GET.get("language") or "en"
    if language not in letters.LANGUAGES:
        return HttpResponse(_("Choose English or Simplified Chinese."), status=400)
    pdf = letters.referral_pdf(referral, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referral-{language}.pdf"'
    return response
