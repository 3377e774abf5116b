"""The structured recommendation: drafts with optimistic locking, sign-off, new versions,
and the follow-through actions a signed recommendation creates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.board import meetings, plan, preservation
from tumorboard.board.models import Action, ImmutableRecord, Listing, Recommendation
from tumorboard.board.zones import local_date
from tumorboard.core import derived
from tumorboard.patients.models import STATUS_TRANSITIONS, CaseStatus
from tumorboard.patients.services import do_change_case_status
from tumorboard.patients.validation import InvalidInput, at_most

CONTENT_FIELDS = ("discussion_summary", "intent", "treatment_plan", "option_decisions",
                  "trial_consideration", "trial_notes", "patient_preferences", "dissent",
                  "condition", "relist_on")
TEXT_LIMITS = {"discussion_summary": 10000, "trial_notes": 300, "patient_preferences": 2000,
               "condition": 300}


class EditConflict(InvalidInput):
    """Somebody saved the recommendation after this editor loaded it. The form shows the
    other version beside the editor's and carries the current lock, so saving again
    (knowingly, on top of the other version) works."""

    def __init__(self) -> None:
        super().__init__({"lock_version": (
            gettext(
                "Someone else saved this recommendation while you were editing it. Your changes "
            "were NOT saved; they are still in the form, beside the other version. Save "
            "again to put yours on top of it."))})


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def _write_check(user: AnyUser, listing: Listing) -> None:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, listing.case.site_id)


def _editable(rec: Recommendation) -> None:
    """A closed meeting's records are read-only; an amendment (a new version with a reason)
    remains possible, and it is itself recorded."""
    if rec.supersedes_id is None:
        meetings.require_open(rec.listing.meeting)


def _superseded(rec: Recommendation) -> bool:
    return Recommendation.objects.filter(supersedes_id=rec.pk).exists()


def _audit(user: AnyUser, rec: Recommendation, action: str, request: HttpRequest | None,
           detail: dict[str, Any]) -> None:
    audit.record(user=user, action=action, object_type="recommendation",
                 object_id=rec.external_id, patient_id=rec.case.patient.external_id,
                 site_id=rec.case.site_id, request=request, detail=detail)


@transaction.atomic
def do_start_recommendation(user: AnyUser, listing: Listing, *,
                            request: HttpRequest | None = None) -> Recommendation:
    """The listing's open draft, creating version 1 when the case has none yet."""
    _write_check(user, listing)
    draft = Recommendation.objects.filter(listing=listing, signed_at__isnull=True).first()
    if draft is not None:
        return draft
    meetings.require_open(listing.meeting)
    if Recommendation.objects.filter(listing=listing).exists():
        raise InvalidInput({"version": gettext(
            "This case already has a signed recommendation from this "
                            "meeting; create a new version of it instead.")})
    rec = Recommendation.objects.create(
        listing=listing, case=listing.case, edited_by=_real(user),
        raised_options=preservation.raised_options(user, listing.case, request=request))
    _audit(user, rec, "create", request, {"version": 1, "listing": str(listing.external_id)})
    return rec


def _dissent(rows: list[dict[str, Any]], site_id: int) -> tuple[list[dict[str, str]],
                                                                dict[str, str]]:
    kept, errors = [], {}
    for index, row in enumerate(rows, start=1):
        text = str(row.get("text") or "").strip()
        author = str(row.get("author") or "").strip()
        if not text and not author:
            continue
        if author and not DjangoUser.objects.filter(
                username=author, profile__sites__pk=site_id).exists():
            errors[f"dissent.{index}.author"] = gettext(
                "%(name)s is not a member of this site.") % {"name": author}
        elif author and not text:
            errors[f"dissent.{index}.text"] = gettext("Write down the dissenting view.")
        kept.append({"author": author, "text": text[:2000]})
    return kept, errors


def _relist_date(value: Any) -> tuple[dt.date | None, str]:
    if value in (None, ""):
        return None, ""
    if isinstance(value, dt.date):
        return value, ""
    try:
        return dt.date.fromisoformat(str(value)), ""
    except ValueError:
        return None, "Give the date as YYYY-MM-DD."


