"""The hub's API: a member site sends its aggregate, authenticated by its site key (not a
user): ``Authorization: Bearer tbsite_...``."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tumorboard.core.api_schemas import responses
from tumorboard.network import audit_views, hub
from tumorboard.network.audit_rows import INDICATORS
from tumorboard.patients.validation import InvalidInput

router = Router(tags=["network"])


class ReceivedOut(Schema):
    received: str
    site: str
    groups: int
    indicators: int


def _refused(status: int, message: str, field: str) -> Status:
    return Status(status, {"error": message, "field": field,
                           "errors": [{"field": field, "error": message}]})


@router.post("/network/aggregates", auth=None,
             response=responses({201: ReceivedOut}),
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}}}}})
def receive_aggregate(request: HttpRequest) -> Status:
    """A site's ``tumorboard-aggregate/1`` document. Refused (nothing stored): an unknown or
    revoked key (401), another format, any patient-level or unknown field (422)."""
    raw = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    site = hub.site_for_key(raw) if raw else None
    if site is None:
        return _refused(401, "unknown or revoked site key", "Authorization")
    if len(request.body) > hub.MAX_BYTES:
        return _refused(413, "the aggregate is too large", "body")
    try:
        document = json.loads(request.body or b"null")
    except ValueError:
        return _refused(422, "the body is not JSON", "body")
    submission = hub.do_receive_aggregate(site, document, request=request)
    return Status(201, {"received": submission.received_at.isoformat(), "site": site.code,
                        "groups": len(submission.survival["groups"]),
                        "indicators": len(submission.indicators)})


class AuditUnitOut(Schema):
    name: str | None  # None: a unit with fewer than 5 cases, not named
    n: int | None
    observed: int | None
    rate: float | None  # None too for a unit not named
    ratio: float | None
    expected: float | None
    outside: str | None
    direction: str | None


class AuditFunnelOut(Schema):
    level: str  # site, surgeon or technique (its version)
    adjusted: bool
    target: float
    units: list[AuditUnitOut]


class AuditCusumOut(Schema):
    name: str
    n: int
    signals: list[int]
    final: float


class AuditOut(Schema):
    indicator: str
    label: str
    start: str
    end: str
    n: int
    events: int
    model: dict[str, Any] | None
    funnels: list[AuditFunnelOut]
    cusum: list[AuditCusumOut]


def _unit(unit: dict[str, Any]) -> dict[str, Any]:
    named = unit["name"] is not None
    return {**unit, "n": unit["n"] if named else None,
            "observed": unit["observed"] if named else None}


@router.get("/network/audit", response=responses({200: AuditOut}))
def network_audit(request: HttpRequest, indicator: str = "clavien_dindo_3",
                  date_from: str = "", date_to: str = "", site: str = "",
                  technique: str = "", technique_version: str = "") -> dict[str, Any]:
    """One indicator of the network audit for the caller's sites over a period: funnels per
    hospital, surgeon and technique version (level "technique"; unadjusted and
    risk-adjusted, with the model) and the RA-CUSUM per surgeon. ``technique`` (and
    ``technique_version``) narrow hospitals, surgeons and the CUSUM to that technique.
    Units with fewer than 5 cases carry no name and no counts."""
    if indicator not in INDICATORS:
        raise InvalidInput({"indicator": _("Choose one of: %(values)s.") % {
            "values": ", ".join(INDICATORS)}})
    params = {"date_from": date_from, "date_to": date_to, "site": site,
              "technique": technique, "technique_version": technique_version}
    try:
        context = audit_views.audit_context(request.user, params, (indicator,), svg=False)
    except audit_views.BadPeriod as error:
        raise InvalidInput({error.field: error.message}) from None
    section = context["sections"][0]
    return {"indicator": indicator, "label": section["label"],
            "start": context["start"].isoformat(), "end": context["end"].isoformat(),
            "n": section["n"], "events": section["events"], "model": section["model"],
            "funnels": [{**f, "units": [_unit(u) for u in f["units"]]}
                        for f in section["funnels"]],
            "cusum": section["cusum"]}
