"""Web views: boards, meetings' agendas (page, print and PDF), listing, follow-through."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import audit, door
from tumorboard.accounts.models import Specialty
from tumorboard.board import (
    actions,
    agenda,
    checklist,
    implementation,
    letters,
    queries,
    services,
    triage,
)
from tumorboard.board.forms import BoardForm, ListingForm, TemplateForm
from tumorboard.board.models import AgendaTemplate, Board, Listing, Meeting, Recommendation
from tumorboard.core.forms import add_service_errors, labelled_error
from tumorboard.patients import queries as patient_queries
from tumorboard.patients.validation import InvalidInput

# The models whose fields the board's services name in their errors, for the fields' labels.
LABELLED = (Recommendation, Listing, Meeting, Board)


def _errors_to_messages(request: HttpRequest, error: InvalidInput) -> None:
    for field, message in error.errors.items():
        messages.error(request, labelled_error(field, message, LABELLED))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    boards = list(queries.boards_for(request.user))
    now = timezone.now()
    upcoming = (Meeting.objects.filter(board__in=boards, starts_at__gte=now - dt.timedelta(hours=6))
                .select_related("board").order_by("starts_at")[:20])
    can_manage = door.may(request.user, door.BOARDS, door.CHANGE)
    sites = door.sites_for(request.user)
    return render(request, "board/home.html", {"boards": boards, "upcoming": upcoming,
                                               "can_manage": can_manage, "sites": sites})


def board_create(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.BOARDS, door.CHANGE)
    sites = door.sites_for(request.user)
    site = sites.filter(code=request.GET.get("site") or request.POST.get("site")).first()
    site = site or sites.first()
    if site is None:
        return redirect("board-home")
    form = BoardForm(request.POST or None, site_id=site.pk)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.do_create_board(request.user, site, dict(form.cleaned_data),
                                             request=request)
        except InvalidInput as error:
            add_service_errors(form, error.errors)
        else:
            messages.success(request, _("Board created."))
            return redirect("board-detail", board_id=board.external_id)
    status = 422 if form.errors else 200
    return render(request, "board/board_form.html", {"form": form, "site": site,
                                                     "sites": sites}, status=status)


@require_GET
def board_detail(request: HttpRequest, board_id: str) -> HttpResponse:
    board = queries.get_board(request.user, board_id)
    meetings = board.meetings.order_by("-starts_at")[:30]
    kept = implementation.intent_kept([board])
    show_cases = door.may(request.user, door.MDT)
    if show_cases:
        cases = [c["case"] for t in kept["board"].values() for c in t.cases]
        audit.record(user=request.user, action="view", object_type="board_intent_kept",
                     object_id=board.external_id, site_id=board.site_id, request=request,
                     detail={"patients": sorted({str(c.patient.external_id) for c in cases})})
    return render(request, "board/board.html", {
        "board": board, "meetings": meetings, "templates": board.agenda_templates.all(),
        "kept": kept["board"].get(board.name), "kept_by_surgeon": kept["surgeon"],
        "show_cases": show_cases, "specialty_labels": dict(Specialty.choices),
        "time_use": triage.board_time_use(board),
        "template_form": TemplateForm(),
        "can_manage": door.may(request.user, door.BOARDS, door.CHANGE)})


@require_POST
def board_schedule(request: HttpRequest, board_id: str) -> HttpResponse:
    board = queries.get_board(request.user, board_id, manage=True)
    try:
        when = request.POST.get("starts_at", "")
        if when:
            starts = dt.datetime.fromisoformat(when)
            starts = timezone.make_aware(starts) if timezone.is_naive(starts) else starts
            services.do_schedule_meeting(request.user, board, starts, request=request)
        else:
            weeks = int(request.POST.get("weeks") or 4)
            services.do_schedule_weeks(request.user, board, weeks, request=request)
        messages.success(request, _("Meetings scheduled."))
    except ValueError as error:
        if isinstance(error, InvalidInput):
            _errors_to_messages(request, error)
        else:
            messages.error(request, _("starts_at: give a date and time as YYYY-MM-DDTHH:MM."))
    return redirect("board-detail", board_id=board.external_id)


@require_POST
def template_save(request: HttpRequest, board_id: str) -> HttpResponse:
    board = queries.get_board(request.user, board_id, manage=True)
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            services.do_save_template(request.user, board, form.cleaned_data["name"],
                                      list(form.cleaned_data["sort_keys"]),
                                      form.cleaned_data["standing_items"].splitlines())
            messages.success(request, _("Agenda template saved."))
        except InvalidInput as error:
            _errors_to_messages(request, error)
    else:
        messages.error(request, _("name: give the template a name."))
    return redirect("board-detail", board_id=board.external_id)


def agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    listings = list(meeting.listings.select_related("case__patient", "case__lead_clinician")
                    .order_by("position", "id"))
    items = [{"listing": item, "checklist": checklist.checklist(item),
              "recommendations": list(item.recommendations.order_by("version"))}
             for item in listings]
    audit.record(user=request.user, action="view", object_type="meeting_agenda",
                 object_id=meeting.external_id, site_id=meeting.board.site_id, request=request,
                 detail={"cases": [str(item.case.external_id) for item in listings],
                         "patients": [str(item.case.patient.external_id) for item in listings]})
    return {"meeting": meeting, "board": meeting.board, "items": items,
            "templates": meeting.board.agenda_templates.all(), "sort_keys": agenda.SORT_KEYS,
            "can_write": door.may(request.user, door.MDT, door.CHANGE),
            "quorum": services.meeting_quorum(meeting)}


@require_GET
def meeting_agenda(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    return render(request, "board/agenda.html", agenda_context(request, meeting))


@require_GET
def meeting_agenda_pdf(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    html = render_to_string("board/agenda_pdf.html", agenda_context(request, meeting),
                            request=request)
    response = HttpResponse(letters.html_to_pdf(html), content_type="application/pdf")
    name = f"agenda-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def meeting_apply_template(request: HttpRequest, meeting_id: str) -> HttpResponse:
    # Ordering the agenda by a template is the board's set-up, not the discussion.
    meeting = door.get(request.user, Meeting, meeting_id, action=door.CHANGE, data=door.BOARDS)
    template = AgendaTemplate.objects.filter(board=meeting.board,
                                             pk=request.POST.get("template") or 0).first()
    if template is None:
        messages.error(request, _("template: choose one of this board's templates."))
    else:
        services.do_apply_template(request.user, meeting, template)
        messages.success(request, _("Agenda ordered by template %(name)s.")
                         % {"name": template.name})
    return redirect("meeting-agenda", meeting_id=meeting.external_id)


@require_POST
def listing_create(request: HttpRequest, case_id: str) -> HttpResponse:
    case = patient_queries.get_case(request.user, case_id, write=True)
    form = ListingForm(request.POST)
    back = reverse("case-detail", kwargs={"case_id": case.external_id}) + "#mdt"
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, labelled_error(
                str(form.fields[field].label or field), " ".join(str(e) for e in errors)))
        return redirect(back)
    meeting = queries.get_meeting(request.user, form.cleaned_data["meeting"], write=True)
    try:
        services.do_list_case(request.user, case, meeting, question=form.cleaned_data["question"],
                              urgency=form.cleaned_data["urgency"], request=request)
    except InvalidInput as error:
        _errors_to_messages(request, error)
        return redirect(back)
    messages.success(request, _("Case listed for %(meeting)s.") % {"meeting": meeting})
    return redirect(back)


@require_POST
def listing_move(request: HttpRequest, listing_id: str) -> HttpResponse:
    listing = queries.get_listing(request.user, listing_id, write=True)
    services.do_move_listing(request.user, listing, -1 if request.POST.get("to") == "up" else 1)
    return redirect(reverse("meeting-agenda", kwargs={"meeting_id": listing.meeting.external_id})
                    + f"#listing-{listing.external_id}")


@require_POST
def listing_checklist(request: HttpRequest, listing_id: str) -> HttpResponse:
    listing = queries.get_listing(request.user, listing_id, write=True)
    services.do_update_checklist(request.user, listing,
                                 imaging_ready=request.POST.get("imaging_ready") == "on",
                                 pathology_ready=request.POST.get("pathology_ready") == "on",
                                 request=request)
    return redirect(reverse("meeting-agenda", kwargs={"meeting_id": listing.meeting.external_id})
                    + f"#listing-{listing.external_id}")


@require_GET
def actions_worklist(request: HttpRequest) -> HttpResponse:
    """Open actions: mine (as owner) and the board's (all my sites'), overdue first."""
    mine = request.GET.get("show") != "all"
    rows = list(actions.open_actions(request.user, mine=mine)[:500])
    audit.record(user=request.user, action="view", object_type="board_actions_open",
                 request=request, detail={"rows": len(rows), "mine": mine, "patients": sorted(
                     {str(a.case.patient.external_id) for a in rows})})
    return render(request, "board/actions.html", {
        "actions": rows, "mine": mine, "today": timezone.localdate(),
        "can_write": door.may(request.user, door.MDT, door.CHANGE)})


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return redirect(target if target and safe else reverse("board-actions"))


def _date(value: str | None, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise InvalidInput({field: gettext("Use a date written as YYYY-MM-DD.")}) from None


@require_POST
def action_done(request: HttpRequest, action_id: str) -> HttpResponse:
    action = queries.get_action(request.user, action_id)
    try:
        day = _date(request.POST.get("done_date") or timezone.localdate().isoformat(),
                    "done_date")
        actions.do_complete_action(request.user, action, day, request=request)
        messages.success(request, _("Action marked done."))
    except InvalidInput as error:
        _errors_to_messages(request, error)
    return _back(request)


@require_POST
def action_due(request: HttpRequest, action_id: str) -> HttpResponse:
    action = queries.get_action(request.user, action_id)
    try:
        day = _date(request.POST.get("due_date"), "due_date")
        actions.do_change_due(request.user, action, day, request.POST.get("reason", ""),
                              request=request)
        messages.success(request, _("Due date changed."))
    except InvalidInput as error:
        _errors_to_messages(request, error)
    return _back(request)


@require_POST
def action_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = patient_queries.get_case(request.user, case_id, write=True)
    owner = User.objects.filter(pk=request.POST.get("owner") or 0).first()
    try:
        actions.do_add_action(request.user, case, description=request.POST.get("description", ""),
                              due_date=_date(request.POST.get("due_date"), "due_date"),
                              owner=owner or request.user, request=request)
        messages.success(request, _("Action added."))
    except InvalidInput as error:
        _errors_to_messages(request, error)
    return redirect(reverse("case-detail", kwargs={"case_id": case.external_id}) + "#mdt")
