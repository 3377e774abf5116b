"""The access matrix, generated from the URL table: every route (web, the ninja API, FHIR,
the admin) x every role x an object of the user's own site and one of another site.

A route is filled from fixture makers keyed by its path parameters' names and judged by
SPEC, the role x data table written here by hand (README, "Who sees what"). A route with
a parameter no maker knows, or without a SPEC entry, fails the test: a new route is
noticed. Each request runs in a savepoint that is rolled back, so that one role's
change does not alter what the next role finds.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_objects import SiteObjects, build
from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.patients.reports_helpers import attachment_of, report_of
from tumorboard.accounts.models import ApiToken
from tumorboard.accounts.services import do_create_user
from tumorboard.accounts.tokens import do_issue_token
from tumorboard.api import api
from tumorboard.fhir import tumour
from tumorboard.fhir.details import TUMOUR_SIZE_FIELD
from tumorboard.fhir.models import ExportJob, ReceivedCarePlan
from tumorboard.fhir.observation import case_details
from tumorboard.network.models import Mentorship

C, K, W, A, D = "coordinator", "clinician", "welfare", "auditor", "admin"
ROLES = (C, K, W, A, D)
CLINICAL_TEAM = frozenset({C, K, D})
# Role x data, view / change: the README's table, written out independently of the door.
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    ("identity", "view"): frozenset({C, K, W, D}),
    ("identity", "change"): CLINICAL_TEAM,
    ("clinical", "view"): CLINICAL_TEAM, ("clinical", "change"): CLINICAL_TEAM,
    ("mdt", "view"): CLINICAL_TEAM, ("mdt", "change"): CLINICAL_TEAM,
    ("boards", "view"): CLINICAL_TEAM, ("boards", "change"): frozenset({C, D}),
    ("letters", "view"): CLINICAL_TEAM, ("letters", "change"): CLINICAL_TEAM,
    ("outcomes", "view"): CLINICAL_TEAM, ("outcomes", "change"): CLINICAL_TEAM,
    ("audit", "view"): frozenset({A, D}),
    ("aggregates", "view"): frozenset(ROLES),
    ("welfare", "view"): frozenset({W, D}), ("welfare", "change"): frozenset({W, D}),
    ("account", "view"): frozenset(ROLES), ("account", "change"): frozenset(ROLES),
    ("users", "view"): frozenset({D}), ("users", "change"): frozenset({D}),
}
Need = tuple[str, str] | None  # (data, action), or None: the method is not served (405)
V, X = "view", "change"
ID_, CL, MDT, BO, LE, OU, AU, AG, AC = ("identity", "clinical", "mdt", "boards", "letters",
                                        "outcomes", "audit", "aggregates", "account")
WF = "welfare"
US = "users"


def web(get: tuple[str, str] | None, post: tuple[str, str] | None = None) -> dict[str, Need]:
    return {"get": get, "post": post}


# Web routes: GET and POST are both tried. API routes: the method ninja declares.
SPEC: dict[str, dict[str, Need]] = {
    "two-factor": web((AC, V), (AC, X)), "password-change": web((AC, V), (AC, X)),
    "token-list": web((AC, V), (AC, X)), "token-revoke": web(None, (AC, X)),
    "logout": web(None, (AC, X)),
    "staff-list": web((US, V)), "staff-create": web((US, X), (US, X)),
    "staff-edit": web((US, V), (US, X)), "staff-active": web(None, (US, X)),
    "staff-two-factor": web(None, (US, X)),
    "audit-trail": web((AU, V)), "audit-patient": web((AU, V)),
    "decisions-report": web((AG, V)), "decisions-ruleset-changes": web((CL, X)),
    "decisions-case-panel": web((CL, V)), "decisions-rescreen": web(None, (CL, X)),
    "decisions-record-decision": web(None, (CL, X)),
    "decisions-record-score": web(None, (CL, X)),
    "outcomes-dashboard": web((AG, V)), "outcomes-export": web((AG, V)),
    "outcomes-chart": web((AG, V)),
    "outcomes-due": web((OU, V)), "outcomes-import": web((OU, X), (OU, X)),
    "outcomes-add-operation": web(None, (OU, X)),
    "outcomes-add-complication": web(None, (OU, X)),
    "outcomes-add-follow-up": web(None, (OU, X)),
    "outcomes-add-score": web(None, (OU, X)),
    "clinic-days": web((CL, V)), "clinic-day-create": web(None, (CL, X)),
    "clinic-day": web((CL, V)), "clinic-day-optimise": web(None, (CL, X)),
    "clinic-day-schedule": web((CL, V)),
    "clinic-desk": web((CL, V)), "clinic-queue": web((CL, V)), "clinic-tablet": web((CL, V)),
    "clinic-check-in": web(None, (CL, X)), "clinic-no-show": web(None, (CL, X)),
    "clinic-consult-call": web(None, (CL, X)), "clinic-consult-start": web(None, (CL, X)),
    "clinic-consult-finish": web(None, (CL, X)),
    "clinic-reminders": web((CL, V)), "clinic-measures": web((CL, V)),
    "clinic-day-session": web(None, (CL, X)), "clinic-day-late": web(None, (CL, X)),
    "clinic-day-walk-in": web(None, (CL, X)), "clinic-day-away": web(None, (CL, X)),
    "clinic-book-case": web(None, (CL, X)), "clinic-booking": web((CL, V)),
    "clinic-consult-add": web(None, (CL, X)), "clinic-itinerary": web((CL, V)),
    "clinic-consult-change": web(None, (CL, X)), "clinic-consult-remove": web(None, (CL, X)),
    "board-home": web((AG, V)), "board-create": web((BO, X), (BO, X)),
    "board-actions": web((MDT, V)), "board-action-done": web(None, (MDT, X)),
    "board-detail": web((BO, V)), "board-schedule": web(None, (BO, X)),
    "board-template-save": web(None, (BO, X)), "meeting-agenda": web((MDT, V)),
    "meeting-agenda-pdf": web((MDT, V)), "meeting-apply-template": web(None, (BO, X)),
    "meeting-room": web((MDT, V)), "meeting-quorum": web((MDT, V)),
    "meeting-attendance": web(None, (MDT, X)), "listing-create": web(None, (MDT, X)),
    "listing-move": web(None, (MDT, X)), "listing-checklist": web(None, (MDT, X)),
    "recommendation-start": web(None, (MDT, X)),
    "recommendation-detail": web((MDT, V), (MDT, X)),
    "recommendation-new-version": web(None, (MDT, X)),
    "recommendation-letters": web(None, (LE, X)), "letter-download": web((LE, V)),
    "letter-sent": web(None, (LE, X)), "board-action-due": web(None, (MDT, X)),
    "board-action-add": web(None, (MDT, X)), "meeting-status": web(None, (MDT, X)),
    "meeting-check-in": web((MDT, V), (MDT, X)), "meeting-triage": web((MDT, V)),
    "meeting-ratify": web(None, (MDT, X)), "listing-triage": web(None, (MDT, X)),
    "meeting-triage-add": web(None, (MDT, X)),
    "listing-time": web(None, (MDT, X)), "listing-presentation": web((MDT, V)),
    "recommendation-implementation": web(None, (MDT, X)),
    "fhir:transaction": web(None, (CL, X)),
    "fhir:everything": web((CL, V)),
    # Bulk Data export: a job belongs to its requester (others get 404 after the door).
    "fhir:export": web((CL, V)), "fhir:export-patients": web((CL, V)),
    "fhir:export-file": web((CL, V)),
    "fhir:export-status": {"get": (CL, V), "post": None, "delete": (CL, V)},
    # Any other FHIR path: 404 with an OperationOutcome to everyone signed in (POST: 405).
    "fhir:unknown": web((AC, V)),
    "dashboard": web((AC, V)), "patient-search": web((ID_, V)),
    "patient-create": web((ID_, X), (ID_, X)), "patient-detail": web((ID_, V)),
    "patient-edit": web((ID_, X), (ID_, X)), "case-create": web((CL, X), (CL, X)),
    "case-detail": web((CL, V)), "case-panel": web((CL, V)), "case-edit": web((CL, X), (CL, X)),
    "case-status": web(None, (CL, X)),
    "case-report-add": web((CL, X), (CL, X)), "report-detail": web((CL, V)),
    "report-amend": web(None, (CL, X)), "report-attach": web(None, (CL, X)),
    "report-file": web((CL, V)),
    "api-v1:list_case_reports": {"get": (CL, V)}, "api-v1:add_case_report": {"post": (CL, X)},
    "api-v1:read_report": {"get": (CL, V)}, "api-v1:amend_report": {"post": (CL, X)},
    "capacity-home": web((CL, V)), "capacity-waiting-list": web((CL, V)),
    "capacity-entry-create": web(None, (CL, X)), "capacity-entry": web((CL, V), (CL, X)),
    "capacity-sessions": web((CL, V)), "capacity-session-create": web(None, (CL, X)),
    "capacity-template-create": web(None, (CL, X)),
    "capacity-sessions-generate": web(None, (CL, X)), "capacity-week": web((CL, V)),
    "capacity-week-plan": web(None, (CL, X)), "capacity-day-record": web(None, (CL, X)),
    "capacity-beds": web((CL, V)), "capacity-admit": web(None, (CL, X)),
    "capacity-move": web(None, (CL, X)), "capacity-measures": web((AG, V)),
    "api-v1:waiting_list": {"get": (CL, V)}, "api-v1:add_entry": {"post": (CL, X)},
    "api-v1:add_theatre_session": {"post": (CL, X)},
    "api-v1:replan_week": {"post": (CL, X)}, "api-v1:read_plan": {"get": (CL, V)},
    "api-v1:bed_forecast": {"get": (CL, V)},
    "welfare-home": web((WF, V)), "welfare-apply": web((WF, X), (WF, X)),
    "welfare-application": web((WF, V)), "welfare-documents": web(None, (WF, X)),
    "welfare-assess": web(None, (WF, X)), "welfare-decide": web(None, (WF, X)),
    "welfare-appeal": web(None, (WF, X)), "welfare-settle": web(None, (WF, X)),
    "welfare-withdraw": web(None, (WF, X)), "welfare-document-received": web(None, (WF, X)),
    "welfare-letter": web(None, (WF, X)), "welfare-letter-download": web((WF, V)),
    "welfare-funds": web((WF, V), (WF, X)), "welfare-fund": web((WF, V)),
    "welfare-fund-grant": web(None, (WF, X)), "welfare-report": web((WF, V)),
    "welfare-report-pdf": web((WF, V)), "welfare-policies": web((WF, V)),
    "api-v1:list_applications": {"get": (WF, V)},
    "api-v1:create_application": {"post": (WF, X)},
    "api-v1:read_application": {"get": (WF, V)},
    "api-v1:assess_application": {"post": (WF, X)},
    "api-v1:decide_application": {"post": (WF, X)},
    "api-v1:settle_application": {"post": (WF, X)}, "api-v1:list_funds": {"get": (WF, V)},
    "api-v1:case_funding": {"get": (ID_, V)},
    "network-worklist": web((CL, V)), "network-refer": web((CL, X), (CL, X)),
    "network-referral": web((CL, V)), "network-letter": web((LE, V)),
    "network-reply": web(None, (CL, X)), "network-withdraw": web(None, (CL, X)),
    "network-revoke": web(None, (CL, X)), "network-take-on": web(None, (CL, X)),
    "network-complete": web(None, (CL, X)),
    "network-hub": web((AG, V)), "network-audit": web((AG, V)),
    "network-audit-report": web((AG, V)),
    "network-training": web((AG, V)), "network-mentorship": web((AG, V)),
    "network-mentorship-new": web((US, X), (US, X)),
    "network-proctored-add": web(None, (US, X)), "network-sign-off": web(None, (US, X)),
    "api-v1:network_audit": {"get": (AG, V)},
    # The ninja API, one entry per operation.
    "api-v1:openapi-json": {"get": (AC, V)}, "api-v1:openapi-view": {"get": (AC, V)},
"api-v1:me": {"get": (AC, V)},
    "api-v1:list_patients": {"get": (ID_, V)}, "api-v1:create_patient": {"post": (ID_, X)},
    "api-v1:read_patient": {"get": (ID_, V)}, "api-v1:update_patient": {"patch": (ID_, X)},
    "api-v1:list_cases": {"get": (CL, V)}, "api-v1:create_case": {"post": (CL, X)},
    "api-v1:read_case": {"get": (CL, V)}, "api-v1:update_case": {"patch": (CL, X)},
    "api-v1:change_status": {"post": (CL, X)},
    "api-v1:list_scores": {"get": (AC, V)}, "api-v1:calculate_score": {"post": (AC, V)},
    "api-v1:case_decision_support": {"get": (CL, V)},
    "api-v1:record_decision": {"post": (CL, X)}, "api-v1:record_score": {"post": (CL, X)},
    "api-v1:missed_opportunities": {"get": (AG, V)},
    "api-v1:list_operations": {"get": (OU, V)}, "api-v1:create_operation": {"post": (OU, X)},
    "api-v1:list_complications": {"get": (OU, V)},
    "api-v1:create_complication": {"post": (OU, X)},
    "api-v1:list_follow_up": {"get": (OU, V)}, "api-v1:create_follow_up": {"post": (OU, X)},
    "api-v1:list_function_scores": {"get": (OU, V)},
    "api-v1:create_function_score": {"post": (OU, X)},
    "api-v1:registry_figures": {"get": (AG, V)},
    "api-v1:list_days": {"get": (CL, V)}, "api-v1:create_day": {"post": (CL, X)},
    "api-v1:read_day": {"get": (CL, V)}, "api-v1:add_session": {"post": (CL, X)},
    "api-v1:list_bookings": {"get": (CL, V)}, "api-v1:create_booking": {"post": (CL, X)},
    "api-v1:read_schedule": {"get": (CL, V)}, "api-v1:optimise": {"post": (CL, X)},
    "api-v1:list_boards": {"get": (AG, V)}, "api-v1:get_meeting": {"get": (MDT, V)},
    "api-v1:list_case": {"post": (MDT, X)},
    "api-v1:case_recommendations": {"get": (MDT, V)},
    "api-v1:get_recommendation": {"get": (MDT, V)},
    "api-v1:update_recommendation": {"put": (MDT, X)},
    "api-v1:sign_off": {"post": (MDT, X)}, "api-v1:overdue": {"get": (MDT, V)},
    "api-v1:intent_kept": {"get": (BO, V)},
    "api-v1:get_implementation": {"get": (MDT, V)},
    "api-v1:record_implementation": {"post": (MDT, X)},
}
# FHIR read and search: the data kind depends on the resource type.
FHIR_DATA = {"Patient": ID_, "Condition": CL, "Observation": CL, "BodyStructure": CL,
             "Procedure": OU, "CarePlan": MDT, "CarePlan#received": MDT}
# Answered without an access decision (ninja's root answers 404 to everybody).
PUBLIC = {"health", "login", "set_language", "api-v1:api-root",
          # The CapabilityStatement is readable without login, as SMART clients expect.
          "fhir:metadata",
          # A member site's key, not a user, authenticates it (tests/network/test_hub_*).
          "api-v1:receive_aggregate"}
# Parameters that name no site's object: the other-site sweep does not apply to them.
SITELESS = {"name", "option_code", "instrument", "chart", "resource_type", "job_id", "path"}
# The case fixture is a breast case, which has no function questionnaire: after the door
# lets an allowed role in, the view answers 404 for the instrument.
NOT_FOUND_AFTER_DOOR = {("outcomes-add-score", "post"),
                        # an export job that has not run has no file yet
                        ("fhir:export-file", "get"), ("fhir:export-file", "post"),
                        ("fhir:unknown", "get")}
# An admin manages every user's API tokens, whatever their site.
CROSS_SITE = {("token-revoke", D)}

Maker = Callable[[SiteObjects, User], str]
PARAMS: dict[str, Maker] = {
    "patient_id": lambda o, u: str(o.patient.external_id),
    "case_id": lambda o, u: str(o.case.external_id),
    "board_id": lambda o, u: str(o.board.external_id),
    "meeting_id": lambda o, u: str(o.meeting.external_id),
    "listing_id": lambda o, u: str(o.listing.external_id),
    "rec_id": lambda o, u: str(o.rec.external_id),
    "letter_id": lambda o, u: str(o.letter.external_id),
    "action_id": lambda o, u: str(o.action.external_id),
    "day_id": lambda o, u: str(o.day.external_id),
    "booking_id": lambda o, u: str(o.booking.external_id),
    "consult_id": lambda o, u: str(o.consult.external_id),
    "operation_id": lambda o, u: str(o.operation.external_id),
    "token_id": lambda o, u: str(o.token.external_id),
    "profile_id": lambda o, u: str(o.token.user.profile.external_id),
    "panel": lambda o, u: "decisions",
    "option_code": lambda o, u: str(o.rec.raised_options[0]["code"]) if o.rec.raised_options
    else "breast_reconstruction",
    "name": lambda o, u: "cci",
    "job_id": lambda o, u: str(ExportJob.objects.create(
        requested_by=u, site_ids=[o.patient.site_id],
        request_url="/fhir/R4/$export").external_id),
    "path": lambda o, u: "NoSuchType/1",
    "instrument": lambda o, u: "breast_q",
    "chart": lambda o, u: "os",
    "department_id": lambda o, u: str(o.capacity.department.external_id),
    "entry_id": lambda o, u: str(o.capacity.entry.external_id),
    "planned_id": lambda o, u: str(o.capacity.planned.external_id),
    "admission_id": lambda o, u: str(o.capacity.admission.external_id),
    "welfare_application_id": lambda o, u: str(o.welfare.application.external_id),
    "welfare_fund_id": lambda o, u: str(o.welfare.fund.external_id),
    "welfare_document_id": lambda o, u: str(o.welfare.document.external_id),
    "welfare_letter_id": lambda o, u: str(o.welfare.letter.external_id),
    "referral_id": lambda o, u: str(o.referral.external_id),
    "mentorship_id": lambda o, u: str(Mentorship.objects.create(
        site=o.site, trainee=u, mentor=u, technique="ISR",
        started_on=dt.date(2025, 1, 1)).external_id),
    "report_id": lambda o, u: str(report_of(o.case).external_id),
    "attachment_id": lambda o, u: str(attachment_of(o.case).external_id),
}
# Steps of a referral that are the receiving site's: filled with the referral *to* the site.
RECEIVING = {"network-reply", "network-take-on", "network-complete"}


def _tumour_id(o: SiteObjects) -> str:
    """The case's mCODE Tumor, which the REST server serves once a tumour size is known."""
    stored = case_details(o.case)
    setattr(stored, TUMOUR_SIZE_FIELD[o.case.pathway][0], 18)
    stored.save()
    return tumour.tumour_id(o.case)


