"""Referrals between the sites of a network: send (with consent, never to one's own site),
reply within the target time, revoke the receiving site's read grant, take the patient on
as the receiving site's own case, and close the referral with an operation or a reason.

Each ``do_*`` is one transaction, checks the door for the site it acts for, writes the
referral's history as a row and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.network import vocabulary as v
from tumorboard.network.models import CaseGrant, Referral, ReferralEvent, Site
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS
from tumorboard.patients.validation import InvalidInput, StaleVersion

SKIPPED_DETAIL_FIELDS = {"id", "case", "external_id", "created", "modified"}


def _real(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def _acting_for(user: AnyUser | None, site_id: int) -> None:
    """Only a member of ``site_id`` with the clinical change right acts for it."""
    if door.is_command_line(user):
        return
    door.require(user, door.CLINICAL, door.CHANGE)
    if site_id not in door.site_ids(user):
        raise PermissionDenied(_("Only the other site of this referral may do this."))


def _event(user: AnyUser | None, referral: Referral, kind: str, note: str = "",
           request: HttpRequest | None = None, detail: dict[str, Any] | None = None) -> None:
    now = timezone.now()
    ReferralEvent.objects.create(referral=referral, kind=kind, at=now, by=_real(user),
                                 note=note[:1000])
    audit.record(user=user, action=kind, object_type="referral",
                 object_id=referral.external_id,
                 patient_id=referral.case.patient.external_id, site_id=referral.from_site_id,
                 request=request, detail={"to_site": referral.to_site.code, **(detail or {})})


def _claim(referral: Referral, expected: int | None, allowed: frozenset[str]) -> None:
    """The referral is in one of ``allowed`` states and unchanged since it was read."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected is not None and current.version != expected:
        raise StaleVersion(expected, current.version)
    if current.status not in allowed:
        raise InvalidInput({"status": _("This referral is %(status)s: it cannot change so.")
                            % {"status": v.label(v.STATUSES, current.status)}})
    referral.version = current.version + 1


def _to_site(value: Any, case: Case) -> Site:
    site = value if isinstance(value, Site) else \
        Site.objects.filter(code=str(value or "").strip()).first()
    if site is None:
        raise InvalidInput({"to_site": _("Choose the site to refer to.")})
    if site.pk == case.site_id:
        raise InvalidInput({"to_site": _("A case cannot be referred to its own site.")})
    return site


def _consent_date(values: dict[str, Any]) -> dt.date:
    if values.get("consent") is not True:
        raise InvalidInput({"consent": _("Record the patient's consent to the referral.")})
    day = values.get("consent_date")
    if not isinstance(day, dt.date):
        raise InvalidInput({"consent_date": _("Give the date the patient consented.")})
    if day > timezone.localdate() or day.year < 1900:
        raise InvalidInput({"consent_date": _("The date of consent cannot be in the future.")})
    return day


@transaction.atomic
def do_refer(user: AnyUser | None, case: Case, values: dict[str, Any],
             request: HttpRequest | None = None) -> Referral:
    """Refer ``case`` to another site; the receiving site may read the case from now on."""
    door.check(user, case, door.CHANGE)
    to_site = _to_site(values.get("to_site"), case)
    reason = values.get("reason") or ""
    if reason not in v.REASONS:
        raise InvalidInput({"reason": _("Choose a reason for the referral.")})
    urgency = values.get("urgency") or "routine"
    if urgency not in v.URGENCIES:
        raise InvalidInput({"urgency": _("Choose routine or urgent.")})
    consent_date = _consent_date(values)
    if Referral.objects.filter(case=case, to_site=to_site, status__in=v.OPEN).exists():
        raise InvalidInput({"to_site": _("This case already has an open referral there.")})
    now = timezone.now()
    referral = Referral.objects.create(
        case=case, from_site_id=case.site_id, to_site=to_site, reason=reason, urgency=urgency,
        consent=True, consent_date=consent_date, note=str(values.get("note") or "")[:1000],
        sent_at=now, reply_due=now + dt.timedelta(days=v.REPLY_DAYS[urgency]),
        sent_by=_real(user))
    grant = CaseGrant.objects.create(case=case, site=to_site, referral=referral,
                                     granted_at=now, granted_by=_real(user))
    _event(user, referral, "sent", request=request,
           detail={"reason": reason, "grant": str(grant.external_id)})
    return referral


def _revoke(user: AnyUser | None, referral: Referral) -> int:
    return CaseGrant.objects.active().filter(referral=referral).update(
        revoked_at=timezone.now(), revoked_by=_real(user))


