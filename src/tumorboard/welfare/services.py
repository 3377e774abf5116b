"""Every write of the welfare app. Each ``do_*`` is one transaction, repeats the door's
check on what it changes, writes a history row and the audit trail. Money moves only
through ledger.post under the fund's lock (ledger.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.capacity import services as capacity
from tumorboard.network.models import Site
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import ledger
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.means_test import policy as mt
from tumorboard.welfare.means_test.policies import policy_for
from tumorboard.welfare.models import (
    Application,
    ApplicationEvent,
    DocumentRequest,
    Fund,
    HouseholdMember,
)

APPLICATION_FIELDS = ("planned_treatment", "insurance", "category", "food", "assets",
                      "estimated_cost", "oop_percent")


def _real(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def amount(values: dict[str, Any], name: str, *, required: bool = True) -> Decimal:
    """A non-negative amount of money, or InvalidInput naming the field."""
    raw = values.get(name)
    if raw in (None, "") and not required:
        return Decimal("0")
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput({name: _("Give an amount of money.")}) from None
    if not value.is_finite():
        raise InvalidInput({name: _("Give an amount of money.")})
    if value < 0:
        raise InvalidInput({name: _("This amount cannot be negative.")})
    return value.quantize(Decimal("0.01"))


def fen(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _choice(values: dict[str, Any], name: str, choices: list[Any], blank: bool = False) -> str:
    value = str(values.get(name) or "").strip()
    if (blank and not value) or value in dict(choices):
        return value
    raise InvalidInput({name: _("Choose one of the listed values.")})


def _members(rows: list[dict[str, Any]]) -> list[HouseholdMember]:
    if not rows:
        raise InvalidInput({"members": _("A household has at least one member.")})
    members = []
    for index, row in enumerate(rows):
        prefix = f"members.{index}."
        try:
            age = int(row.get("age"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput({prefix + "age": _("Give the age in years.")}) from None
        if not 0 <= age <= 120:
            raise InvalidInput({prefix + "age": _("Give the age in years.")})
        try:
            income = amount(row, "income")
            relation = _choice(row, "relation", v.RELATIONS)
        except InvalidInput as error:
            raise InvalidInput({prefix + error.field: error.errors[error.field]}) from None
        members.append(HouseholdMember(relation=relation, age=age, income=income))
    return members


def application_values(values: dict[str, Any]) -> dict[str, Any]:
    planned = str(values.get("planned_treatment") or "").strip()
    if not planned:
        raise InvalidInput({"planned_treatment": _("Name the planned treatment.")})
    out: dict[str, Any] = {"planned_treatment": planned[:200],
                           "insurance": _choice(values, "insurance", v.INSURANCE),
                           "category": _choice(values, "category", v.CATEGORIES, blank=True)}
    for name in ("food", "assets", "estimated_cost"):
        out[name] = amount(values, name, required=name != "assets")
    share = amount(values, "oop_percent")
    if share > 100:
        raise InvalidInput({"oop_percent": _("The out-of-pocket share is between 0 and 100 %.")})
    out["oop_percent"] = share
    return out


def _event(app: Application, user: AnyUser | None, step: str, before: str,
           detail: dict[str, Any] | None = None) -> None:
    ApplicationEvent.objects.create(application=app, by=_real(user), step=step,
                                    from_status=before, to_status=app.status,
                                    detail=detail or {})
    capacity.follow_welfare(app.case, app.status, user)


def _audit(user: AnyUser | None, action: str, app: Application,
           request: HttpRequest | None, detail: dict[str, Any] | None = None) -> None:
    audit.record(user=user, action=action, object_type="welfare_application",
                 object_id=app.external_id, patient_id=app.patient.external_id,
                 site_id=app.site_id, request=request, detail=detail)


@transaction.atomic
def do_create_application(user: AnyUser | None, case: Case, values: dict[str, Any],
                          members: list[dict[str, Any]], *,
                          request: HttpRequest | None = None) -> Application:
    door.check_new(user, case.site_id, door.WELFARE)
    fields = application_values(values)
    rows = _members(members)
    app = Application.objects.create(site_id=case.site_id, patient=case.patient, case=case,
                                     income=sum((m.income for m in rows), Decimal("0")),
                                     created_by=_real(user), **fields)
    for row in rows:
        row.application = app
    HouseholdMember.objects.bulk_create(rows)
    _event(app, user, "created", "", {"members": len(rows)})
    _audit(user, "create", app, request)
    return app


def _locked(user: AnyUser | None, app: Application) -> Application:
    door.check(user, app, door.CHANGE)
    ledger.lock_row(Application, app.pk)
    return Application.objects.select_related("patient", "case", "fund").get(pk=app.pk)


@transaction.atomic
def do_request_documents(user: AnyUser | None, app: Application, kinds: list[str], due: dt.date,
                         *, request: HttpRequest | None = None) -> list[DocumentRequest]:
    app = _locked(user, app)
    if not kinds:
        raise InvalidInput({"kinds": _("Choose at least one document.")})
    for kind in kinds:
        _choice({"kinds": kind}, "kinds", v.DOCUMENT_KINDS)
    if due < timezone.localdate():
        raise InvalidInput({"due": _("The deadline is in the past.")})
    docs = [DocumentRequest.objects.create(application=app, kind=k, due=due) for k in kinds]
    before, app.status = app.status, v.DOCUMENTS if app.status == v.INTAKE else app.status
    app.save(update_fields=["status", "modified"])
    _event(app, user, "documents_requested", before, {"kinds": kinds, "due": due.isoformat()})
    _audit(user, "update", app, request, {"documents_requested": kinds})
    return docs


@transaction.atomic
def do_receive_document(user: AnyUser | None, doc: DocumentRequest, *,
                        request: HttpRequest | None = None) -> DocumentRequest:
    app = _locked(user, doc.application)
    doc.received_on = timezone.localdate()
    doc.save(update_fields=["received_on", "modified"])
    _event(app, user, "document_received", app.status, {"kind": doc.kind})
    _audit(user, "update", app, request, {"document_received": doc.kind})
    return doc


@transaction.atomic
def do_send_reminders(user: AnyUser | None, site: Site, today: dt.date | None = None) -> int:
    """Marks the reminder on every overdue, unreceived document of the site's open
    applications (once a week at most) and records it in their history."""
    today = today or timezone.localdate()
    if not door.is_command_line(user):
        door.require(user, door.WELFARE, door.CHANGE)
        door.require_site(user, site.pk)
    due = (DocumentRequest.objects.filter(application__site=site, received_on__isnull=True,
                                          due__lt=today, application__status__in=v.OPEN)
           .exclude(reminded_on__gt=today - dt.timedelta(days=7)).select_related("application"))
    count = 0
    for doc in due:
        doc.reminded_on = today
        doc.save(update_fields=["reminded_on", "modified"])
        _event(doc.application, user, "reminder", doc.application.status, {"kind": doc.kind})
        count += 1
    return count


@transaction.atomic
def do_assess(user: AnyUser | None, app: Application, fund: Fund, *,
              request: HttpRequest | None = None) -> Application:
    """The fund's means test on the household; the assessor may not approve it later."""
    app = _locked(user, app)
    door.check(user, fund, door.CHANGE)
    if fund.site_id != app.site_id:
        raise InvalidInput({"fund": _("The fund belongs to another hospital.")})
    if app.status not in (v.INTAKE, v.DOCUMENTS, v.ASSESSED):
        raise InvalidInput({"status": _("This application has already been decided.")})
    outcome = mt.assess(policy_for(fund.policy), household(app))
    before = app.status
    app.fund, app.status, app.policy = fund, v.ASSESSED, outcome.policy
    app.assessed_by, app.assessment = _real(user), outcome_json(outcome)
    app.save(update_fields=["fund", "status", "policy", "assessed_by", "assessment",
                            "modified"])
    _event(app, user, "assessed", before, {"policy": outcome.policy, "tier": outcome.tier,
                                           "percent": outcome.percent})
    _audit(user, "update", app, request, {"assessed": outcome.policy})
    return app


def household(app: Application) -> mt.Household:
    return mt.Household(members=app.members.count(), income=app.income, food=app.food,
                        assets=app.assets, category=app.category, cost=app.estimated_cost,
                        oop_percent=app.oop_percent)


def outcome_json(outcome: mt.Outcome) -> dict[str, Any]:
    return {"policy": outcome.policy, "eligible": outcome.eligible, "tier": outcome.tier,
            "percent": outcome.percent, "oop": str(outcome.oop), "aid": str(outcome.aid),
            "capacity": str(outcome.capacity.capacity),
            "subsistence": str(outcome.capacity.subsistence),
            "equivalent_size": str(outcome.capacity.equivalent_size),
            "share": None if outcome.share is None else str(outcome.share),
            "catastrophic": outcome.catastrophic,
            "reasons": [{"code": r.code, "message": r.message, "params": r.params}
                        for r in outcome.reasons]}
