"""Was the recommendation carried out: recorded per signed recommendation (yes, or no with a
coded reason), and the "preserving intent kept" measure of a board with the cases behind it
(the board's decision on each function-preserving option, the operation in the registry,
and the function scores after it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts import audit, door, people
from tumorboard.accounts.access import AnyUser
from tumorboard.board import intent
from tumorboard.board.actions import _real
from tumorboard.board.models import Board, Implementation, Recommendation
from tumorboard.board.zones import local_date
from tumorboard.outcomes.models import FunctionScore, Operation
from tumorboard.patients.validation import InvalidInput

REASON_LABELS = {
    "patient_refusal": _("Patient's choice"),
    "deterioration": _("Fitness changed"),
    "progression": _("Disease progressed"),
    "other_therapy_chosen": _("Clinician's decision: another treatment"),
    "no_indication": _("No longer indicated"),
    "payment_refused": _("Cost not covered"),
    "patient_death": _("Patient died"),
    "lost_to_follow_up": _("Lost to follow-up"),
    "other": _("Other reason"),
}
assert tuple(REASON_LABELS) == intent.NOT_IMPLEMENTED_REASONS
FUNCTION_INSTRUMENTS = ("lars", "wexner", "msts")


@transaction.atomic
def do_record_implementation(user: AnyUser, rec: Recommendation, *, implemented: Any,
                             reason: str = "", note: str = "",
                             request: HttpRequest | None = None) -> Implementation:
    door.check(user, rec, door.CHANGE)
    errors: dict[str, str] = {}
    if not rec.is_signed or Recommendation.objects.filter(supersedes_id=rec.pk).exists():
        errors["recommendation"] = gettext("Record this for the current signed recommendation.")
    if not isinstance(implemented, bool):
        errors["implemented"] = gettext("Answer yes or no.")
    elif not implemented and reason not in intent.NOT_IMPLEMENTED_REASONS:
        errors["reason"] = gettext("Choose the reason the plan was not carried out.")
    elif implemented and reason:
        errors["reason"] = gettext("A reason is given only when the plan was not carried out.")
    if len(note) > 500:
        errors["note"] = gettext("At most 500 characters.")
    if errors:
        raise InvalidInput(errors)
    row = Implementation.objects.create(
        recommendation=rec, case=rec.case, implemented=implemented, reason=reason,
        note=note.strip(), recorded_by=_real(user))
    audit.record(user=user, action="create", object_type="implementation",
                 object_id=row.external_id, patient_id=rec.case.patient.external_id,
                 site_id=rec.case.site_id, request=request,
                 detail={"implemented": implemented, "reason": reason})
    return row


def _operation_after(case_id: int, signed_on: Any, operations: dict[int, list[Operation]]
                     ) -> Operation | None:
    return next((op for op in operations.get(case_id, []) if op.date >= signed_on), None)


def intent_rows(boards: Iterable[Board]) -> list[dict[str, Any]]:
    """One row per function-preserving option decided by a current signed recommendation."""
    recs = list(Recommendation.objects.filter(
        listing__meeting__board__in=list(boards), signed_at__isnull=False,
        superseded_by__isnull=True).select_related(
        "case__patient", "case__site", "listing__meeting__board"))
    case_ids = {rec.case_id for rec in recs}
    operations: dict[int, list[Operation]] = {}
    for operation in Operation.objects.filter(case_id__in=case_ids).select_related(
            "surgeon__profile").order_by("date", "id"):
        operations.setdefault(operation.case_id, []).append(operation)
    scores: dict[int, list[FunctionScore]] = {}
    for score in FunctionScore.objects.filter(case_id__in=case_ids,
                                              instrument__in=FUNCTION_INSTRUMENTS
                                              ).order_by("assessed_on"):
        scores.setdefault(score.case_id, []).append(score)
    rows = []
    for rec in recs:
        signed_on = local_date(rec.signed_at, rec.case.site)  # type: ignore[arg-type]
        op = _operation_after(rec.case_id, signed_on, operations)
        for code, entry in rec.option_decisions.items():
            rows.append({
                "case": rec.case, "option": code, "decision": entry.get("decision", ""),
                "operation": None if op is None else {
                    "sphincter_preserved": op.sphincter_preserved,
                    "reconstruction": op.reconstruction, "limb_outcome": op.limb_outcome},
                "operation_date": op.date if op else None,
                "board": rec.listing.meeting.board.name, "site": rec.case.site.code,
                "surgeon": people.display_name(op.surgeon) if op and op.surgeon else "",
                "scores": [(s.instrument, s.time_point_months, s.total)
                           for s in scores.get(rec.case_id, [])],
            })
    return rows


def intent_kept(boards: Iterable[Board]) -> dict[str, dict[str, intent.Tally]]:
    rows = intent_rows(boards)
    return {key: intent.tally(rows, key) for key in ("board", "site", "surgeon")}
