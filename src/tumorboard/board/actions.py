"""Follow-through: actions created by a signed plan or by hand, each with an owner and a due
date the owner may change (with a reason, kept as a row), done at any time, and closed by the
event that fulfils them (an operation, a letter, a clinic booking) through core.derived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.board.models import Action, ActionDueChange, Board
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput, at_most

MAX_TEXT = 300
# Which event closes which kind of action.
FULFILLED_BY = {
    "operation": ("surgery",),
    "letter": ("letter",),
    # A booking into the case's one-stop clinic fulfils "book the one-stop clinic" only: a
    # genetics or trial referral or a palliative care review is another service's clinic.
    "clinic_booking": ("clinic",),
}


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def _audit(user: AnyUser, action: Action, verb: str, request: HttpRequest | None,
           detail: dict[str, Any]) -> None:
    audit.record(user=user, action=verb, object_type="board_action",
                 object_id=action.external_id, patient_id=action.case.patient.external_id,
                 site_id=action.case.site_id, request=request, detail=detail)


def _owner_errors(case: Case, owner: Any) -> dict[str, str]:
    if owner is None:
        return {"owner": gettext("Choose who owns the action.")}
    if not isinstance(owner, DjangoUser) or case.site_id not in door.site_ids(owner):
        return {"owner": gettext("The owner must be a member of the case's site.")}
    return {}


@transaction.atomic
def do_add_action(user: AnyUser, case: Case, *, description: str, due_date: Any,
                  owner: Any, board: Board | None = None,
                  request: HttpRequest | None = None) -> Action:
    """An action added by hand (not from a plan)."""
    door.check(user, case, door.CHANGE, data=door.MDT)
    errors = _owner_errors(case, owner)
    text = str(description or "").strip()
    if not text:
        errors["description"] = gettext("Say what has to be done.")
    elif len(text) > MAX_TEXT:
        errors["description"] = at_most(MAX_TEXT)
    if not isinstance(due_date, dt.date):
        errors["due_date"] = gettext("Give the due date as YYYY-MM-DD.")
    if board is not None and board.site_id != case.site_id:
        errors["board"] = gettext("The board belongs to another site.")
    if errors:
        raise InvalidInput(errors)
    action = Action.objects.create(case=case, board=board, kind="manual", description=text,
                                   due_date=due_date, owner=owner)
    _audit(user, action, "create", request, {"due_date": due_date.isoformat(),
                                              "owner": str(owner.pk)})
    return action


@transaction.atomic
def do_change_due(user: AnyUser, action: Action, new_due: Any, reason: str, *,
                  owner: Any = None, request: HttpRequest | None = None) -> Action:
    """The owner (or a coordinator) moves the due date, giving the reason; optionally hands
    the action to someone else."""
    door.check(user, action, door.CHANGE)
    errors: dict[str, str] = {}
    if action.done_date or action.cancelled:
        errors["due_date"] = gettext("The action is closed.")
    if not isinstance(new_due, dt.date):
        errors["due_date"] = gettext("Give the due date as YYYY-MM-DD.")
    reason = str(reason or "").strip()
    if not reason:
        errors["reason"] = gettext("Give the reason for the change.")
    if owner is not None:
        errors.update(_owner_errors(action.case, owner))
    if errors:
        raise InvalidInput(errors)
    if new_due != action.due_date:
        ActionDueChange.objects.create(action=action, old_due=action.due_date, new_due=new_due,
                                       reason=reason[:MAX_TEXT], changed_by=_real(user))
    action.due_date = new_due
    action.owner = owner or action.owner
    action.save(update_fields=["due_date", "owner", "modified"])
    _audit(user, action, "update", request, {"due_date": new_due.isoformat(),
                                             "reason": reason[:MAX_TEXT]})
    return action


@transaction.atomic
def do_complete_action(user: AnyUser, action: Action, done_date: dt.date, *,
                       request: HttpRequest | None = None) -> Action:
    """Done at any time: before, on or after the due date (not in the future)."""
    door.check(user, action, door.CHANGE)
    if done_date > timezone.localdate():
        raise InvalidInput({"done_date": gettext("The date is in the future.")})
    if action.cancelled:
        raise InvalidInput({"done_date": gettext("The action was cancelled by a newer plan.")})
    action.done_date, action.done_by = done_date, _real(user)
    action.save(update_fields=["done_date", "done_by", "modified"])
    _audit(user, action, "update", request, {"done_date": done_date.isoformat()})
    return action


def close_fulfilled(event: str, case: Any, on_date: dt.date, user: Any = None) -> int:
    """core.derived updater: an operation (letter, clinic booking) recorded for the case
    closes its open actions of the kinds that event fulfils, in the same transaction."""
    kinds = FULFILLED_BY.get(event, ())
    open_rows = Action.objects.filter(case_id=case.pk, kind__in=kinds, done_date__isnull=True,
                                      cancelled=False)
    closed = 0
    for action in open_rows.select_related("case__patient"):
        action.done_date, action.done_by, action.closed_by = on_date, _real(user), event
        action.save(update_fields=["done_date", "done_by", "closed_by", "modified"])
        _audit(user, action, "update", None, {"done_date": on_date.isoformat(),
                                              "closed_by": event})
        closed += 1
    return closed


def on_event(event: str, case: Any, on_date: Any, user: Any = None) -> None:
    close_fulfilled(event, case, on_date, user)


def open_actions(user: AnyUser, *, mine: bool = False) -> QuerySet[Action]:
    """Open actions the user may see: all of their sites' (the board's), or their own."""
    rows = door.scope(user, Action.objects.filter(done_date__isnull=True, cancelled=False))
    if mine:
        rows = rows.filter(Q(owner=user) if isinstance(user, DjangoUser) else Q(pk__in=[]))
    return (rows.select_related("case__patient", "owner", "board",
                                "recommendation__listing__meeting__board")
            .order_by("due_date", "id"))
