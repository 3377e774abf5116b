"""Every write of the capacity app except planning (planning.py): the waiting list, theatre
sessions and their weekly templates, beds, and the on-the-day record. Each ``do_*`` is atomic,
repeats the door's check on what it changes, and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tumorboard.accounts import audit, door, people
from tumorboard.accounts.access import AnyUser
from tumorboard.capacity import queries
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import (
    Admission,
    BedMove,
    DayRecord,
    PlannedCase,
    SessionTemplate,
    TheatreSession,
    WaitingListChange,
    WaitingListEntry,
)
from tumorboard.core.api_schemas import FIRST_YEAR, LAST_YEAR
from tumorboard.network.models import Department
from tumorboard.outcomes.vocabulary import all_procedures
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput, StaleVersion

ENTRY_FIELDS = ("procedure", "procedure_detail", "surgeon", "priority", "target_date",
                "earliest", "expected_los_days", "anaesthetic", "consent", "funding", "status")


def _real(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def _audit(user: AnyUser | None, action: str, kind: str, obj: Any, site_id: int,
           patient: Any = None, request: HttpRequest | None = None,
           detail: dict[str, Any] | None = None) -> None:
    audit.record(user=user, action=action, object_type=kind, object_id=obj.external_id,
                 patient_id=getattr(patient, "external_id", ""), site_id=site_id,
                 request=request, detail=detail)


def _check_department(user: AnyUser | None, department: Department) -> None:
    if user is not None:
        door.require(user, door.CLINICAL, door.CHANGE)
        door.require_site(user, department.site_id)


def _surgeon(value: Any, department: Department, field: str = "surgeon") -> User:
    """A clinician who is a member of the department's site."""
    user: User | None
    if isinstance(value, User):
        user = value
    else:
        user = User.objects.filter(username=str(value or "")).first()
    ok = user is not None and user.is_active and door.role_of(user) == "clinician" and \
        department.site_id in door.site_ids(user)
    if not ok:
        raise InvalidInput({field: _("Choose a surgeon of this hospital.")})
    assert user is not None
    return user


