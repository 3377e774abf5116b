"""The structured recommendation's rules: pure, no Django.

Planned treatment is an ordered list of modalities; what must be filled in before sign-off;
and the follow-through actions (with due dates) that a signed recommendation creates.
Due dates follow the case's urgency (see FIRST_STEP_DAYS): 31 days routinely (NHS
"decision to treat to first definitive treatment"), 1 day for spinal cord compression
(NICE NG234); surveillance imaging at 3 months is a common first interval, and the owner of
an action can change its due date afterwards, giving a reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MODALITIES = ("surgery", "neoadjuvant_therapy", "adjuvant_therapy", "radiotherapy",
              "systemic_therapy", "surveillance", "best_supportive_care",
              "genetics_referral", "trial_referral", "rediscuss_after_tests")
# Steps that are referrals or a return to the board rather than treatment.
REFERRAL_STEPS = ("genetics_referral", "trial_referral")
INTENTS = ("curative", "palliative")
TRIAL_CHOICES = ("eligible_offered", "not_eligible", "no_trial_available")
DECISIONS = ("offered_accepted", "offered_declined", "not_suitable", "referred_elsewhere")
# Decisions whose option the patient is offered at the one-stop clinic after the board.
TO_OFFER = ("offered_accepted", "offered_declined")
MAX_DETAIL = 200


@dataclass(frozen=True)
class PlannedAction:
    kind: str  # the modality or rule that created it
    due: dt.date
    params: dict[str, Any]


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


# Days from sign-off to the first treatment step, by the case's pathway urgency:
# - routine: NHS cancer waiting-time standard, decision to treat to first definitive
#   treatment within 31 days;
# - urgent (listed as urgent by the referrer): the board's local fast track, 14 days;
# - emergency (metastatic spinal cord compression raised by the screen): NICE NG234 (2023)
#   asks for definitive treatment (surgery or radiotherapy) within 24 hours -> 1 day.
# Palliative care review: 14 days routinely, 2 days when urgent or emergency.
TIERS = ("routine", "urgent", "emergency")
FIRST_STEP_DAYS: dict[str, dict[str, int]] = {
    "routine": {"surgery": 31, "neoadjuvant_therapy": 31, "adjuvant_therapy": 31,
                "radiotherapy": 31, "systemic_therapy": 31, "best_supportive_care": 14},
    "urgent": {"surgery": 14, "neoadjuvant_therapy": 14, "adjuvant_therapy": 14,
               "radiotherapy": 14, "systemic_therapy": 14, "best_supportive_care": 2},
    "emergency": {"surgery": 1, "neoadjuvant_therapy": 7, "adjuvant_therapy": 7,
                  "radiotherapy": 1, "systemic_therapy": 7, "best_supportive_care": 2},
}
REFERRAL_DAYS = {"routine": 14, "urgent": 7, "emergency": 2}
EMERGENCY_OPTIONS = ("spine_urgent_assessment",)


def tier_of(listing_urgency: str, raised_options: Sequence[Mapping[str, Any]]) -> str:
    """Emergency when the screen raised cord compression as an option to offer, urgent when
    the case was listed as urgent, routine otherwise."""
    if any(o.get("code") in EMERGENCY_OPTIONS and o.get("status") == "offer"
           for o in raised_options):
        return "emergency"
    return "urgent" if listing_urgency == "urgent" else "routine"


def planned_actions(signed_on: dt.date, plan: Sequence[Mapping[str, Any]],
                    decisions: Mapping[str, Mapping[str, Any]],
                    trial_consideration: str, tier: str = "routine") -> list[PlannedAction]:
    """The next expected actions after sign-off: the first treatment step, surveillance,
    referrals for declined-here options and a trial screen. Each carries its kind and the
    parameters its words need (the words are built at display time, in the reader's
    language)."""
    tier = tier if tier in TIERS else "routine"
    actions: list[PlannedAction] = []
    first = plan[0] if plan else None
    modality = str(first.get("modality")) if first is not None else ""
    if modality in FIRST_STEP_DAYS[tier]:
        days = FIRST_STEP_DAYS[tier][modality]
        actions.append(PlannedAction(modality, signed_on + dt.timedelta(days=days),
                                     {"days": days, "detail": str(first.get("detail") or "")
                                      if first else ""}))
    for item in plan:
        if item.get("modality") in REFERRAL_STEPS:
            actions.append(PlannedAction(str(item["modality"]),
                                         signed_on + dt.timedelta(days=REFERRAL_DAYS[tier]),
                                         {"days": REFERRAL_DAYS[tier]}))
    if any(item.get("modality") == "surveillance" for item in plan):
        actions.append(PlannedAction("surveillance", add_months(signed_on, 3), {"months": 3}))
    days = REFERRAL_DAYS[tier]
    for code, entry in decisions.items():
        if entry.get("decision") == "referred_elsewhere":
            actions.append(PlannedAction(
                "referral", signed_on + dt.timedelta(days=days),
                {"days": days, "option": code, "to": str(entry.get("referred_to") or "")}))
    if any(entry.get("decision") in TO_OFFER for entry in decisions.values()):
        # the options are offered to the patient at the one-stop clinic; booking it closes this
        actions.append(PlannedAction("clinic", signed_on + dt.timedelta(days=days),
                                     {"days": days}))
    if trial_consideration == "eligible_offered":
        actions.append(PlannedAction("trial", signed_on + dt.timedelta(days=days),
                                     {"days": days}))
    return actions


def plain_key(modality: str, intent: str, plan: Sequence[Mapping[str, Any]]) -> str:
    """Which plain-language wording a patient letter uses for a step: treatment "after the
    operation" only when an operation comes before it; systemic treatment in a palliative
    plan is "treatment to control the cancer", not "after the operation"."""
    modalities = [str(item.get("modality")) for item in plan]
    index = modalities.index(modality) if modality in modalities else len(modalities)
    operated_before = "surgery" in modalities[:index]
    if modality == "adjuvant_therapy" and (intent == "palliative" or not operated_before):
        return "systemic_control" if intent == "palliative" else "systemic_therapy"
    if modality == "systemic_therapy":
        return "systemic_control" if intent == "palliative" else "systemic_therapy"
    if modality == "radiotherapy" and intent == "palliative":
        return "radiotherapy_palliative"
    return modality