def content_errors(rec: Recommendation, values: dict[str, Any]) -> tuple[dict[str, Any],
                                                                         dict[str, str]]:
    """The cleaned content and the errors, each keyed by the field (or sub-field) at fault."""
    unknown = sorted(set(values) - set(CONTENT_FIELDS))
    if unknown:
        return {}, {unknown[0]: gettext("This field is unknown or cannot be changed here.")}
    clean = {name: values.get(name, getattr(rec, name)) for name in CONTENT_FIELDS}
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        clean[name] = str(clean[name] or "").strip()
        if len(clean[name]) > limit:
            errors[name] = at_most(limit)
    clean["treatment_plan"] = [
        {"modality": str(item.get("modality") or ""), "detail": str(item.get("detail") or "")
         .strip()} for item in clean["treatment_plan"] or [] if item.get("modality")]
    errors.update(plan.plan_errors(clean["intent"] or "", clean["treatment_plan"]))
    clean["relist_on"], relist_error = _relist_date(clean.get("relist_on"))
    if relist_error:
        errors["relist_on"] = relist_error
    rediscuss = any(i["modality"] == "rediscuss_after_tests" for i in clean["treatment_plan"])
    if (rediscuss or clean["condition"]) and clean["relist_on"] is None:
        errors["relist_on"] = gettext("Give the date on which the case comes back to the board.")
    if clean["trial_consideration"] and clean["trial_consideration"] not in plan.TRIAL_CHOICES:
        errors["trial_consideration"] = gettext("Choose one of the listed answers.")
    raised = [o["code"] for o in rec.raised_options]
    decisions = {code: {k: str(v or "").strip() for k, v in entry.items()
                        if k in ("decision", "reason", "referred_to")}
                 for code, entry in (clean["option_decisions"] or {}).items()}
    clean["option_decisions"] = decisions
    errors.update(plan.decision_errors(decisions, raised))
    clean["dissent"], dissent_errors = _dissent(list(clean["dissent"] or []), rec.case.site_id)
    errors.update(dissent_errors)
    return clean, errors


@transaction.atomic
def do_save_recommendation(user: AnyUser, rec: Recommendation, values: dict[str, Any], *,
                           lock_version: int, request: HttpRequest | None = None
                           ) -> Recommendation:
    """Save a draft; refused when it was saved by someone else since `lock_version` was read."""
    _write_check(user, rec.listing)
    if rec.is_signed:
        raise ImmutableRecord("A signed recommendation cannot be changed.")
    _editable(rec)
    clean, errors = content_errors(rec, values)
    if errors:
        raise InvalidInput(errors)
    updated = Recommendation.objects.filter(
        pk=rec.pk, lock_version=lock_version, signed_at__isnull=True).update(
        **clean, lock_version=F("lock_version") + 1, edited_by=_real(user),
        modified=timezone.now())
    if not updated:
        if Recommendation.objects.filter(pk=rec.pk, signed_at__isnull=False).exists():
            raise ImmutableRecord("The recommendation was signed off meanwhile; "
                                  "create a new version to change it.")
        raise EditConflict()
    rec.refresh_from_db()
    _audit(user, rec, "update", request, {"fields": sorted(values), "version": rec.version})
    return rec


def _move_case_to_discussed(user: AnyUser, rec: Recommendation,
                            request: HttpRequest | None) -> bool:
    """Sign-off moves the case on to 'discussed': a referred case passes through work-up
    (the board's discussion is its work-up), each step a status change row."""
    # Written as the catalogue's English and read in the reader's language (|local).
    note = gettext_noop("MDT recommendation signed")
    case = rec.case
    if case.status == CaseStatus.REFERRED:
        do_change_case_status(user, case, CaseStatus.WORK_UP, request=request, note=note)
    if CaseStatus.DISCUSSED not in STATUS_TRANSITIONS.get(case.status, frozenset()):
        return False
    do_change_case_status(user, case, CaseStatus.DISCUSSED, request=request, note=note)
    return True


def _create_actions(rec: Recommendation, signed_on: dt.date) -> list[Action]:
    if rec.supersedes_id is not None:
        Action.objects.filter(recommendation_id=rec.supersedes_id,
                              done_date__isnull=True).update(cancelled=True)
    listing = rec.listing
    tier = plan.tier_of(listing.urgency, rec.raised_options)
    board = listing.meeting.board
    owner = rec.case.lead_clinician or board.chair
    rows = [Action(case=rec.case, recommendation=rec, board=board, kind=item.kind,
                   params=item.params, tier=tier, owner=owner, due_date=item.due)
            for item in plan.planned_actions(signed_on, rec.treatment_plan,
                                             rec.option_decisions, rec.trial_consideration,
                                             tier)]
    if rec.relist_on is not None:  # a conditional decision comes back to the board
        rows.append(Action(case=rec.case, recommendation=rec, board=board, kind="relist",
                           params={}, tier=tier, owner=board.chair, due_date=rec.relist_on))
    return Action.objects.bulk_create(rows)