def _received_plan_id(o: SiteObjects) -> str:
    """A CarePlan another system sent for the case (fhir.ReceivedCarePlan)."""
    plan, _ = ReceivedCarePlan.objects.get_or_create(
        case=o.case, key="urn:test|plan-1",
        defaults={"status": "active", "intent": "plan", "author": "Dr. Ruiz",
                  "resource": {"resourceType": "CarePlan", "status": "active",
                               "intent": "plan"}})
    return str(plan.external_id)


# Key: the resource type, and after '#' which of its kinds of record.
FHIR_IDS: dict[str, Callable[[SiteObjects], str]] = {
    "Patient": lambda o: str(o.patient.external_id),
    "Condition": lambda o: str(o.case.external_id),
    "Observation": lambda o: o.observation_id,
    "BodyStructure": _tumour_id,
    "Procedure": lambda o: str(o.operation.external_id),
    "CarePlan": lambda o: str(o.rec.external_id),
    "CarePlan#received": _received_plan_id,
}


def bodies(o: SiteObjects) -> dict[str, dict[str, Any]]:
    """A body each API write accepts as well-formed, so that its answer is the access
    decision (ninja checks the body's shape before the view runs)."""
    case, op = str(o.case.external_id), str(o.operation.external_id)
    return {
        "create_patient": {"site": o.site.code, "mrn": "NEW1", "family_name": "Zhao",
                           "given_name": "Lei", "sex": "male", "birth_date": "1960-01-01"},
        "update_patient": {}, "update_case": {}, "change_status": {"status": "work_up"},
        "create_case": {"patient": str(o.patient.external_id), "pathway": "breast",
                        "primary_site_code": "C50.4", "histology_code": "8500/3",
                        "diagnosis_date": "2025-06-01"},
        "calculate_score": {}, "record_score": {},
        "record_decision": {"option_code": "x", "decision": "offered_accepted"},
        "create_operation": {"date": "2025-08-01", "procedure": "MAST", "intent": "curative"},
        "create_complication": {"type": "wound_infection", "grade": "II",
                                "date": "2025-08-10"},
        "create_follow_up": {"type": "last_contact", "date": "2025-10-01"},
        "create_function_score": {"operation": op, "instrument": "breast_q",
                                  "time_point_months": 12, "assessed_on": "2025-10-01",
                                  "inputs": {}},
        "add_case_report": {"report_type": "imaging", "report_date": "2025-05-20",
                            "title": "MRI", "author_name": "Dr Chen", "text": "No EMVI."},
        "amend_report": {"reason": "Addendum", "version": 1},
        "create_day": {"site": o.site.code, "pathway": "breast", "date": "2030-01-02"},
        "add_session": {"user": "nobody"}, "create_booking": {"case": case},
        "optimise": {}, "list_case": {"case_id": case, "question": "Q?"},
        "update_recommendation": {"lock_version": 0}, "sign_off": {"lock_version": 0},
        "record_implementation": {"implemented": True},
        "add_entry": {"case": case, "surgeon": "nobody", "priority": "P2"},
        "add_theatre_session": {"date": "2030-01-07", "room": "OR1", "start": "08:00",
                                "end": "17:00", "surgeon": "nobody"},
        "replan_week": {"week": "2030-01-07"},
        "create_application": {"case": case, "planned_treatment": "LAR",
                               "insurance": "none", "food": "1000", "estimated_cost": "1000",
                               "oop_percent": "50", "members": [
                                   {"relation": "self", "age": 50, "income": "1000"}]},
        "assess_application": {"fund": str(o.welfare.fund.external_id)},
        "decide_application": {"approve": True}, "settle_application": {
            "operation": str(o.operation.external_id), "actual_cost": "1"},
    }


