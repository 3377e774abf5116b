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

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.board import plan, preservation
from tumorboard.board.models import Action, ImmutableRecord, Listing, Recommendation
from tumorboard.board.services import meeting_quorum
from tumorboard.core import derived
from tumorboard.patients.models import STATUS_TRANSITIONS, CaseStatus
from tumorboard.patients.services import do_change_case_status
from tumorboard.patients.validation import InvalidInput

CONTENT_FIELDS = ("discussion_summary", "intent", "treatment_plan", "option_decisions",
                  "trial_consideration", "trial_notes", "patient_preferences", "dissent")
TEXT_LIMITS = {"discussion_summary": 10000, "trial_notes": 300, "patient_preferences": 2000}


class EditConflict(InvalidInput):
    """Somebody saved the recommendation after this editor loaded it."""

    def __init__(self) -> None:
        super().__init__({"lock_version": (
            "Someone else saved this recommendation while you were editing it. Your changes "
            "were NOT saved; they are still in the form. Compare them with the current "
            "version (reload in another tab) and save again.")})


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def _write_check(user: AnyUser, listing: Listing) -> None:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, listing.case.site_id)


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
    if Recommendation.objects.filter(listing=listing).exists():
        raise InvalidInput({"version": "This case already has a signed recommendation from this "
                            "meeting; create a new version of it instead."})
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
            errors[f"dissent.{index}.author"] = f"{author!r} is not a member of this site."
        elif author and not text:
            errors[f"dissent.{index}.text"] = "Write down the dissenting view."
        kept.append({"author": author, "text": text[:2000]})
    return kept, errors


def content_errors(rec: Recommendation, values: dict[str, Any]) -> tuple[dict[str, Any],
                                                                         dict[str, str]]:
    """The cleaned content and the errors, each keyed by the field (or sub-field) at fault."""
    unknown = sorted(set(values) - set(CONTENT_FIELDS))
    if unknown:
        return {}, {unknown[0]: "This field is unknown or cannot be changed here."}
    clean = {name: values.get(name, getattr(rec, name)) for name in CONTENT_FIELDS}
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        clean[name] = str(clean[name] or "").strip()
        if len(clean[name]) > limit:
            errors[name] = f"At most {limit} characters."
    clean["treatment_plan"] = [
        {"modality": str(item.get("modality") or ""), "detail": str(item.get("detail") or "")
         .strip()} for item in clean["treatment_plan"] or [] if item.get("modality")]
    errors.update(plan.plan_errors(clean["intent"] or "", clean["treatment_plan"]))
    if clean["trial_consideration"] and clean["trial_consideration"] not in plan.TRIAL_CHOICES:
        errors["trial_consideration"] = "Choose one of the listed answers."
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
    """Sign-off moves the case to 'discussed' when the workflow allows that move."""
    if CaseStatus.DISCUSSED not in STATUS_TRANSITIONS.get(rec.case.status, frozenset()):
        return False
    do_change_case_status(user, rec.case, CaseStatus.DISCUSSED, request=request,
                          note=f"MDT {rec.listing.meeting.board.name} recommendation "
                               f"v{rec.version} signed")
    return True


def _create_actions(rec: Recommendation, signed_on: dt.date) -> list[Action]:
    if rec.supersedes_id is not None:
        Action.objects.filter(recommendation_id=rec.supersedes_id,
                              done_date__isnull=True).update(cancelled=True)
    return Action.objects.bulk_create(
        Action(case=rec.case, recommendation=rec, kind=item.kind,
               description=item.description[:300], due_date=item.due)
        for item in plan.planned_actions(signed_on, rec.treatment_plan, rec.option_decisions,
                                         rec.trial_consideration))


@transaction.atomic
def do_sign_off(user: AnyUser, rec: Recommendation, *, lock_version: int,
                request: HttpRequest | None = None) -> Recommendation:
    """The chair signs the recommendation: it becomes immutable, its quorum is recorded, the
    option decisions go to decision support, actions are created and the case moves on."""
    _write_check(user, rec.listing)
    board = rec.listing.meeting.board
    if _real(user) is None or user.pk != board.chair_id:
        raise InvalidInput({"signed_by": "Only the chair of the board can sign off."})
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if locked.is_signed:
        raise ImmutableRecord("This recommendation is already signed.")
    if locked.lock_version != lock_version:
        raise EditConflict()
    raised = [o["code"] for o in locked.raised_options]
    missing = plan.sign_off_missing({f: getattr(locked, f) for f in CONTENT_FIELDS}, raised)
    if missing:
        raise InvalidInput({name: "Required before sign-off." for name in missing})
    now = timezone.now()
    quorum = meeting_quorum(rec.listing.meeting)
    Recommendation.objects.filter(pk=locked.pk).update(
        signed_by=_real(user), signed_at=now, quorate=quorum.quorate,
        lock_version=F("lock_version") + 1, modified=now)
    locked.refresh_from_db()
    recorded = preservation.record_decisions(user, locked.case, locked.option_decisions,
                                             request=request)
    actions = _create_actions(locked, timezone.localdate(now))
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
def do_new_version(user: AnyUser, rec: Recommendation, *,
                   request: HttpRequest | None = None) -> Recommendation:
    """A draft that will supersede a signed recommendation, starting from its content."""
    _write_check(user, rec.listing)
    signed = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if not signed.is_signed:
        raise InvalidInput({"version": "Only a signed recommendation gets a new version; "
                            "edit this draft instead."})
    if Recommendation.objects.filter(supersedes=signed).exists():
        raise InvalidInput({"version": "A newer version of this recommendation exists."})
    if Recommendation.objects.filter(listing=signed.listing, signed_at__isnull=True).exists():
        raise InvalidInput({"version": "A draft is already open for this case at this meeting."})
    draft = Recommendation.objects.create(
        listing=signed.listing, case=signed.case, version=signed.version + 1, supersedes=signed,
        edited_by=_real(user),
        raised_options=preservation.raised_options(user, signed.case, request=request),
        **{name: getattr(signed, name) for name in CONTENT_FIELDS})
    _audit(user, draft, "create", request,
           {"version": draft.version, "supersedes": str(signed.external_id)})
    return draft


@transaction.atomic
def do_complete_action(user: AnyUser, action: Action, done_date: dt.date, *,
                       request: HttpRequest | None = None) -> Action:
    access.require_role(user, access.WRITE_PATIENTS)
    access.require_site(user, action.case.site_id)
    if done_date > timezone.localdate():
        raise InvalidInput({"done_date": "The date is in the future."})
    action.done_date, action.done_by = done_date, _real(user)
    action.save(update_fields=["done_date", "done_by", "modified"])
    audit.record(user=user, action="update", object_type="board_action",
                 object_id=action.external_id, patient_id=action.case.patient.external_id,
                 site_id=action.case.site_id, request=request,
                 detail={"done_date": done_date.isoformat()})
    return action
