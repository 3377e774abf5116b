"""Bone metastasis: spinal stability and strategy, impending fracture, MDT review."""

from __future__ import annotations

from collections.abc import Mapping

from tumorboard.pathways.case import CaseFacts, Option, Status
from tumorboard.pathways.errors import CaseInputError, ScoreInputError
from tumorboard.pathways.registry import SCORES, compute
from tumorboard.pathways.rules.common import Context, Rule
from tumorboard.pathways.scores import katagiri, mirels, sins, tokuhashi, tomita
from tumorboard.pathways.spec import ScoreResult

NICE_NG234 = (
    "NICE guideline NG234. Spinal metastases and metastatic spinal cord compression. 2023."
)
SINS_SURGICAL_OPINION = 7  # Fisher 2010: 7 or more -> surgical consultation

# Tomita category -> (status of en bloc excision, explanation)
TOMITA_STRATEGY: dict[str, tuple[Status, str]] = {
    "wide_or_marginal_excision": (
        "consider", "Tomita 2-3: en bloc (wide or marginal) excision may be considered."),
    "marginal_or_intralesional_excision": (
        "not_indicated", "Tomita 4-5: marginal or intralesional excision rather than en bloc."),
    "palliative_surgery": ("not_indicated", "Tomita 6-7: palliative surgery only."),
    "supportive_care": ("not_indicated", "Tomita 8-10: non-operative supportive care."),
}

# Mirels category -> (status of prophylactic fixation, explanation)
MIRELS_STRATEGY: dict[str, tuple[Status, str]] = {
    "fixation": ("offer", "Mirels 9 or more: prophylactic fixation is recommended."),
    "borderline": ("consider", "Mirels 8: borderline; clinical judgement on fixation."),
    "observe": ("not_indicated", "Mirels 7 or less: observation and radiotherapy."),
}


def prefill(case: CaseFacts) -> dict[str, dict[str, object]]:
    """Score inputs implied by case-level facts; explicit *_inputs always win."""
    visceral_none = case.visceral_metastases is False
    fill: dict[str, dict[str, object]] = {name: {} for name in SCORES}
    if case.spinal_levels and case.spinal_levels[0] in sins.LEVEL_LOCATION:
        fill["sins"]["level"] = case.spinal_levels[0]
    if case.primary in tokuhashi.PRIMARY:
        fill["tokuhashi"]["primary"] = case.primary
    if case.frankel in tokuhashi.FRANKEL:
        fill["tokuhashi"]["frankel"] = case.frankel
    if visceral_none:
        fill["tokuhashi"]["visceral_mets"] = "none"
        fill["tomita"]["visceral_mets"] = "none"
        fill["katagiri"]["visceral"] = "none"
    return fill


ScoreOrMissing = tuple[ScoreResult | None, list[str]]


def try_score(name: str, case: CaseFacts, ctx: Context) -> ScoreOrMissing:
    """Compute a score when its inputs are complete; otherwise name what is missing."""
    field = f"{name}_inputs"
    inputs = getattr(case, field) or {}
    if not isinstance(inputs, Mapping):
        raise CaseInputError(field, "must be an object")
    data = dict(inputs)
    if name == "sins" and ("location" in data or "level" in data):
        implied = {}
    else:
        implied = prefill(case)[name]
    data = {**implied, **data}
    spec = SCORES[name]
    unknown = [key for key in data if key not in spec.field_map]
    if unknown:
        raise CaseInputError(f"{field}.{unknown[0]}", f"unknown field for {name}")
    missing = spec.missing_fields(data)
    if missing:
        return None, [f"{field}.{key}" for key in missing]
    try:
        result = compute(name, data)
    except ScoreInputError as error:
        raise CaseInputError(f"{field}.{error.field}", error.message) from None
    ctx.scores[name] = result
    return result, []


def strategy_option(code: str, title: str, score: ScoreResult | None, missing: list[str],
                    table: Mapping[str, tuple[Status, str]]) -> Option:
    if score is None:
        return Option(code, title, "undetermined", "Score inputs incomplete.", missing=missing)
    status, text = table[str(score["category"])]
    return Option(code, title, status, text, must_discuss=status in ("offer", "consider"),
                  source=str(score["source"]))


def spine(case: CaseFacts, ctx: Context) -> list[Option]:
    if not case.spinal_levels:
        return []
    sins_score, sins_missing = try_score("sins", case, ctx)
    toku, toku_missing = try_score("tokuhashi", case, ctx)
    tomi, tomi_missing = try_score("tomita", case, ctx)
    if sins_score is None:
        opinion = Option("spine_surgical_opinion", "Spinal surgical opinion", "undetermined",
                         "SINS inputs incomplete.", must_discuss=True, missing=sins_missing)
    else:
        total = int(sins_score["total"] or 0)
        unstable = total >= SINS_SURGICAL_OPINION
        opinion = Option(
            "spine_surgical_opinion", "Spinal surgical opinion",
            "offer" if unstable else "not_indicated",
            f"SINS {total} ({sins_score['category']}): "
            + ("surgical consultation recommended." if unstable else "stable spine."),
            source=sins.SOURCE, must_discuss=unstable,
        )
    if toku is not None:
        opinion.advice.append(f"Revised Tokuhashi {toku['total']}: {toku['recommendation']}")
    else:
        opinion.missing.extend(toku_missing)
    if len(case.spinal_levels) > 1:
        ctx.notes.append(f"SINS scored for {case.spinal_levels[0]}; score each lesion.")
    en_bloc = strategy_option("spine_en_bloc_excision", "En bloc excision", tomi, tomi_missing,
                              TOMITA_STRATEGY)
    return [opinion, en_bloc]


def limb(case: CaseFacts, ctx: Context) -> list[Option]:
    if not case.limb_bones:
        return []
    score, missing = try_score("mirels", case, ctx)
    return [strategy_option("limb_prophylactic_fixation", "Prophylactic fixation", score,
                            missing, MIRELS_STRATEGY)]


def mdt_review(case: CaseFacts, ctx: Context) -> list[Option]:
    option = Option(
        "bone_mets_mdt_review", "MDT review before surgery", "offer",
        "Every bone metastasis case needs multidisciplinary review before any surgery.",
        must_discuss=True,
    )
    if not case.spinal_levels and not case.limb_bones:
        option.missing += ["spinal_levels", "limb_bones"]
    prognosis, missing = try_score("katagiri", case, ctx)
    if prognosis is not None:
        option.advice.append(f"Katagiri {prognosis['total']}: {prognosis['recommendation']}")
    else:
        option.missing += missing
    return [option]


RULES = (
    Rule("bone.spine", "1.0", "Spinal metastasis: stability (SINS) and strategy (Tomita)",
         f"{sins.SOURCE} {tomita.SOURCE} {tokuhashi.SOURCE}", spine),
    Rule("bone.limb", "1.0", "Limb metastasis: impending fracture (Mirels)", mirels.SOURCE, limb),
    Rule("bone.mdt_review", "1.0", "MDT review before surgery; prognosis (Katagiri)",
         f"{NICE_NG234} {katagiri.SOURCE}", mdt_review),
)