@transaction.atomic
def do_reply(user: AnyUser | None, referral: Referral, accept: bool, note: str = "",
             expected_version: int | None = None,
             request: HttpRequest | None = None) -> Referral:
    """The receiving site accepts or declines; declining ends its read grant."""
    _acting_for(user, referral.to_site_id)
    _claim(referral, expected_version, frozenset({v.SENT}))
    if not accept and not note.strip():
        raise InvalidInput({"note": _("Say why the referral is declined.")})
    referral.status = v.ACCEPTED if accept else v.DECLINED
    referral.replied_at = timezone.now()
    referral.save(update_fields=["status", "replied_at", "version", "modified"])
    if not accept:
        _revoke(user, referral)
    _event(user, referral, referral.status, note, request,
           {"within_target": referral.replied_at <= referral.reply_due})
    return referral


@transaction.atomic
def do_withdraw(user: AnyUser | None, referral: Referral, note: str = "",
                request: HttpRequest | None = None) -> Referral:
    _acting_for(user, referral.from_site_id)
    _claim(referral, None, v.OPEN)
    referral.status = v.WITHDRAWN
    referral.completed_at = timezone.now()
    referral.save(update_fields=["status", "completed_at", "version", "modified"])
    _revoke(user, referral)
    _event(user, referral, "withdrawn", note, request)
    return referral


@transaction.atomic
def do_revoke_grant(user: AnyUser | None, referral: Referral,
                    request: HttpRequest | None = None) -> int:
    """The referring site ends the receiving site's read access to the case."""
    _acting_for(user, referral.from_site_id)
    Referral.objects.select_for_update().get(pk=referral.pk)
    revoked = _revoke(user, referral)
    if not revoked:
        raise InvalidInput({"grant": _("The receiving site has no access to revoke.")})
    _event(user, referral, "grant_revoked", request=request)
    return revoked


def _copied_details(case: Case) -> dict[str, Any]:
    details = getattr(case, DETAIL_ACCESSORS[case.pathway], None)
    if details is None:
        return {}
    return {f.name: getattr(details, f.name) for f in details._meta.fields
            if f.name not in SKIPPED_DETAIL_FIELDS}


def _create_case(user: AnyUser | None, patient: Any, values: dict[str, Any],
                 details: dict[str, Any], request: HttpRequest | None) -> Case:
    """The receiving site's case; a copied detail that today's checks refuse (a value
    recorded before a range was tightened) is left for the receiving site to measure."""
    while True:
        try:
            with transaction.atomic():
                return patient_services.do_create_case(  # type: ignore[arg-type]
                    user, patient, values, details=details, request=request)  # type: ignore[arg-type]
        except InvalidInput as error:
            name = error.field.removeprefix("details.")
            if not error.field.startswith("details.") or name not in details:
                raise
            details = {k: val for k, val in details.items() if k != name}


@transaction.atomic
def do_take_on(user: AnyUser | None, referral: Referral, mrn: str,
               request: HttpRequest | None = None) -> Case:
    """The receiving site registers the patient and the case as its own (its own MRN)."""
    _acting_for(user, referral.to_site_id)
    _claim(referral, None, frozenset({v.ACCEPTED}))
    if referral.taken_case_id is not None:
        raise InvalidInput({"status": _("The patient is already a case of this site.")})
    if not mrn.strip():
        raise InvalidInput({"mrn": _("Give the patient's record number at this site.")})
    source = referral.case
    identity = {name: getattr(source.patient, name)
                for name in patient_services.PATIENT_FIELDS if name != "mrn"}
    patient = patient_services.do_create_patient(user, referral.to_site,  # type: ignore[arg-type]
                                                 {**identity, "mrn": mrn.strip()},
                                                 request=request)
    values = {name: getattr(source, name) for name in patient_services.CASE_FIELDS
              if name not in ("lead_clinician", "notes")}
    values["referred_by"] = referral.from_site.name
    case = _create_case(user, patient, values, _copied_details(source), request)
    referral.taken_case = case
    referral.save(update_fields=["taken_case", "version", "modified"])
    _event(user, referral, "taken_on", request=request, detail={"case": str(case.external_id)})
    return case


@transaction.atomic
def do_complete(user: AnyUser | None, referral: Referral, ending: str, note: str = "",
                request: HttpRequest | None = None) -> Referral:
    """Close the referral: an operation on the taken-on case, or a named reason."""
    _acting_for(user, referral.to_site_id)
    _claim(referral, None, frozenset({v.ACCEPTED}))
    if ending not in v.ENDINGS:
        raise InvalidInput({"ending": _("Choose how the referral ended.")})
    operation = None
    if ending == "operated":
        taken = referral.taken_case
        operation = taken.operations.order_by("-date", "-id").first() if taken else None
        if operation is None:
            raise InvalidInput({"ending": _("Record the operation on this site's case first.")})
    if ending == "other" and not note.strip():
        raise InvalidInput({"note": _("Say how the referral ended.")})
    referral.status, referral.ending, referral.operation = v.COMPLETED, ending, operation
    referral.completed_at = timezone.now()
    referral.save(update_fields=["status", "ending", "operation", "completed_at", "version",
                                 "modified"])
    _revoke(user, referral)
    _event(user, referral, "completed", note, request, {"ending": ending})
    return referral
