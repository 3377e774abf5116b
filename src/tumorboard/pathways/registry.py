"""Registry of scores and the `compute` entry point returning the contract's object."""

from __future__ import annotations

from collections.abc import Mapping

from tumorboard.pathways.errors import ScoreInputError
from tumorboard.pathways.scores import (
    cci,
    katagiri,
    lars,
    melanoma,
    mirels,
    msts,
    sins,
    tokuhashi,
    tomita,
    wexner,
)
from tumorboard.pathways.spec import ScoreResult, ScoreSpec

SCORES: dict[str, ScoreSpec] = {
    module.SPEC.name: module.SPEC
    for module in (sins, tokuhashi, tomita, mirels, katagiri, cci, lars, wexner, msts, melanoma)
}

PATHWAY_SCORES: dict[str, tuple[str, ...]] = {
    "breast": ("cci",),
    "rectum": ("lars", "wexner", "cci"),
    "sarcoma": ("msts", "cci"),
    "bone_metastasis": ("sins", "tokuhashi", "tomita", "mirels", "katagiri", "msts"),
    "melanoma": ("melanoma_slnb",),
}


def get_spec(name: str) -> ScoreSpec:
    try:
        return SCORES[name]
    except KeyError:
        raise ScoreInputError("name", f"unknown score {name!r}") from None


def compute(name: str, data: Mapping[str, object]) -> ScoreResult:
    """Validate `data` and return {score,total,category,recommendation,items,source,...}."""
    spec = get_spec(name)
    outcome = spec.calculate(spec.validate(data))
    result: ScoreResult = {
        "score": spec.name,
        "total": outcome.total,
        "category": outcome.category,
        "recommendation": spec.recommendations[outcome.category],
        "items": outcome.items,
        "source": spec.source,
    }
    result.update(outcome.extra)  # type: ignore[typeddict-item]
    return result


def relevant_scores(pathway: str) -> list[str]:
    """Score names worth offering for a pathway; unknown pathways have none."""
    return list(PATHWAY_SCORES.get(pathway, ()))