def rollback_block() -> Any:
    """A block to roll each request back in. Marked as the test case's own, as Django marks
    TestCase's blocks, so that a durable one-action service may run inside it."""
    block = transaction.atomic()
    block._from_testcase = True  # type: ignore[attr-defined]
    return block


@dataclass
class Route:
    name: str  # namespace:name
    route: str
    params: list[str]
    methods: dict[str, Need] = field(default_factory=dict)


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Route]:
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = f"{ns}:{item.namespace}".strip(":") if item.namespace else ns
            yield from _walk(item.url_patterns, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            name = f"{ns}:{item.name}".strip(":") if item.name else ""
            yield Route(name, prefix + str(item.pattern),
                        list(item.pattern.regex.groupindex))


def _api_methods() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found[f"api-v1:{operation.view_func.__name__}"] = [
                    m.lower() for m in operation.methods]
    return found


def routes() -> list[Route]:
    """Every route of the URL table with the methods to try; unknown ones are returned
    with no methods, and the test fails on them."""
    ninja = _api_methods()
    out = []
    for r in _walk(get_resolver().url_patterns):
        if r.route.startswith("admin/") or r.name in PUBLIC:
            continue
        spec = SPEC.get(r.name)
        if spec is not None and r.name in ninja:
            r.methods = {m: spec.get(m) for m in ninja[r.name]}
        elif spec is not None:
            r.methods = dict(spec)
        elif r.name in ("fhir:read", "fhir:search"):
            r.methods = {"get": ("fhir", V), "post": None}
        out.append(r)
    return out


def admin_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.route.startswith("admin/")]


