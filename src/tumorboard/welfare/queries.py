"""Reads of the welfare app, through the door, audited. Household and income are read only
by welfare officers and the site's admins (door.WELFARE); anyone who may see the patient
(door.IDENTITY) may read the funding status of a case, and nothing more."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import formats

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.core import precompiled
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.means_test import policy as mt
from tumorboard.welfare.means_test.policies import POLICIES
from tumorboard.welfare.models import Application, Fund

PENDING = "pending"


def applications(user: AnyUser, status: str = "", *,
                 request: HttpRequest | None = None) -> list[Application]:
    rows = door.scope(user, Application.objects.select_related("patient", "fund", "operation"))
    if status:
        rows = rows.filter(status=status)
    shown = list(rows.order_by("-modified")[:200])
    audit.record(user=user, action="view", object_type="welfare_application", request=request,
                 detail={"list": True, "status": status,
                         "patients": sorted({str(a.patient.external_id) for a in shown})})
    return shown


def cases_to_apply(user: AnyUser, mrn: str, *,
                   request: HttpRequest | None = None) -> list[Case]:
    """The cases of the patient with this hospital number on the user's sites, to start an
    application for (welfare officers and admins; the read is audited)."""
    mrn = mrn.strip()[:40]
    if not mrn:
        return []
    rows = door.scope(user, Case.objects.filter(patient__mrn=mrn).select_related("patient"),
                      data=door.WELFARE)
    found = list(rows.order_by("-diagnosis_date", "id"))
    audit.record(user=user, action="view", object_type="welfare_case_search", request=request,
                 detail={"found": len(found),
                         "patients": sorted({str(c.patient.external_id) for c in found})})
    return found


def funds(user: AnyUser) -> QuerySet[Fund]:
    return door.scope(user, Fund.objects.select_related("site")).order_by("-ends", "name")


def funding_status(user: AnyUser | None, case: Case, *,
                   request: HttpRequest | None = None) -> str | None:
    """'approved', 'pending', 'refused' or None (no application, or the user may not see
    the patient). The read is audited: it says the patient applied for assistance."""
    if not door.may(user, door.IDENTITY) or case.site_id not in door.site_ids(user):
        return None
    # compiled once: this badge is on every case page
    statuses = {status for (status,) in precompiled.rows(
        Application, "welfare.funding_statuses", lambda case_id: (
            Application.objects.filter(case_id=case_id).exclude(status=v.WITHDRAWN)
            .values_list("status")), case.pk)}
    if not statuses:
        return None
    if statuses & {v.APPROVED, v.SETTLED}:
        status = v.APPROVED
    elif statuses & set(v.OPEN):
        status = PENDING
    else:
        status = v.REFUSED
    audit.record(user=user, action="view", object_type="funding_status",
                 object_id=case.external_id, patient_id=case.patient.external_id,
                 site_id=case.site_id, request=request, detail={"status": status})
    return status


def operation_label(operation: Operation) -> str:
    """The operation's date and procedure in the reader's language (no code)."""
    return f"{formats.date_format(operation.date, 'SHORT_DATE_FORMAT')} · " \
        f"{operation.get_procedure_display()}"


def operation_choices(app: Application) -> list[tuple[str, str]]:
    """The operations of the application's case, to settle it against."""
    return [(str(op.external_id), operation_label(op))
            for op in Operation.objects.filter(case_id=app.case_id).order_by("date", "id")]


def reasons(app: Application) -> list[str]:
    """The means test's reasons in the reader's language."""
    from django.utils.translation import gettext

    out = []
    for reason in (app.assessment or {}).get("reasons", []):
        params: dict[str, Any] = dict(reason.get("params") or {})
        if "category" in params:
            params["category"] = v.label(v.CATEGORIES, params["category"])
        out.append(gettext(reason["message"]) % params)
    return out


def policy_label(policy: mt.Policy) -> str:
    """A policy version by its translated title and start (no code)."""
    from django.utils.translation import gettext

    return gettext("%(title)s, in force from %(date)s") % {
        "title": gettext(policy.title), "date": policy.effective_from}


def policy_rows() -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each policy as (title, rows of (label, value, is a citation)) in the reader's
    language: the policy's figures, then each hardship category's share of the cost."""
    from django.utils.translation import gettext

    out = []
    for policy in POLICIES.values():
        rows = [(gettext(label), value, label == "Source")
                for label, value in mt.describe(policy)
                if label != "Policy" and label not in policy.categories]
        for category, rule in policy.categories.items():
            share = (gettext("%(percent)s %% (only when the payment is catastrophic)")
                     if rule.requires_catastrophic else "%(percent)s %%")
            rows.append((v.label(v.CATEGORIES, category), share % {"percent": rule.percent},
                         False))
        out.append((policy_label(policy), rows))
    return out
