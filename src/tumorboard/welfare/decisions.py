"""Decisions on applications (two people: the assessor may not decide), appeals, the
operation's settlement, withdrawal; and the funds themselves. Money moves through
ledger.post, under the application's lock and then the fund's (always in that order)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Site
from tumorboard.outcomes.models import Operation
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import ledger
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.means_test.policies import policy_for
from tumorboard.welfare.models import Appeal, Application, Decision, Fund
from tumorboard.welfare.services import _audit, _event, _locked, _real, amount, fen


@transaction.atomic
def do_decide(user: AnyUser | None, app: Application, *, approve: bool, reasons: str = "",
              request: HttpRequest | None = None) -> Decision:
    """Approve (commits the assessed aid from the fund) or refuse with reasons."""
    app = _locked(user, app)
    if app.status not in (v.ASSESSED, v.APPEALED):
        raise InvalidInput({"status": _("Only an assessed or appealed application is decided.")})
    deciders = {app.assessed_by_id} | set(app.decisions.values_list("by_id", flat=True))
    if _real(user) is not None and user.pk in deciders:  # type: ignore[union-attr]
        raise InvalidInput({"approver": _(
            "The officer who assessed (or already decided) this application may not decide "
            "it: a second officer decides.")})
    reasons = reasons.strip()
    if not approve and not reasons:
        raise InvalidInput({"reasons": _("Give the reasons for the refusal.")})
    assessment = app.assessment or {}
    aid = fen(amount(assessment, "aid")) if approve else 0
    if approve and (not assessment.get("eligible") or aid <= 0):
        raise InvalidInput({"approve": _("The means test found the household not eligible; "
                                         "refuse, or assess again.")})
    fund = app.fund
    assert fund is not None
    if approve:
        _check_restrictions(app, fund)
        locked = ledger.lock_fund(fund)
        ledger.post(locked, v.COMMIT, aid, application=app, memo="approval", by=_real(user))
    on_appeal = app.status == v.APPEALED
    decision = Decision.objects.create(
        application=app, approved=approve, by=_real(user), reasons=reasons[:2000],
        policy=app.policy, tier=assessment.get("tier", "none") if approve else "none",
        percent=assessment.get("percent", 0) if approve else 0, amount_fen=aid,
        on_appeal=on_appeal)
    if on_appeal:
        Appeal.objects.filter(application=app, decision__isnull=True).update(decision=decision)
    before = app.status
    app.status, app.committed_fen = (v.APPROVED, aid) if approve else (v.REFUSED, 0)
    app.save(update_fields=["status", "committed_fen", "modified"])
    _event(app, _real(user), "approved" if approve else "refused", before,
           {"amount_fen": aid, "on_appeal": on_appeal})
    _audit(user, "update", app, request, {"decision": "approved" if approve else "refused"})
    return decision


def _check_restrictions(app: Application, fund: Fund) -> None:
    today = timezone.localdate()
    if not fund.starts <= today <= fund.ends:
        raise InvalidInput({"fund": _("The fund is outside its period.")})
    if fund.pathway and fund.pathway != app.case.pathway:
        raise InvalidInput({"fund": _("The fund's purpose does not cover this treatment.")})


@transaction.atomic
def do_appeal(user: AnyUser | None, app: Application, grounds: str, *,
              request: HttpRequest | None = None) -> Appeal:
    app = _locked(user, app)
    if app.status != v.REFUSED:
        raise InvalidInput({"status": _("Only a refused application can be appealed.")})
    if not grounds.strip():
        raise InvalidInput({"grounds": _("Give the grounds of the appeal.")})
    appeal = Appeal.objects.create(application=app, grounds=grounds.strip()[:2000],
                                   lodged_by=_real(user))
    before, app.status = app.status, v.APPEALED
    app.save(update_fields=["status", "modified"])
    _event(app, user, "appealed", before)
    _audit(user, "update", app, request, {"appeal": True})
    return appeal


@transaction.atomic
def do_settle(user: AnyUser | None, app: Application, operation: Any, actual_cost: Any, *,
              request: HttpRequest | None = None) -> Application:
    """The operation of the application's case (named by its external id) and its actual
    cost settle the commitment (at most what was committed; the fund pays its share of the
    actual out-of-pocket cost); the rest is released."""
    app = _locked(user, app)
    if app.status != v.APPROVED:
        raise InvalidInput({"status": _("Only an approved application is settled.")})
    done = settled_operation(app, operation)
    cost = amount({"actual_cost": actual_cost}, "actual_cost")
    percent = int((app.assessment or {}).get("percent", 0))
    share = fen(cost * app.oop_percent / 100 * percent / 100)
    spent = min(share, app.committed_fen)
    fund = ledger.lock_fund(app.fund)  # type: ignore[arg-type]
    if spent:
        ledger.post(fund, v.SETTLE, spent, application=app, memo="operation", by=_real(user))
    if app.committed_fen - spent:
        ledger.post(fund, v.RELEASE, app.committed_fen - spent, application=app,
                    memo="unused", by=_real(user))
    before, app.status, app.committed_fen, app.operation = app.status, v.SETTLED, 0, done
    app.save(update_fields=["status", "committed_fen", "operation", "modified"])
    detail = {"actual_cost": str(cost), "spent_fen": spent,
              "operation": str(done.external_id)}
    _event(app, user, "settled", before, detail)
    _audit(user, "update", app, request, {"settled": spent, "operation": str(done.external_id)})
    return app


def settled_operation(app: Application, key: Any) -> Operation:
    """The operation of the application's case named by ``key`` (its external id), not
    settled by another application; otherwise InvalidInput naming ``operation``."""
    try:
        external_id = uuid.UUID(str(key or "").strip())
    except ValueError:
        raise InvalidInput({"operation": _("Choose the operation of this case.")}) from None
    done = Operation.objects.filter(case_id=app.case_id, external_id=external_id).first()
    if done is None:
        raise InvalidInput({"operation": _("Choose the operation of this case.")})
    if Application.objects.filter(operation=done).exclude(pk=app.pk).exists():
        raise InvalidInput({"operation": _(
            "This operation has already settled another application.")})
    return done


@transaction.atomic
def do_withdraw(user: AnyUser | None, app: Application, *,
                request: HttpRequest | None = None) -> Application:
    app = _locked(user, app)
    if app.status in (v.SETTLED, v.WITHDRAWN):
        raise InvalidInput({"status": _("This application is already closed.")})
    if app.committed_fen:
        fund = ledger.lock_fund(app.fund)  # type: ignore[arg-type]
        ledger.post(fund, v.RELEASE, app.committed_fen, application=app, memo="withdrawn",
                    by=_real(user))
    before, app.status, app.committed_fen = app.status, v.WITHDRAWN, 0
    app.save(update_fields=["status", "committed_fen", "modified"])
    _event(app, user, "withdrawn", before)
    _audit(user, "update", app, request, {"withdrawn": True})
    return app


def fund_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("name", "donor"):
        out[name] = str(values.get(name) or "").strip()[:200]
        if not out[name]:
            raise InvalidInput({name: _("This field is required.")})
    kind = str(values.get("donor_kind") or "")
    if kind not in dict(v.DONOR_KINDS):
        raise InvalidInput({"donor_kind": _("Choose one of the listed values.")})
    starts, ends = values.get("starts"), values.get("ends")
    if not isinstance(starts, dt.date):
        raise InvalidInput({"starts": _("Give the date.")})
    if not isinstance(ends, dt.date) or ends < starts:
        raise InvalidInput({"ends": _("The period must end on or after its start.")})
    policy = str(values.get("policy") or "standard")
    try:
        policy = policy_for(policy).key
    except KeyError:
        raise InvalidInput({"policy": _("No such means-test policy.")}) from None
    out.update(donor_kind=kind, starts=starts, ends=ends, policy=policy,
               purpose=str(values.get("purpose") or "").strip()[:300],
               pathway=str(values.get("pathway") or "").strip()[:20],
               budget_fen=fen(amount(values, "budget")))
    return out


@transaction.atomic
def do_create_fund(user: AnyUser | None, site: Site, values: dict[str, Any], *,
                   request: HttpRequest | None = None) -> Fund:
    """A fund and its accounts; its budget is received as the first donation."""
    door.check_new(user, site.pk, door.WELFARE)
    fund = Fund.objects.create(site=site, **fund_values(values))
    ledger.open_accounts(fund)
    if fund.budget_fen:
        ledger.post(fund, v.GRANT, fund.budget_fen, memo="budget", by=_real(user))
    audit.record(user=user, action="create", object_type="welfare_fund",
                 object_id=fund.external_id, site_id=site.pk, request=request)
    return fund


@transaction.atomic
def do_grant(user: AnyUser | None, fund: Fund, value: Any, memo: str = "", *,
             request: HttpRequest | None = None) -> Fund:
    door.check(user, fund, door.CHANGE)
    gift = fen(amount({"amount": value}, "amount"))
    locked = ledger.lock_fund(fund)
    ledger.post(locked, v.GRANT, gift, memo=memo or "donation", by=_real(user))
    audit.record(user=user, action="update", object_type="welfare_fund",
                 object_id=fund.external_id, site_id=fund.site_id, request=request,
                 detail={"grant_fen": gift})
    return locked
