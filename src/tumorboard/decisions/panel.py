"""Context for the case panel (options, decisions, calculators, score history)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.decisions import calculators
from tumorboard.decisions.facts import Facts, facts_for
from tumorboard.decisions.models import Decision, OptionDecision, ScoreRecord, ScreeningResult
from tumorboard.decisions.services import is_raised, latest_screening
from tumorboard.outcomes.vocabulary import PATHWAY_INSTRUMENTS
from tumorboard.pathways import RULESET_VERSION, SCORES, relevant_scores
from tumorboard.patients.models import Case

SVG_W, SVG_H, PAD = 240, 60, 6

# What a failed POST hands back to the panel: which form, its errors and the posted values.
FormState = Mapping[str, Any]


def can_read(user: AnyUser, case: Case) -> bool:
    return door.allows(user, case, door.VIEW)


def trend_svg(records: Sequence[ScoreRecord], total_range: Sequence[float] | None
              ) -> dict[str, Any] | None:
    """Points of a small inline SVG line of the totals, oldest on the left."""
    totals = [(r, r.total) for r in records if r.total is not None]
    if not totals or not total_range:
        return None
    low, high = float(total_range[0]), float(total_range[1])
    span = (high - low) or 1.0
    step = (SVG_W - 2 * PAD) / max(1, len(totals) - 1)
    points = []
    for index, (record, total) in enumerate(totals):
        x = PAD + index * step if len(totals) > 1 else SVG_W / 2
        y = SVG_H - PAD - (float(total) - low) / span * (SVG_H - 2 * PAD)
        points.append({"x": round(x, 1), "y": round(y, 1), "total": total,
                       "date": record.created})
    return {"width": SVG_W, "height": SVG_H, "points": points,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
            "low": total_range[0], "high": total_range[1]}


def option_entries(screening: ScreeningResult, case: Case,
                   state: FormState | None) -> list[dict[str, Any]]:
    decisions: dict[str, list[OptionDecision]] = {}
    for row in (OptionDecision.objects.filter(case=case).select_related("decided_by")
                .order_by("-created", "-id")):
        decisions.setdefault(row.option_code, []).append(row)
    entries = []
    for option in screening.result.get("options", []):
        mine = state if state and state.get("option_code") == option["code"] else None
        history = decisions.get(option["code"], [])
        entries.append({**option, "raised": is_raised(option),
                        "latest": history[0] if history else None, "history": history[1:],
                        "errors": mine["errors"] if mine else {},
                        "posted": mine["posted"] if mine else {}})
    return entries


def calculator_entries(case: Case, facts: Facts, state: FormState | None
                       ) -> list[dict[str, Any]]:
    records: dict[str, list[ScoreRecord]] = {}
    for record in (ScoreRecord.objects.filter(case=case).select_related("recorded_by")
                   .order_by("created", "id")):
        records.setdefault(record.score_name, []).append(record)
    from_case = calculators.case_prefill(facts)
    entries = []
    for name in decision_scores(case.pathway):
        spec = SCORES[name]
        history = records.get(name, [])
        last_inputs = history[-1].inputs if history else {}
        values: Mapping[str, object] = calculators.merge_prefill(name, last_inputs,
                                                                 from_case[name])
        errors: Mapping[str, str] = {}
        if state and state.get("score") == name:
            values, errors = state["posted"], state["errors"]
        entries.append({
            "name": name, "title": gettext(spec.title), "source": spec.source,
            "version": spec.version,
            "fields": calculators.form_fields(name, values, errors),
            "form_error": errors.get("input") or errors.get("name") or "",
            "history": list(reversed(history)),
            "trend": trend_svg(history, spec.total_range),
            "open": bool(history or errors),
        })
    return entries


def decision_scores(pathway: str) -> list[str]:
    """The calculators the decision panel offers: the pathway's scores less the function
    questionnaires (LARS, Wexner, MSTS) the outcomes panel records after the operation at
    its time points, so a case offers each form once."""
    recorded_later = set(PATHWAY_INSTRUMENTS.get(pathway, ()))
    return [name for name in relevant_scores(pathway) if name not in recorded_later]


def function_scores_elsewhere(pathway: str) -> str:
    """The function questionnaires of the pathway, by title, for the panel's pointer."""
    return gettext(", ").join(gettext(SCORES[name].title) for name in relevant_scores(pathway)
                              if name in PATHWAY_INSTRUMENTS.get(pathway, ()))


def previous_ruleset(screening: ScreeningResult) -> str | None:
    previous = (ScreeningResult.objects.filter(case_id=screening.case_id, is_latest=False)
                .order_by("-created", "-id").values_list("ruleset_version", flat=True).first())
    return previous if previous and previous != screening.ruleset_version else None


def case_panel_context(user: AnyUser, case: Case, *, state: FormState | None = None,
                       request: Any = None) -> dict[str, Any]:
    """Everything the case panel shows. A read: the case is screened when its facts change
    (decisions.services.screen_after_change), never while this renders."""
    if not can_read(user, case):
        return {"visible": False}
    screening = latest_screening(case)
    facts = facts_for(case)
    return {
        "visible": True, "case": case, "screening": screening,
        "result": screening.result if screening else {},
        "ruleset_version": RULESET_VERSION,
        "previous_ruleset": previous_ruleset(screening) if screening else None,
        "outdated": screening is not None and screening.ruleset_version != RULESET_VERSION,
        "options": option_entries(screening, case, state) if screening else [],
        "calculators": calculator_entries(case, facts, state),
        "function_scores": function_scores_elsewhere(case.pathway),
        "decision_choices": Decision.choices,
        "can_write": door.may(user, door.CLINICAL, door.CHANGE),
    }
