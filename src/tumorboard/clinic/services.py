"""Every write to the clinic: atomic, validated (errors name the field), audited where
patient data is touched."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tumorboard.accounts import access, audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import Specialty
from tumorboard.accounts.people import display_name
from tumorboard.clinic import pathway_rules
from tumorboard.clinic.models import (
    Booking,
    ClinicDay,
    ClinicianSession,
    ClinicTemplate,
    Consult,
    TemplateStep,
)
from tumorboard.clinic.solver import InstanceError, parse_instance
from tumorboard.core import derived
from tumorboard.network.models import Site
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_MODELS
from tumorboard.patients.validation import InvalidInput, choice_label

MAX_HORIZON = 24 * 60
# plausibility limits: a consult of a one-stop clinic lasts minutes, not days (the longest
# joint consult of the default templates is 40 min; a half-day assessment is the most)
MIN_CONSULT_MINUTES = 5
MAX_CONSULT_MINUTES = 240
# a clinic day is planned from today up to a year ahead; a past day or one years away is a
# typing mistake (2020 for 2026, 2062 for 2026)
DAY_DAYS_BACK = 0
DAY_DAYS_AHEAD = 366


def check_day_date(date: dt.date, today: dt.date) -> None:
    first = today - dt.timedelta(days=DAY_DAYS_BACK)
    last = today + dt.timedelta(days=DAY_DAYS_AHEAD)
    if not first <= date <= last:
        raise InvalidInput({"date": _("Choose a date from %(first)s to %(last)s.") % {
            "first": first.isoformat(), "last": last.isoformat()}})


def check_duration(value: Any, horizon: int, field: str = "duration") -> int:
    """A consult's duration in whole minutes, within the plausibility limits and the day."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput({field: _("Give the duration in whole minutes.")})
    longest = min(MAX_CONSULT_MINUTES, horizon)
    if not MIN_CONSULT_MINUTES <= value <= longest:
        raise InvalidInput({field: _("A consult lasts %(low)s to %(high)s minutes.")
                            % {"low": MIN_CONSULT_MINUTES, "high": longest}})
    return value


def require_manage(user: AnyUser, site_id: int) -> None:
    door.require(user, door.CLINICAL, door.CHANGE)
    door.require_site(user, site_id)


def require_view(user: AnyUser, site_id: int) -> None:
    door.require(user, door.CLINICAL, door.VIEW)
    door.require_site(user, site_id)


def _real(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


def _audit_booking(user: AnyUser, action: str, booking: Booking, request: HttpRequest | None,
                   detail: dict[str, Any]) -> None:
    audit.record(user=user, action=action, object_type="clinic_booking",
                 object_id=booking.external_id, patient_id=booking.case.patient.external_id,
                 site_id=booking.day.site_id, request=request, detail=detail)


# --- templates -------------------------------------------------------------------------


@transaction.atomic
def do_ensure_default_templates(site: Site) -> dict[str, ClinicTemplate]:
    """The site's template for each pathway, creating the default ones that are missing."""
    templates = {}
    for pathway, spec in pathway_rules.DEFAULT_TEMPLATES.items():
        template, created = ClinicTemplate.objects.get_or_create(
            site=site, pathway=pathway, defaults={"name": spec.name})
        if created:
            TemplateStep.objects.bulk_create(
                TemplateStep(template=template, code=s.code, label=s.label,
                             specialties=list(s.specialties), room=s.room, duration=s.duration,
                             position=s.position, when=s.when, unless=s.unless)
                for s in spec.steps)
        templates[pathway] = template
    return templates


def template_steps(template: ClinicTemplate) -> list[pathway_rules.StepSpec]:
    return [pathway_rules.StepSpec(s.code, s.label, tuple(s.specialties), s.duration,
                                   s.position, s.room, s.when, s.unless)
            for s in template.steps.all()]


# --- windows ---------------------------------------------------------------------------


def within_day(last: int) -> str:
    return _("Give a time within the day (0–%(last)s minutes).") % {"last": last}


def check_windows(value: Any, field: str, horizon: int, *, required: bool) -> list[list[int]]:
    """Validate a list of [start, end) minute windows inside [0, horizon]."""
    if not isinstance(value, list) or (required and not value):
        raise InvalidInput({field: _("Give at least one [start, end] window in minutes.")
                            if required else _("Must be a list of [start, end] windows.")})
    windows = []
    for index, item in enumerate(value):
        place = f"{field}[{index}]"
        ok = isinstance(item, list | tuple) and len(item) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in item)
        if not ok:
            raise InvalidInput({place: _("Must be a pair [start, end] of whole minutes.")})
        start, end = int(item[0]), int(item[1])
        if start < 0 or end > horizon:
            raise InvalidInput({place: _(
                "The window %(start)s–%(end)s lies outside the day (0–%(last)s minutes).")
                % {"start": start, "end": end, "last": horizon}})
        if start >= end:
            raise InvalidInput({place: _("The window must start before it ends.")})
        windows.append([start, end])
    ordered = sorted(windows)
    for previous, current in itertools.pairwise(ordered):
        if current[0] < previous[1]:
            place = f"{field}[{windows.index(current)}]"
            raise InvalidInput({place: _("The window %(one)s overlaps %(other)s.") % {
                "one": "–".join(map(str, current)), "other": "–".join(map(str, previous))}})
    return ordered