@override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tempfile.mkdtemp(prefix="tb-matrix-"))
class GeneratedAccessMatrixTest(BaseTestCase):
    own: SiteObjects
    other: SiteObjects

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        west_coordinator = do_create_user("west-coordinator", role="coordinator",
                                          site_codes=["WEST"], password=PASSWORD)
        cls.own = build(cls.site, cls.coordinator, "E1", cls.patient, cls.case)
        cls.other = build(cls.other_site, west_coordinator, "WESTMRN0001")

    def urls(self, r: Route, objects: SiteObjects, user: User) -> list[tuple[str, str]]:
        """(url, data kind override) for each way to fill the route's parameters."""
        if r.name in ("fhir:read", "fhir:search", "fhir:everything"):
            types = ["Patient"] if r.name == "fhir:everything" else list(FHIR_IDS)
            out = []
            for kind in types:
                kwargs = {"resource_id": FHIR_IDS[kind](objects)}
                if r.name != "fhir:everything":
                    kwargs["resource_type"] = kind.split("#")[0]
                if r.name == "fhir:search":
                    kwargs.pop("resource_id")
                data = "" if r.name == "fhir:everything" else FHIR_DATA[kind]
                out.append((reverse(r.name, kwargs=kwargs), data))
            return out
        missing = [p for p in r.params if p not in PARAMS]
        self.assertEqual(missing, [], f"no fixture maker for {missing} of route {r.route}")
        kwargs = {p: PARAMS[p](objects, user) for p in r.params}
        if r.name == "fhir:export-file":
            kwargs["name"] = "Patient.ndjson"
        if r.name in RECEIVING:
            kwargs["referral_id"] = str(objects.incoming.external_id)
        if "token_id" in kwargs and objects is self.own:  # one's own token, not the chair's
            do_issue_token(user)
            kwargs["token_id"] = str(ApiToken.objects.filter(user=user).latest("id").external_id)
        return [(reverse(r.name, kwargs=kwargs), "")]

    def call(self, user: User, method: str, url: str, r: Route,
             objects: SiteObjects) -> tuple[int, bytes]:
        client = Client()
        client.force_login(user)
        kwargs: dict[str, Any] = {}
        if url.startswith("/api/") and method != "get":
            body = bodies(objects).get(r.name.split(":")[-1], {})
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        elif url.startswith("/fhir/") and method == "post":
            kwargs = {"data": json.dumps({"resourceType": "Bundle", "type": "transaction",
                                          "entry": []}),
                      "content_type": "application/fhir+json"}
        with rollback_block():
            response = getattr(client, method)(url, **kwargs)
            content = b"" if response.streaming else response.content
            transaction.set_rollback(True)
        return response.status_code, content

    def allowed(self, need: tuple[str, str], data: str) -> frozenset[str]:
        kind = data or need[0]
        return ALLOWED[(kind, need[1])]

    def test_it_knows_every_route(self) -> None:
        unknown = [r.route for r in routes() if not r.methods]
        self.assertEqual(unknown, [], "routes without a SPEC entry: add one")
        for r in routes():
            with self.subTest(route=r.route):
                self.urls(r, self.own, self.clinician)

    def test_it_holds_the_role_matrix_on_the_own_site(self) -> None:
        failures = self._sweep(self.own, own=True)
        if failures:
            self.fail("\n".join(failures))

    def test_it_refuses_every_role_another_sites_objects(self) -> None:
        failures = self._sweep(self.other, own=False)
        if failures:
            self.fail("\n".join(failures))

    def _sweep(self, objects: SiteObjects, *, own: bool) -> list[str]:
        failures: list[str] = []
        foreign = (self.other if own else self.own).identifiers()
        for r in routes():
            if not r.methods or any(p not in PARAMS for p in r.params if not r.name.startswith(
                    "fhir:")):
                continue  # failed by test_it_knows_every_route; the rest is still swept
            if not own and not any(p not in SITELESS for p in r.params):
                continue  # nothing of the other site is named; leaks are checked below
            for role in ROLES:
                user = getattr(self, role)
                for url, data in self.urls(r, objects, user):
                    for method in r.methods:
                        status, body = self.call(user, method, url, r, objects)
                        verdict = self._judge(r, role, method, data, status, own)
                        if verdict:
                            failures.append(f"{method.upper()} {url} as {role}: {verdict}")
                        elif status == 200:
                            failures += self._leaks(r, role, method, url, body, foreign, data)
        return failures

    def _judge(self, r: Route, role: str, method: str, data: str, status: int,
               own: bool) -> str:
        need = r.methods[method]
        if need is None and status == 405:
            return ""
        # A view that does not restrict its methods still obeys the route's other rule.
        need = need or next((n for n in r.methods.values() if n), None)
        if need is None or status in (401, 500):
            return f"{status}, expected 405 (method not served)" if need is None else f"{status}"
        may = role in self.allowed(need, data)
        sited = any(p not in SITELESS for p in r.params)
        if not own and sited and (r.name, role) not in CROSS_SITE:
            return "" if status in (403, 404) else f"{status} for another site's object"
        if may:
            ok = status not in (403, 404, 405) or (
                status == 404 and (r.name, method) in NOT_FOUND_AFTER_DOOR)
            return "" if ok else f"{status}, expected access"
        return "" if status == 403 else f"{status}, expected 403 for this role"

    def _leaks(self, r: Route, role: str, method: str, url: str, body: bytes,
               foreign: set[str], data: str) -> list[str]:
        text = body.decode(errors="replace")
        found = sorted(i for i in foreign if i in text and i not in url)
        out = [f"{method.upper()} {url} as {role}: shows another site's {i}" for i in found]
        need = r.methods.get(method)
        if role in (W, A) and need and (data or need[0]) not in (AU,):
            clinical = {str(self.own.case.external_id), str(self.own.rec.external_id),
                        str(self.own.letter.external_id), str(self.own.listing.external_id),
                        str(self.own.action.external_id)}
            shown = sorted(i for i in clinical if i in text and i not in url)
            out += [f"{method.upper()} {url} as {role}: shows clinical record {i}"
                    for i in shown]
        return out

    def test_it_keeps_non_staff_out_of_the_admin(self) -> None:
        # Only the admin role is staff; every other role is sent to the admin's login.
        for r in admin_routes():
            if r.params or r.name == "admin:login":
                continue  # object pages answer as their index does; the login form is open
            url = "/" + r.route
            for role in (C, K, W, A):
                with self.subTest(url=url, role=role):
                    client = self.client_for(getattr(self, role))
                    self.assertIn(client.get(url).status_code, (302, 403, 404, 405))