def _in_range(value: dt.date, field: str) -> None:
    """The API's date range (a year such as 0082 is a typing mistake) for forms too."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidInput({field: _("The year must be between %(first)d and %(last)d.")
                            % {"first": FIRST_YEAR, "last": LAST_YEAR}})


# --- waiting list ----------------------------------------------------------------------


def _entry_values(department: Department, values: dict[str, Any], listed_on: dt.date,
                  current: WaitingListEntry | None = None) -> dict[str, Any]:
    """Validated fields of an entry; errors name the field."""
    merged = {f: getattr(current, f) for f in ENTRY_FIELDS} if current else {}
    merged.update({k: val for k, val in values.items() if k in ENTRY_FIELDS})
    priority = merged.get("priority") or ""
    if priority not in v.TARGET_DAYS:
        raise InvalidInput({"priority": _("Choose a priority class from P1 to P4.")})
    procedure = merged.get("procedure") or ""
    if procedure and procedure not in all_procedures():
        raise InvalidInput({"procedure": _("Choose a procedure from the list.")})
    target = merged.get("target_date")
    priority_changed = current is not None and "priority" in values and \
        values["priority"] != current.priority and "target_date" not in values
    if priority == "P1" and (not target or priority_changed):
        raise InvalidInput({"target_date": _("A P1 operation needs a target date "
                                             "(within 72 hours).")})
    if not target or priority_changed:
        target = listed_on + dt.timedelta(days=v.TARGET_DAYS[priority])
    _in_range(target, "target_date")
    if merged.get("earliest"):
        _in_range(merged["earliest"], "earliest")
    if target < listed_on:
        raise InvalidInput({"target_date": _("The target date is before the listing date.")})
    merged["target_date"] = target
    merged["surgeon"] = _surgeon(merged.get("surgeon"), department)
    for name, choices in (("anaesthetic", v.CHECK_STATUSES), ("consent", v.CHECK_STATUSES),
                          ("funding", v.FUNDING_STATUSES), ("status", v.ENTRY_STATUSES)):
        merged.setdefault(name, choices[0][0])
        if merged[name] not in dict(choices):
            raise InvalidInput({name: _("Choose one of the listed values.")})
    los = merged.get("expected_los_days")
    if los in (None, ""):
        los = queries.los_for(department, procedure).median
    if not isinstance(los, int) or not 0 < los <= 365:
        raise InvalidInput({"expected_los_days": _("Give a length of stay from 1 to 365 days.")})
    merged["expected_los_days"] = los
    return merged


@transaction.atomic
def do_add_entry(user: AnyUser | None, department: Department, case: Case,
                 values: dict[str, Any], *, recommendation: Any = None,
                 request: HttpRequest | None = None) -> WaitingListEntry:
    _check_department(user, department)
    if case.site_id != department.site_id:
        raise InvalidInput({"case": _("The case belongs to another hospital.")})
    listed_on = values.get("listed_on") or timezone.localdate()
    fields = _entry_values(department, values, listed_on)
    entry = WaitingListEntry.objects.create(department=department, site=department.site,
                                            case=case, recommendation=recommendation,
                                            listed_on=listed_on, **fields)
    WaitingListChange.objects.create(entry=entry, by=_real(user), note="listed",
                                     changes={"priority": [None, entry.priority]})
    _audit(user, "create", "waiting_list_entry", entry, department.site_id, case.patient,
           request, {"priority": entry.priority, "procedure": entry.procedure})
    return entry


@transaction.atomic
def do_update_entry(user: AnyUser | None, entry: WaitingListEntry, values: dict[str, Any], *,
                    expected_version: int | None = None,
                    request: HttpRequest | None = None) -> WaitingListEntry:
    door.check(user, entry, door.CHANGE)
    locked = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if expected_version is not None and expected_version != locked.version:
        raise StaleVersion(expected_version, locked.version)
    fields = _entry_values(locked.department, values, locked.listed_on, current=locked)
    changes = {}
    for name, value in fields.items():
        before = getattr(locked, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(locked, name, value)
    if changes:
        locked.version += 1
        locked.save()
        WaitingListChange.objects.create(entry=locked, by=_real(user), changes=changes,
                                         note=str(values.get("note") or "")[:200])
        _audit(user, "update", "waiting_list_entry", locked, locked.site_id,
               locked.case.patient, request, {"changed": sorted(changes)})
    return locked


# A welfare application's status decides the entry's funding check; an open application
# (intake, documents, assessed, appealed) is "pending".
WELFARE_FUNDING = {"approved": "approved", "settled": "approved", "refused": "declined",
                   "withdrawn": "not_applicable"}


def follow_welfare(case: Case, welfare_status: str, user: AnyUser | None) -> None:
    """Called by each welfare step inside its transaction: the case's open waiting-list
    entries carry the application's funding status, with a history row and an audit event,
    so "ready for a date" never waits on a funding tick nobody made."""
    funding = WELFARE_FUNDING.get(welfare_status, "pending")
    entries = WaitingListEntry.objects.select_for_update().filter(
        case=case, status__in=(v.WAITING, v.SCHEDULED)).exclude(funding=funding)
    for entry in entries:
        changes = {"funding": [entry.funding, funding]}
        entry.funding = funding
        entry.version += 1
        entry.save(update_fields=["funding", "version", "modified"])
        WaitingListChange.objects.create(entry=entry, by=_real(user), changes=changes,
                                         note=gettext_noop("funding follows the welfare "
                                                           "application"))
        _audit(user, "update", "waiting_list_entry", entry, entry.site_id, case.patient,
               None, {"changed": ["funding"], "by": "welfare"})


def _plain(value: Any) -> Any:
    if isinstance(value, User):
        return people.display_name(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- theatre sessions ------------------------------------------------------------------


def _session_values(department: Department, values: dict[str, Any]) -> dict[str, Any]:
    start, end = values.get("start"), values.get("end")
    if not isinstance(start, dt.time):
        raise InvalidInput({"start": _("Give the start time as HH:MM.")})
    if not isinstance(end, dt.time):
        raise InvalidInput({"end": _("Give the end time as HH:MM.")})
    if end <= start:
        raise InvalidInput({"end": _("The session must end after it starts, on the same day.")})
    room = str(values.get("room") or "").strip()
    if not room:
        raise InvalidInput({"room": _("Name the theatre.")})
    return {"start": start, "end": end, "room": room[:40],
            "surgeon": _surgeon(values.get("surgeon"), department)}


@transaction.atomic
def do_add_session(user: AnyUser | None, department: Department, values: dict[str, Any], *,
                   template: SessionTemplate | None = None,
                   request: HttpRequest | None = None) -> TheatreSession:
    _check_department(user, department)
    date = values.get("date")
    if not isinstance(date, dt.date):
        raise InvalidInput({"date": _("Give the date.")})
    _in_range(date, "date")
    fields = _session_values(department, values)
    clash = TheatreSession.objects.filter(department=department, date=date, room=fields["room"],
                                          start__lt=fields["end"], end__gt=fields["start"])
    if clash.exists():
        raise InvalidInput({"start": _("The theatre is already booked at this time.")})
    session = TheatreSession.objects.create(department=department, site=department.site,
                                            date=date, template=template, **fields)
    _audit(user, "create", "theatre_session", session, department.site_id, request=request)
    return session


@transaction.atomic
def do_add_template(user: AnyUser | None, department: Department, values: dict[str, Any], *,
                    request: HttpRequest | None = None) -> SessionTemplate:
    _check_department(user, department)
    weekday = values.get("weekday")
    if not isinstance(weekday, int) or weekday not in range(7):
        raise InvalidInput({"weekday": _("Choose a weekday.")})
    template = SessionTemplate.objects.create(department=department, site=department.site,
                                              weekday=weekday,
                                              **_session_values(department, values))
    _audit(user, "create", "session_template", template, department.site_id, request=request)
    return template


@transaction.atomic
def do_generate_sessions(user: AnyUser | None, department: Department, week_start: dt.date, *,
                         request: HttpRequest | None = None) -> list[TheatreSession]:
    """The week's sessions from the active weekly templates (existing ones are kept)."""
    _check_department(user, department)
    made = []
    for template in department.session_templates.filter(active=True):
        date = week_start + dt.timedelta(days=template.weekday)
        exists = TheatreSession.objects.filter(department=department, date=date,
                                               room=template.room, start=template.start)
        if not exists.exists():
            made.append(TheatreSession.objects.create(
                department=department, site=department.site, template=template, date=date,
                room=template.room, start=template.start, end=template.end,
                surgeon=template.surgeon))
    audit.record(user=user, action="create", object_type="theatre_session",
                 object_id=department.external_id, site_id=department.site_id,
                 request=request, detail={"week": week_start.isoformat(), "made": len(made)})
    return made