# --- days and sessions -----------------------------------------------------------------


@transaction.atomic
def do_create_day(user: AnyUser, site: Site, *, pathway: str, date: dt.date,
                  opening: dt.time = dt.time(8, 0), horizon: int = 540,
                  sessions: Sequence[dict[str, Any]] = (), staff_from_site: bool = False,
                  today: dt.date | None = None,
                  request: HttpRequest | None = None) -> ClinicDay:
    """`today`: the date the day is planned on (the demo's past days are planned on their
    own date); the date must lie within DAY_DAYS_BACK and DAY_DAYS_AHEAD of it."""
    require_manage(user, site.pk)
    templates = do_ensure_default_templates(site)
    if pathway not in templates:
        raise InvalidInput({"pathway": _("Choose one of the listed pathways.")})
    if not isinstance(horizon, int) or not 0 < horizon <= MAX_HORIZON:
        raise InvalidInput({"horizon": _("The day lasts 1 to %(n)s minutes.") % {"n": MAX_HORIZON}})
    check_day_date(date, today or timezone.localdate())
    template = templates[pathway]
    if ClinicDay.objects.filter(site=site, date=date, template=template).exists():
        raise InvalidInput({"date": _(
            "There is already a clinic day of the %(pathway)s pathway on %(date)s.") % {
            "pathway": choice_label(Case, "pathway", pathway),
            "date": date_format(date, "DATE_FORMAT")}})
    day = ClinicDay.objects.create(site=site, template=template, date=date, opening=opening,
                                   horizon=horizon)
    for index, values in enumerate(sessions):
        _add_session(day, values, prefix=f"sessions[{index}].")
    if staff_from_site:
        _staff_from_site(day)
    audit.record(user=user, action="create", object_type="clinic_day", object_id=day.external_id,
                 site_id=site.pk, request=request,
                 detail={"date": date.isoformat(), "pathway": pathway})
    return day


