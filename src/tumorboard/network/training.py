"""The training network: record who trains whom in a technique (at the trainee's site), the
operations the mentor proctored, and the date the trainee was signed off as independent.
Writes are an administrator's of the trainee's site (the door's USERS data: staff records);
each ``do_*`` is atomic, validates before writing (errors name the field) and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Min, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Mentorship, ProctoredCase, Site
from tumorboard.outcomes.models import Operation
from tumorboard.patients.validation import InvalidInput

TECHNIQUE_MAX = 100


def _date_error(value: object, today: dt.date) -> str | None:
    if not isinstance(value, dt.date):
        return _("Give a date as YYYY-MM-DD.")
    if value > today:
        return _("The date is in the future.")
    return None


def mentorship_errors(site: Site, values: dict[str, Any], today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    trainee, mentor = values.get("trainee"), values.get("mentor")
    if not isinstance(trainee, User) or site.pk not in door.site_ids(trainee) \
            or door.role_of(trainee) != "clinician":
        errors["trainee"] = _("Choose a surgeon of the trainee's site.")
    if not isinstance(mentor, User) or door.role_of(mentor) != "clinician":
        errors["mentor"] = _("Choose the surgeon who trains the trainee.")
    elif mentor == trainee:
        errors["mentor"] = _("A surgeon cannot be their own mentor.")
    technique = str(values.get("technique") or "").strip()
    if not technique:
        errors["technique"] = _("Name the technique taught.")
    elif len(technique) > TECHNIQUE_MAX:
        errors["technique"] = _("At most %(limit)d characters.") % {"limit": TECHNIQUE_MAX}
    started = values.get("started_on")
    if (problem := _date_error(started, today)) is not None:
        errors["started_on"] = problem
    independent = values.get("independent_on")
    if independent is not None:
        if (problem := _date_error(independent, today)) is not None:
            errors["independent_on"] = problem
        elif isinstance(started, dt.date) and independent < started:
            errors["independent_on"] = _("The sign-off is before the training started.")
    return errors


@transaction.atomic
def do_record_mentorship(user: AnyUser | None, site: Site, values: dict[str, Any], *,
                         request: HttpRequest | None = None) -> Mentorship:
    """values: trainee, mentor (users), technique, started_on, independent_on (optional)."""
    door.check_new(user, site.pk, door.USERS)
    unknown = set(values) - {"trainee", "mentor", "technique", "started_on", "independent_on"}
    if unknown:
        raise InvalidInput({sorted(unknown)[0]: _("This field is unknown.")})
    errors = mentorship_errors(site, values, timezone.localdate())
    if errors:
        raise InvalidInput(errors)
    mentorship = Mentorship.objects.create(
        site=site, trainee=values["trainee"], mentor=values["mentor"],
        technique=str(values["technique"]).strip(), started_on=values["started_on"],
        independent_on=values.get("independent_on"))
    audit.record(user=user, action="create", object_type="mentorship",
                 object_id=mentorship.external_id, site_id=site.pk, request=request,
                 detail={"technique": mentorship.technique,
                         "started_on": str(mentorship.started_on)})
    return mentorship


def candidate_operations(mentorship: Mentorship) -> QuerySet[Operation]:
    """The trainee's operations at the site, from the training's start, not yet proctored."""
    ops = Operation.objects.filter(surgeon=mentorship.trainee, case__site=mentorship.site,
                                   date__gte=mentorship.started_on, proctoring__isnull=True)
    if mentorship.independent_on is not None:
        ops = ops.filter(date__lte=mentorship.independent_on)
    return ops.order_by("date", "id")


@transaction.atomic
def do_add_proctored_case(user: AnyUser | None, mentorship: Mentorship,
                          operation: Operation | None, *,
                          request: HttpRequest | None = None) -> ProctoredCase:
    """One of the trainee's operations, done under the mentor's supervision."""
    door.check_new(user, mentorship.site_id, door.USERS)
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    if operation is None or not candidate_operations(mentorship).filter(
            pk=operation.pk).exists():
        raise InvalidInput({"operation": _(
            "Choose an operation of the trainee at this site, during the training, "
            "not already proctored.")})
    proctored = ProctoredCase.objects.create(mentorship=mentorship, operation=operation)
    audit.record(user=user, action="create", object_type="proctored_case",
                 object_id=proctored.external_id, site_id=mentorship.site_id,
                 patient_id=operation.case.patient.external_id, request=request,
                 detail={"mentorship": str(mentorship.external_id),
                         "operation": str(operation.external_id)})
    return proctored


def sign_off_error(mentorship: Mentorship, day: object, today: dt.date) -> str | None:
    problem = _date_error(day, today)
    if problem is not None or not isinstance(day, dt.date):
        return problem
    first = mentorship.proctored.aggregate(first=Min("operation__date"))["first"]
    if day < mentorship.started_on:
        return _("The sign-off is before the training started.")
    if first is not None and day < first:
        return _("The sign-off is before the first proctored case (%(day)s).") % {
            "day": first.isoformat()}
    if mentorship.proctored.filter(operation__date__gt=day).exists():
        return _("A proctored case is after this date.")
    return None


@transaction.atomic
def do_sign_off(user: AnyUser | None, mentorship: Mentorship, day: object, *,
                request: HttpRequest | None = None) -> Mentorship:
    """The date the trainee was signed off as independent in the technique."""
    door.check_new(user, mentorship.site_id, door.USERS)
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    problem = sign_off_error(locked, day, timezone.localdate())
    if problem is not None:
        raise InvalidInput({"independent_on": problem})
    before = locked.independent_on
    locked.independent_on = day  # type: ignore[assignment]  # a date: checked above
    locked.save(update_fields=["independent_on", "modified"])
    audit.record(user=user, action="update", object_type="mentorship",
                 object_id=locked.external_id, site_id=locked.site_id, request=request,
                 detail={"changes": {"independent_on": [str(before) if before else None,
                                                        str(day)]}})
    return locked