# --- beds ------------------------------------------------------------------------------


@transaction.atomic
def do_admit(user: AnyUser | None, department: Department, case: Case, values: dict[str, Any],
             *, request: HttpRequest | None = None) -> Admission:
    _check_department(user, department)
    if case.site_id != department.site_id:
        raise InvalidInput({"case": _("The case belongs to another hospital.")})
    if Admission.objects.filter(case=case, discharged_on__isnull=True).exists():
        raise InvalidInput({"case": _("The patient is already in a bed.")})
    admitted = values.get("admitted_on") or timezone.localdate()
    los = values.get("expected_los_days") or v.DEFAULT_LOS_DAYS
    if not isinstance(los, int) or not 0 < los <= 365:
        raise InvalidInput({"expected_los_days": _("Give a length of stay from 1 to 365 days.")})
    entry = values.get("entry")
    admission = Admission.objects.create(department=department, site=department.site,
                                         case=case, entry=entry, admitted_on=admitted,
                                         expected_los_days=los,
                                         ward=str(values.get("ward") or "")[:40])
    BedMove.objects.create(admission=admission, kind="admit", on=admitted, ward=admission.ward,
                           by=_real(user))
    _audit(user, "create", "admission", admission, department.site_id, case.patient, request)
    return admission


@transaction.atomic
def do_move(user: AnyUser | None, admission: Admission, kind: str, on: dt.date, ward: str = "",
            *, request: HttpRequest | None = None) -> Admission:
    """A transfer to another ward, or the discharge."""
    door.check(user, admission, door.CHANGE)
    locked = Admission.objects.select_for_update().get(pk=admission.pk)
    if locked.discharged_on is not None:
        raise InvalidInput({"kind": _("The patient has already been discharged.")})
    if kind not in ("transfer", "discharge"):
        raise InvalidInput({"kind": _("Choose transfer or discharge.")})
    if on < locked.admitted_on:
        raise InvalidInput({"on": _("The date is before the admission.")})
    if kind == "discharge":
        locked.discharged_on = on
    else:
        if not ward.strip():
            raise InvalidInput({"ward": _("Name the ward.")})
        locked.ward = ward.strip()[:40]
    locked.save()
    BedMove.objects.create(admission=locked, kind=kind, on=on, ward=locked.ward, by=_real(user))
    _audit(user, "update", "admission", locked, locked.site_id, locked.case.patient, request,
           {"move": kind, "on": on.isoformat()})
    return locked