@transaction.atomic
def do_sign_off(user: AnyUser, rec: Recommendation, *, lock_version: int,
                request: HttpRequest | None = None) -> Recommendation:
    """The chair signs the recommendation: it becomes immutable, its quorum is recorded, the
    option decisions go to decision support, actions are created and the case moves on."""
    _write_check(user, rec.listing)
    meeting = rec.listing.meeting
    if _real(user) is None or user.pk not in meetings.chairs(meeting):
        raise InvalidInput({"signed_by": gettext(
            "Only the chair or the deputy chair of the board can "
                                         "sign off.")})
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if locked.is_signed:
        raise ImmutableRecord("This recommendation is already signed.")
    not_now = "" if locked.supersedes_id else meetings.may_sign_now(meeting)
    if not_now:
        raise InvalidInput({"signed_at": not_now})
    if locked.lock_version != lock_version:
        raise EditConflict()
    raised = [o["code"] for o in locked.raised_options]
    missing = plan.sign_off_missing({f: getattr(locked, f) for f in CONTENT_FIELDS}, raised)
    if missing:
        raise InvalidInput({name: gettext("Required before sign-off.") for name in missing})
    now = timezone.now()
    quorum = meetings.meeting_quorum(meeting)
    Recommendation.objects.filter(pk=locked.pk).update(
        signed_by=_real(user), signed_at=now, quorate=quorum.quorate,
        missing_specialties=list(quorum.missing),
        lock_version=F("lock_version") + 1, modified=now)
    locked.refresh_from_db()
    recorded = preservation.record_decisions(user, locked.case, locked.option_decisions,
                                             request=request)
    actions = _create_actions(locked, local_date(now, meeting.board.site))
    derived.recommendation_signed(locked, user)  # e.g. the surgical waiting list
    moved = _move_case_to_discussed(user, locked, request)
    _audit(user, locked, "update", request,
           {"signed_off": True, "version": locked.version, "quorate": quorum.quorate,
            "missing_specialties": list(quorum.missing), "option_decisions": recorded,
            "actions": len(actions), "case_status_discussed": moved})
    return locked


@transaction.atomic(durable=True)
def do_save_and_sign(user: AnyUser, rec: Recommendation, values: dict[str, Any], *,
                     lock_version: int, request: HttpRequest | None = None) -> Recommendation:
    """Save, then sign, as one user action: if the sign-off is refused the save is undone
    too, so a failure leaves no half change. Durable: it is always the outermost
    transaction (its commit is the action's commit)."""
    saved = do_save_recommendation(user, rec, values, lock_version=lock_version,
                                   request=request)
    return do_sign_off(user, saved, lock_version=saved.lock_version, request=request)


@transaction.atomic
def do_new_version(user: AnyUser, rec: Recommendation, *, reason: str = "",
                   request: HttpRequest | None = None) -> Recommendation:
    """A draft that will supersede a signed recommendation, starting from its content; the
    reason for the amendment is required and kept with it."""
    _write_check(user, rec.listing)
    reason = str(reason or "").strip()
    if not reason or len(reason) > 2000:
        raise InvalidInput({"amendment_reason": gettext("Give the reason for the amendment "
                                                "(at most 2000 characters).")})
    signed = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if not signed.is_signed:
        raise InvalidInput({"version": gettext("Only a signed recommendation gets a new version; "
                            "edit this draft instead.")})
    if Recommendation.objects.filter(supersedes=signed).exists():
        raise InvalidInput({"version": gettext("A newer version of this recommendation exists.")})
    if Recommendation.objects.filter(listing=signed.listing, signed_at__isnull=True).exists():
        raise InvalidInput({"version": gettext(
            "A draft is already open for this case at this meeting.")})
    draft = Recommendation.objects.create(
        listing=signed.listing, case=signed.case, version=signed.version + 1, supersedes=signed,
        edited_by=_real(user), amendment_reason=reason,
        raised_options=preservation.raised_options(user, signed.case, request=request),
        **{name: getattr(signed, name) for name in CONTENT_FIELDS})
    _audit(user, draft, "create", request,
           {"version": draft.version, "supersedes": str(signed.external_id)})
    return draft
