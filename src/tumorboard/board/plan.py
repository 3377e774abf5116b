"""The structured recommendation's rules: pure, no Django.

Planned treatment is an ordered list of modalities; what must be filled in before sign-off;
and the follow-through actions (with due dates) that a signed recommendation creates.
The 31-day targets follow the NHS cancer waiting-time standard "decision to treat to first
definitive treatment within 31 days"; surveillance imaging at 3 months is a common first
interval and the board can change the due date of any action afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MODALITIES = ("surgery", "neoadjuvant_therapy", "adjuvant_therapy", "radiotherapy",
              "surveillance", "best_supportive_care")
INTENTS = ("curative", "palliative")
TRIAL_CHOICES = ("eligible_offered", "not_eligible", "no_trial_available")
DECISIONS = ("offered_accepted", "offered_declined", "not_suitable", "referred_elsewhere")
MAX_DETAIL = 200


@dataclass(frozen=True)
class PlannedAction:
    description: str
    due: dt.date
    kind: str  # the modality or rule that created it


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_errors(intent: str, plan: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Errors in the planned treatment, keyed `treatment_plan.<n>` (1-based) or by field."""
    errors: dict[str, str] = {}
    if intent and intent not in INTENTS:
        errors["intent"] = "Choose curative or palliative."
    for index, item in enumerate(plan, start=1):
        modality = str(item.get("modality") or "")
        detail = str(item.get("detail") or "").strip()
        key = f"treatment_plan.{index}"
        if modality not in MODALITIES:
            errors[key] = f"Unknown modality {modality!r}."
        elif modality == "surgery" and not detail:
            errors[key] = "Name the planned procedure for surgery."
        elif len(detail) > MAX_DETAIL:
            errors[key] = f"At most {MAX_DETAIL} characters."
    modalities = [str(item.get("modality")) for item in plan]
    if intent == "curative" and modalities == ["best_supportive_care"]:
        errors["intent"] = "Best supportive care alone is not a curative plan."
    return errors


def sign_off_missing(values: Mapping[str, Any], raised_codes: Sequence[str]) -> list[str]:
    """The fields a recommendation still needs before the chair can sign it, in form order."""
    missing = []
    if not str(values.get("discussion_summary") or "").strip():
        missing.append("discussion_summary")
    if not values.get("intent"):
        missing.append("intent")
    if not values.get("treatment_plan"):
        missing.append("treatment_plan")
    decided = values.get("option_decisions") or {}
    for code in raised_codes:
        if not (decided.get(code) or {}).get("decision"):
            missing.append(f"option_decisions.{code}")
    if not values.get("trial_consideration"):
        missing.append("trial_consideration")
    for index, dissent in enumerate(values.get("dissent") or [], start=1):
        if str(dissent.get("text") or "").strip() and not dissent.get("author"):
            missing.append(f"dissent.{index}.author")
    return missing


def decision_errors(decisions: Mapping[str, Mapping[str, Any]],
                    raised_codes: Sequence[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for code, entry in decisions.items():
        key = f"option_decisions.{code}"
        choice = entry.get("decision") or ""
        if code not in raised_codes:
            errors[key] = "The screen did not raise this option for the case."
        elif choice and choice not in DECISIONS:
            errors[key] = "Choose one of the listed decisions."
        elif choice == "not_suitable" and not str(entry.get("reason") or "").strip():
            errors[key] = "Give the reason the option is not suitable."
        elif choice == "referred_elsewhere" and not str(entry.get("referred_to") or "").strip():
            errors[key] = "Say where the patient is referred."
    return errors


FIRST_STEP = {
    "surgery": ("Surgery ({detail}) booked within 31 days", 31),
    "neoadjuvant_therapy": ("Start neoadjuvant therapy within 31 days", 31),
    "adjuvant_therapy": ("Start systemic therapy within 31 days", 31),
    "radiotherapy": ("Start radiotherapy within 31 days", 31),
    "best_supportive_care": ("Palliative care review within 14 days", 14),
}


def planned_actions(signed_on: dt.date, plan: Sequence[Mapping[str, Any]],
                    decisions: Mapping[str, Mapping[str, Any]],
                    trial_consideration: str) -> list[PlannedAction]:
    """The next expected actions after sign-off: the first treatment step, surveillance,
    referrals for declined-here options and a trial screen."""
    actions: list[PlannedAction] = []
    first = plan[0] if plan else None
    if first is not None and first.get("modality") in FIRST_STEP:
        text, days = FIRST_STEP[str(first["modality"])]
        actions.append(PlannedAction(text.format(detail=first.get("detail") or "-"),
                                     signed_on + dt.timedelta(days=days),
                                     str(first["modality"])))
    if any(item.get("modality") == "surveillance" for item in plan):
        actions.append(PlannedAction("Surveillance imaging in 3 months",
                                     add_months(signed_on, 3), "surveillance"))
    for code, entry in decisions.items():
        if entry.get("decision") == "referred_elsewhere":
            actions.append(PlannedAction(
                f"Referral for {code} to {entry.get('referred_to')} sent within 14 days",
                signed_on + dt.timedelta(days=14), "referral"))
    if trial_consideration == "eligible_offered":
        actions.append(PlannedAction("Clinical trial eligibility screen within 14 days",
                                     signed_on + dt.timedelta(days=14), "trial"))
    return actions
