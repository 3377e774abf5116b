"""Every write of decision-support data: atomic, audited, history kept as new rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.decisions.facts import SCREEN_SCORES, facts_for
from tumorboard.decisions.models import (
    RAISING_STATUSES,
    Decision,
    OptionDecision,
    ScoreRecord,
    ScreenedOption,
    ScreeningResult,
    ScreeningTrigger,
)
from tumorboard.pathways import (
    RULESET_VERSION,
    SCORES,
    CaseFacts,
    CaseInputError,
    ScoreInputError,
    compute,
    screen_case,
)
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput, core_message

User = DjangoUser | AnonymousUser
REFERRED_TO_MAX = 200


def _real(user: User) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def is_raised(option: Mapping[str, Any]) -> bool:
    """An option the MDT must act on: offer/discuss, or flagged must-discuss, unless ruled out."""
    if option.get("status") == "not_indicated":
        return False
    return option.get("status") in RAISING_STATUSES or bool(option.get("must_discuss"))


def run_screen(facts: Mapping[str, object]) -> tuple[dict[str, Any], str]:
    """The screen's result as plain data, or an error result naming the field it could not use."""
    try:
        return screen_case(CaseFacts.from_dict(facts)).to_dict(), ""
    except CaseInputError as error:
        result: dict[str, Any] = {
            "pathway": facts.get("pathway"), "ruleset_version": RULESET_VERSION,
            "options": [], "scores": {}, "missing": [], "notes": [], "rule_versions": {},
            "error": error.message, "field": error.field}
        return result, error.field or "facts"


def option_rows(screening: ScreeningResult, result: Mapping[str, Any],
                previous_raised: Mapping[str, Any]) -> list[ScreenedOption]:
    rows = []
    for option in result.get("options", []):
        raised = is_raised(option)
        raised_at = (previous_raised.get(option["code"]) or screening.created) if raised else None
        rows.append(ScreenedOption(
            screening=screening, case_id=screening.case_id, code=option["code"],
            status=option["status"], must_discuss=bool(option.get("must_discuss")),
            raised=raised, raised_at=raised_at, is_current=True))
    return rows


def option_changes(before: Mapping[str, Any] | None,
                   after: Mapping[str, Any]) -> list[dict[str, str]]:
    """Options whose status differs between two screen results (appeared/gone included)."""
    old = {o["code"]: o["status"] for o in (before or {}).get("options", [])}
    new = {o["code"]: o["status"] for o in after.get("options", [])}
    return [{"code": code, "before": old.get(code, ""), "after": new.get(code, "")}
            for code in list(new) + [c for c in old if c not in new]
            if old.get(code) != new.get(code)]


@transaction.atomic
def do_screen_case(user: User, case: Case, *, trigger: str = ScreeningTrigger.MANUAL,
                   request: HttpRequest | None = None) -> ScreeningResult:
    """Screen the case now and store a new ScreeningResult; the previous one stays as history."""
    door.check(user, case, door.CHANGE)
    facts = facts_for(case)
    result, error_field = run_screen(facts)
    previous = (ScreeningResult.objects.select_for_update()
                .filter(case=case, is_latest=True).first())
    previous_raised: dict[str, Any] = {}
    if previous is not None:
        previous_raised = dict(ScreenedOption.objects.filter(screening=previous, raised=True)
                               .values_list("code", "raised_at"))
        ScreeningResult.objects.filter(pk=previous.pk).update(is_latest=False)
        ScreenedOption.objects.filter(screening=previous).update(is_current=False)
    screening = ScreeningResult.objects.create(
        case=case, ruleset_version=RULESET_VERSION, facts=facts, result=result,
        error_field=error_field, screened_by=_real(user), trigger=trigger, is_latest=True,
        changes=option_changes(previous.result if previous else None, result),
        previous_ruleset_version=previous.ruleset_version if previous else "")
    ScreenedOption.objects.bulk_create(option_rows(screening, result, previous_raised))
    audit.record(user=user, action="create", object_type="screening",
                 object_id=screening.external_id, patient_id=case.patient.external_id,
                 site_id=case.site_id, request=request,
                 detail={"ruleset_version": RULESET_VERSION, "trigger": trigger,
                         "previous_ruleset_version": previous.ruleset_version if previous
                         else None, "error_field": error_field or None})
    return screening