def _staff_from_site(day: ClinicDay) -> None:
    """A session for every member of the site with a specialty this clinic needs:
    the whole day with a lunch break in the middle (the coordinator edits from there)."""
    needed = {s for step in day.template.steps.all() for s in step.specialties}
    members = User.objects.filter(profile__memberships__site=day.site,
                                  profile__specialty__in=needed).select_related("profile")
    taken = set(day.sessions.values_list("user_id", flat=True))
    middle = (day.horizon // 2) // 30 * 30
    breaks = [[middle, middle + 60]] if day.horizon >= 240 else []
    for member in members.order_by("username"):
        if member.pk not in taken:
            ClinicianSession.objects.create(day=day, user=member,
                                            specialty=member.profile.specialty,
                                            windows=[[0, day.horizon]], breaks=breaks)


@transaction.atomic
def do_add_session(user: AnyUser, day: ClinicDay, values: dict[str, Any], *,
                   request: HttpRequest | None = None) -> ClinicianSession:
    require_manage(user, day.site_id)
    session = _add_session(day, values, prefix="")
    audit.record(user=user, action="create", object_type="clinic_session",
                 object_id=session.external_id, site_id=day.site_id, request=request,
                 detail={"clinician": session.solver_id})
    return session


def _add_session(day: ClinicDay, values: dict[str, Any], prefix: str) -> ClinicianSession:
    known = {"user", "specialty", "windows", "breaks", "room"}
    for key in values:
        if key not in known:
            raise InvalidInput({prefix + key: _("This field is unknown.")})
    clinician = values.get("user")
    if isinstance(clinician, str):
        clinician = User.objects.filter(username=clinician).first()
    if not isinstance(clinician, User) or day.site_id not in access.site_ids(clinician):
        raise InvalidInput({prefix + "user": _("Choose a clinician who works at this site.")})
    profile = access.profile_of(clinician)
    specialty = values.get("specialty") or (profile.specialty if profile else "")
    if not specialty or specialty not in Specialty.values:
        raise InvalidInput({prefix + "specialty": _("Choose the specialty the clinician covers.")})
    windows = check_windows(values.get("windows", [[0, day.horizon]]), prefix + "windows",
                            day.horizon, required=True)
    breaks = check_windows(values.get("breaks", []), prefix + "breaks", day.horizon,
                           required=False)
    if day.sessions.filter(user=clinician).exists():
        raise InvalidInput({prefix + "user": _("%(name)s already has a session on this day.")
                            % {"name": display_name(clinician)}})
    return ClinicianSession.objects.create(day=day, user=clinician, specialty=specialty,
                                           room=str(values.get("room") or "")[:100],
                                           windows=windows, breaks=breaks)


@transaction.atomic
def do_call_away(user: AnyUser, session: ClinicianSession, from_minute: int, *,
                 request: HttpRequest | None = None) -> ClinicianSession:
    require_manage(user, session.day.site_id)
    if not 0 <= from_minute <= session.day.horizon:
        raise InvalidInput({"from": within_day(session.day.horizon)})
    # a consult already running when she is called away is finished first
    running = session.consults.filter(start__lt=from_minute, end__gt=from_minute)
    ends = [end for end in running.values_list("end", flat=True) if end is not None]
    cut = max([from_minute, *ends])
    session.away_from = cut if session.away_from is None else min(session.away_from, cut)
    session.save(update_fields=["away_from", "modified"])
    audit.record(user=user, action="update", object_type="clinic_session",
                 object_id=session.external_id, site_id=session.day.site_id, request=request,
                 detail={"away_from": session.away_from})
    return session


# --- bookings and consults -------------------------------------------------------------


def case_details(case: Case) -> dict[str, Any]:
    model = DETAIL_MODELS.get(case.pathway)
    row = model.objects.filter(case=case).first() if model is not None else None
    if row is None:
        return {}
    return {f.name: getattr(row, f.name) for f in row._meta.fields}


@transaction.atomic
def do_book_case(user: AnyUser, day: ClinicDay, case: Case, *, arrival: int = 0,
                 priority: int = 1, walk_in: bool = False,
                 request: HttpRequest | None = None) -> Booking:
    require_manage(user, day.site_id)
    access.require_site(user, case.site_id)
    if case.site_id != day.site_id:
        raise InvalidInput({"case": _("The case belongs to another site than the clinic day.")})
    if case.pathway != day.template.pathway:
        raise InvalidInput({"case": _(
            "This clinic day is for the %(day)s pathway; the case is on the %(case)s pathway.")
            % {"day": choice_label(Case, "pathway", day.template.pathway),
               "case": choice_label(Case, "pathway", case.pathway)}})
    if not 0 <= arrival < day.horizon:
        raise InvalidInput({"arrival": within_day(day.horizon - 1)})
    if priority < 1:
        raise InvalidInput({"priority": _("The priority is a whole number of 1 or more.")})
    if Booking.objects.filter(day=day, case=case).exists():
        raise InvalidInput({"case": _("This case is already booked into this clinic day.")})
    flags = pathway_rules.case_flags(case.pathway, case_details(case))
    consults = pathway_rules.consults_for(template_steps(day.template), flags)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(day=day, case=case, arrival=arrival,
                                             priority=priority, walk_in=walk_in,
                                             booked_by=_real(user))
    except IntegrityError:
        raise InvalidInput({"case": _("This case is already booked into this clinic day.")}) \
            from None
    Consult.objects.bulk_create(Consult(booking=booking, **values) for values in consults)
    # closes the case's "book the one-stop clinic" action, in this transaction
    derived.event_recorded("clinic_booking", case, timezone.localdate(), user)
    _audit_booking(user, "create", booking, request,
                   {"day": str(day.external_id), "consults": [c["code"] for c in consults],
                    "flags": sorted(flags), "walk_in": walk_in})
    return booking


def consult_json(consult: Consult) -> dict[str, Any]:
    return {"id": consult.code, "specialties": list(consult.specialties),
            "duration": consult.duration, "after": list(consult.after)}


def validate_consults(booking: Booking, consults: Sequence[dict[str, Any]]) -> None:
    """Let the solver's parser judge the consult list; its place becomes the field."""
    data = {"horizon": booking.day.horizon, "clinicians": [],
            "patients": [{"id": "booking", "arrival": 0, "consults": list(consults)}]}
    try:
        parse_instance(data)
    except InstanceError as error:
        raise InvalidInput({error.place.removeprefix("patients[0]."): error.message}) from None


def _after_codes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise InvalidInput({"after": _("Give a list of consult codes.")})
    return [str(v) for v in value]


@transaction.atomic
def do_add_consult(user: AnyUser, booking: Booking, values: dict[str, Any], *,
                   request: HttpRequest | None = None) -> Consult:
    require_manage(user, booking.day.site_id)
    specialties = values.get("specialties") or []
    if isinstance(specialties, str):
        specialties = [specialties]
    unknown = [s for s in specialties if s not in Specialty.values or not s]
    if not specialties or unknown:
        raise InvalidInput({"specialties": _("Choose one or more known specialties.")})
    code = str(values.get("code") or "-".join(specialties).replace("_", "-"))[:40]
    duration = check_duration(values.get("duration"), booking.day.horizon)
    after = _after_codes(values.get("after", []))
    existing = list(booking.consults.all())
    new = {"id": code, "specialties": specialties, "duration": duration, "after": after}
    validate_consults(booking, [consult_json(c) for c in existing] + [new])
    consult = Consult.objects.create(
        booking=booking, code=code, label=str(values.get("label") or code)[:200],
        specialties=specialties, room=str(values.get("room") or "")[:100], duration=duration,
        after=after, position=max((c.position for c in existing), default=0) + 1)
    _audit_booking(user, "update", booking, request, {"added_consult": code})
    return consult


@transaction.atomic
def do_remove_consult(user: AnyUser, consult: Consult, *,
                      request: HttpRequest | None = None) -> None:
    booking = consult.booking
    require_manage(user, booking.day.site_id)
    # what had to follow the removed consult now follows what it followed
    for other in booking.consults.exclude(pk=consult.pk):
        if consult.code in other.after:
            other.after = list(dict.fromkeys(
                [a for a in other.after if a != consult.code] + list(consult.after)))
            other.save(update_fields=["after", "modified"])
    consult.delete()
    _audit_booking(user, "update", booking, request, {"removed_consult": consult.code})


@transaction.atomic
def do_change_consult(user: AnyUser, consult: Consult, *, duration: int | None = None,
                      after: Any = None, done: bool | None = None,
                      request: HttpRequest | None = None) -> Consult:
    booking = consult.booking
    require_manage(user, booking.day.site_id)
    changed: dict[str, Any] = {}
    if duration is not None:
        consult.duration = check_duration(duration, booking.day.horizon)
        changed["duration"] = duration
    if after is not None:
        consult.after = _after_codes(after)
        changed["after"] = consult.after
    if changed:
        others = [consult_json(c) for c in booking.consults.exclude(pk=consult.pk)]
        validate_consults(booking, [*others, consult_json(consult)])
    if done is not None:
        consult.done = done
        changed["done"] = done
    # Only what this call changes: a concurrent change of another field survives.
    consult.save(update_fields=[*changed, "modified"] if changed else ["modified"])
    _audit_booking(user, "update", booking, request, {"consult": consult.code, **changed})
    return consult


@transaction.atomic
def do_mark_late(user: AnyUser, booking: Booking, arrival: int, *,
                 request: HttpRequest | None = None) -> Booking:
    require_manage(user, booking.day.site_id)
    if not 0 <= arrival < booking.day.horizon:
        raise InvalidInput({"arrival": within_day(booking.day.horizon - 1)})
    booking.arrival = arrival
    booking.save(update_fields=["arrival", "modified"])
    _audit_booking(user, "update", booking, request, {"late": True, "arrival": arrival})
    return booking
