"""Rule type and small helpers shared by the pathway rule modules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.errors import CaseInputError, ScoreInputError
from tumorboard.pathways.messages import Message, gettext_noop, msg
from tumorboard.pathways.registry import SCORES, compute
from tumorboard.pathways.spec import ScoreResult


@dataclass(slots=True)
class Context:
    """Scratch space shared by the rules of one screen: computed scores and notes."""

    scores: dict[str, ScoreResult] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)  # work shared between rules
    conflicts: list[str] = field(default_factory=list)  # score inputs contradicting the case


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    version: str
    title: str
    source: str
    evaluate: Callable[[CaseFacts, Context], list[Option]]


def missing_of(case: CaseFacts, *names: str) -> list[str]:
    """Names of the case fields that are not recorded."""
    return [name for name in names if getattr(case, name) is None]


ScoreOrMissing = tuple[ScoreResult | None, list[str]]


def try_score(name: str, data: Mapping[str, object], path: str, ctx: Context) -> ScoreOrMissing:
    """Compute a score when its inputs are complete; otherwise name what is missing.

    `path` prefixes the missing keys and becomes the key in the result's `scores`.
    """
    spec = SCORES[name]
    given = {k: v for k, v in data.items() if v is not None}
    missing = spec.missing_fields(given)
    if missing:
        return None, [f"{path}.{key}" for key in missing]
    try:
        result = compute(name, given)
    except ScoreInputError as error:  # already validated; kept so a bad value is named
        raise CaseInputError(f"{path}.{error.field}", error.message) from None
    ctx.scores[path] = result
    return result, []


def fitness_advice(case: CaseFacts) -> list[Message]:
    """Recorded fitness problems that guidelines ask to weigh before major surgery."""
    advice = []
    if case.ecog is not None and case.ecog >= 3:
        advice.append(msg(gettext_noop("Fitness: ECOG performance status {ecog} (3-4: "
                                       "capable of limited self-care at best)."), ecog=case.ecog))
    if case.asa is not None and case.asa >= 4:
        advice.append(msg(gettext_noop("Fitness: ASA physical status {asa} (severe systemic "
                                       "disease that is a constant threat to life or worse)."),
                          asa=case.asa))
    if case.frailty is not None and case.frailty >= 5:
        advice.append(msg(gettext_noop("Fitness: Clinical Frailty Scale {cfs} (5 or more: "
                                       "frail); weigh the burden of surgery."), cfs=case.frailty))
    if case.significant_comorbidity:
        advice.append(msg(gettext_noop("Fitness: significant comorbidity recorded.")))
    return advice


def unfit_for_major_surgery(case: CaseFacts) -> bool:
    """A recorded fitness concern (ECOG 3-4, ASA 4-5, CFS 5+, significant comorbidity)."""
    return bool(fitness_advice(case))