def latest_screening(case: Case) -> ScreeningResult | None:
    return ScreeningResult.objects.filter(case=case, is_latest=True).first()


def screen_after_change(case: Case, user: User | None) -> None:
    """core.derived updater: the case's facts changed inside a do_* transaction."""
    latest = latest_screening(case)
    if latest is not None and latest.facts == facts_for(case) \
            and latest.ruleset_version == RULESET_VERSION:
        return  # nothing the screen reads has changed (e.g. only the notes)
    do_screen_case(user or AnonymousUser(), case, trigger=ScreeningTrigger.CHANGE)


def rescreen_patient_cases(patient: Any, user: User | None) -> None:
    for case in Case.objects.filter(patient=patient).select_related("patient", "site"):
        screen_after_change(case, user)


def score_error(error: ScoreInputError) -> InvalidInput:
    return InvalidInput({error.field or "input": core_message(error)})


@transaction.atomic
def do_record_score(user: User, case: Case, name: str, data: Mapping[str, object], *,
                    request: HttpRequest | None = None) -> ScoreRecord:
    """Compute a score from `data` and keep it as a new row of the case's history."""
    door.check(user, case, door.CHANGE)
    if name not in SCORES:
        raise InvalidInput({"name": _("Unknown score %(name)s.") % {"name": name}})
    try:
        result = compute(name, data)
    except ScoreInputError as error:
        raise score_error(error) from None
    total = result["total"]
    record = ScoreRecord.objects.create(
        case=case, score_name=name, score_version=SCORES[name].version, inputs=dict(data),
        result=dict(result), total=float(total) if total is not None else None,
        category=str(result["category"]), recorded_by=_real(user))
    audit.record(user=user, action="create", object_type="score", object_id=record.external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail={"score": name, "total": total, "category": result["category"]})
    if name in SCREEN_SCORES and case.pathway == "bone_metastasis":
        screen_after_change(case, user)  # the screen reads this score: keep it current
    return record


def decision_errors(option_code: str, decision: str, reason: str, referred_to: str,
                    screening: ScreeningResult | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    codes = [o["code"] for o in (screening.result.get("options", []) if screening else [])]
    if option_code not in codes:
        errors["option_code"] = _("This option is not in the case's current screening.")
    if decision not in Decision.values:
        errors["decision"] = _("Choose one of the listed decisions.")
    elif decision == Decision.NOT_SUITABLE and not reason.strip():
        errors["reason"] = _("Give the reason the option is not suitable.")
    elif decision == Decision.REFERRED_ELSEWHERE and not referred_to.strip():
        errors["referred_to"] = _("Say where the patient was referred.")
    if len(referred_to) > REFERRED_TO_MAX:
        errors["referred_to"] = _("At most %(n)d characters.") % {"n": REFERRED_TO_MAX}
    return errors


@transaction.atomic
def do_record_decision(user: User, case: Case, option_code: str, decision: str, *,
                       reason: str = "", referred_to: str = "",
                       request: HttpRequest | None = None) -> OptionDecision:
    """Record what was decided about an option of the case's current screening (a new row)."""
    door.check(user, case, door.CHANGE)
    screening = latest_screening(case)
    errors = decision_errors(option_code, decision, reason, referred_to, screening)
    if errors:
        raise InvalidInput(errors)
    assert screening is not None
    row = OptionDecision.objects.create(
        case=case, option_code=option_code, screening=screening, decision=decision,
        reason=reason.strip(), referred_to=referred_to.strip(), decided_by=_real(user))
    audit.record(user=user, action="create", object_type="option_decision",
                 object_id=row.external_id, patient_id=case.patient.external_id,
                 site_id=case.site_id, request=request,
                 detail={"option_code": option_code, "decision": decision,
                         "screening": str(screening.external_id)})
    return row