# --- on the day ------------------------------------------------------------------------


@transaction.atomic
def do_record_day(user: AnyUser | None, planned: PlannedCase, values: dict[str, Any], *,
                  request: HttpRequest | None = None) -> DayRecord:
    """Operated (actual start and end) or cancelled (coded reason). A cancelled case goes
    back to the waiting list; an operated one leaves it and adds to the duration history."""
    entry = planned.entry
    door.check(user, entry, door.CHANGE)
    if DayRecord.objects.filter(planned=planned).exists():
        raise InvalidInput({"outcome": _("This case's day is already recorded.")})
    outcome = values.get("outcome")
    fields: dict[str, Any] = {"outcome": outcome}
    if outcome == v.OPERATED:
        start, end = values.get("actual_start"), values.get("actual_end")
        if not isinstance(start, dt.time):
            raise InvalidInput({"actual_start": _("Give the start time as HH:MM.")})
        if not isinstance(end, dt.time) or end <= start:
            raise InvalidInput({"actual_end": _("The end must be after the start.")})
        fields.update(actual_start=start, actual_end=end)
        entry.status = v.DONE
    elif outcome == v.CANCELLED:
        reason = values.get("cancel_reason")
        if reason not in dict(v.CANCEL_REASONS):
            raise InvalidInput({"cancel_reason": _("Choose the reason for the cancellation.")})
        fields["cancel_reason"] = reason
        entry.status = v.WAITING
    else:
        raise InvalidInput({"outcome": _("Choose operated or cancelled.")})
    record = DayRecord.objects.create(planned=planned, site_id=entry.site_id,
                                      department_id=entry.department_id,
                                      procedure=entry.procedure, surgeon_id=entry.surgeon_id,
                                      date=planned.session.date, by=_real(user), **fields)
    entry.save(update_fields=["status", "modified"])
    WaitingListChange.objects.create(entry=entry, by=_real(user), note=outcome,
                                     changes={"status": [v.SCHEDULED, entry.status]})
    _audit(user, "create", "day_record", record, entry.site_id, entry.case.patient, request,
           {"outcome": outcome, "reason": fields.get("cancel_reason", "")})
    return record
