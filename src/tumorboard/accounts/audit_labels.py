"""What an audit event was about and how it came in, in words: the auditor's pages show
these labels, never the keys stored on the event (the keys stay in the API and exports)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tumorboard.accounts.models import AuditAction, AuditEvent
from tumorboard.accounts.people import display_name

OBJECT_TYPES: dict[str, Promise] = {
    "admission": pgettext_lazy("audit record", "admission"),
    "agenda_template": pgettext_lazy("audit record", "agenda template"),
    "aggregate": pgettext_lazy("audit record", "network aggregate"),
    "api_token": pgettext_lazy("audit record", "API token"),
    "attendance": pgettext_lazy("audit record", "meeting attendance"),
    "board": pgettext_lazy("audit record", "MDT board"),
    "board_action": pgettext_lazy("audit record", "board action"),
    "board_actions_open": pgettext_lazy("audit record", "open board actions"),
    "board_actions_overdue": pgettext_lazy("audit record", "overdue board actions"),
    "board_intent_kept": pgettext_lazy("audit record", "preserving intent kept"),
    "capacity_demo": pgettext_lazy("audit record", "theatre and bed demonstration data"),
    "case": pgettext_lazy("audit record", "case"),
    "case_presentation": pgettext_lazy("audit record", "case presentation"),
    "cli": pgettext_lazy("audit record", "command line"),
    "clinic_booking": pgettext_lazy("audit record", "clinic booking"),
    "clinic_day": pgettext_lazy("audit record", "clinic day"),
    "clinic_reminder": pgettext_lazy("audit record", "clinic reminder"),
    "clinic_schedule": pgettext_lazy("audit record", "clinic schedule"),
    "clinic_session": pgettext_lazy("audit record", "clinic session"),
    "complication": pgettext_lazy("audit record", "complication"),
    "dashboard": pgettext_lazy("audit record", "dashboard"),
    "day_record": pgettext_lazy("audit record", "day record"),
    "department": pgettext_lazy("audit record", "department"),
    "export": pgettext_lazy("audit record", "export"),
    "follow_up_event": pgettext_lazy("audit record", "follow-up event"),
    "function_score": pgettext_lazy("audit record", "function score"),
    "funding_status": pgettext_lazy("audit record", "funding status"),
    "implementation": pgettext_lazy("audit record", "implementation of a recommendation"),
    "import": pgettext_lazy("audit record", "import"),
    "letter": pgettext_lazy("audit record", "letter"),
    "listing": pgettext_lazy("audit record", "case listed for a meeting"),
    "meeting": pgettext_lazy("audit record", "MDT meeting"),
    "meeting_agenda": pgettext_lazy("audit record", "meeting agenda"),
    "meeting_room": pgettext_lazy("audit record", "meeting room screen"),
    "meeting_triage": pgettext_lazy("audit record", "meeting triage"),
    "mentorship": pgettext_lazy("audit record", "surgical training (mentorship)"),
    "missed_opportunity_report": pgettext_lazy("audit record", "missed-opportunity report"),
    "operation": pgettext_lazy("audit record", "operation"),
    "option_decision": pgettext_lazy("audit record", "decision on an option"),
    "otp_device": pgettext_lazy("audit record", "second factor"),
    "outcomes_registry": pgettext_lazy("audit record", "outcomes registry"),
    "patient": pgettext_lazy("audit record", "patient"),
    "proctored_case": pgettext_lazy("audit record", "proctored case"),
    "questionnaire_due_list": pgettext_lazy("audit record", "questionnaires due"),
    "recommendation": pgettext_lazy("audit record", "recommendation"),
    "received_careplan": pgettext_lazy("audit record", "treatment plan received"),
    "referral": pgettext_lazy("audit record", "referral"),
    "request": pgettext_lazy("audit record", "request"),
    "ruleset_changes": pgettext_lazy("audit record", "rule-set changes"),
    "score": pgettext_lazy("audit record", "score"),
    "screening": pgettext_lazy("audit record", "function-preservation screen"),
    "search": pgettext_lazy("audit record", "search"),
    "session_template": pgettext_lazy("audit record", "theatre session template"),
    "site": pgettext_lazy("audit record", "site"),
    "site_key": pgettext_lazy("audit record", "site key"),
    "system": pgettext_lazy("audit record", "system"),
    "theatre_plan": pgettext_lazy("audit record", "theatre plan"),
    "theatre_session": pgettext_lazy("audit record", "theatre session"),
    "user": pgettext_lazy("audit record", "user"),
    "waiting_list_entry": pgettext_lazy("audit record", "waiting-list entry"),
    "welfare_application": pgettext_lazy("audit record", "welfare application"),
    "welfare_case_search": pgettext_lazy("audit record", "search for a welfare applicant"),
    "welfare_fund": pgettext_lazy("audit record", "welfare fund"),
    "welfare_letter": pgettext_lazy("audit record", "welfare letter"),
    "welfare_report": pgettext_lazy("audit record", "welfare report"),
    "clinical_report": pgettext_lazy("audit record", "imaging or pathology report"),
    "report_attachment": pgettext_lazy("audit record", "report attachment"),
}

# Actions written by parts of the system that are not among the model's choices.
EXTRA_ACTIONS: dict[str, Promise] = {
    "import": _("imported"),
    "site_key_issue": _("issued a site key"),
    "site_key_revoke": _("revoked a site key"),
}

CHANNELS: dict[str, Promise] = {
    "web": _("web page"),
    "api": _("API"),
    "fhir": _("FHIR"),
    "cli": _("command line"),
}


def object_label(key: str) -> str:
    label = OBJECT_TYPES.get(key)
    return str(label) if label is not None else str(_("other record"))


def channel_label(key: str) -> str:
    label = CHANNELS.get(key)
    return str(label) if label is not None else str(_("other channel"))


def action_label(key: str) -> str:
    if key in AuditAction.values:
        return str(AuditAction(key).label)
    label = EXTRA_ACTIONS.get(key)
    return str(label) if label is not None else str(_("other action"))


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    who: str
    action: str
    what: str
    patient: str  # the patient's name and hospital number; '' when none or not found
    channel: str


def rows_for(events: Iterable[AuditEvent]) -> list[AuditRow]:
    """A page of events as an auditor reads them: people and patients by name, the rest in
    words. Two queries, whatever the page's length."""
    from tumorboard.patients.models import Patient

    listed = list(events)
    users = get_user_model().objects.filter(
        pk__in={e.user_id for e in listed if e.user_id})
    people = {user.pk: display_name(user) for user in users}
    keys = {key for key in (_as_uuid(e.patient_id) for e in listed) if key}
    patients = {str(p.external_id): str(p)
                for p in Patient.objects.filter(external_id__in=keys)}
    return [AuditRow(event=e, who=people.get(e.user_id or 0) or _nobody(e),
                     action=action_label(e.action), what=object_label(e.object_type),
                     patient=patients.get(e.patient_id, ""), channel=channel_label(e.channel))
            for e in listed]


def _nobody(event: AuditEvent) -> str:
    """No user on the event: the command line, or a sign-in that named no known person."""
    if event.username.startswith("system"):
        return str(_("the system (command line)"))
    return str(_("unknown person"))


def _as_uuid(raw: Any) -> str | None:
    """An event's patient id as a UUID, or None (events may carry any text there)."""
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return None
