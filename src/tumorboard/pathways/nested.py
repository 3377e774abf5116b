"""Nested case inputs: spinal and limb lesions and the bone-metastasis score inputs.

Score inputs are checked with the scores' own field definitions. Case-level facts prefill
what a score needs (Frankel grade, primary, "no visceral metastases", ECOG) but never
guess; an explicit score input that contradicts the case is refused, not resolved.
"""

from __future__ import annotations

from collections.abc import Mapping

from tumorboard.pathways.case import CaseFacts, ScoreInput
from tumorboard.pathways.errors import CaseInputError, ScoreInputError
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.registry import SCORES
from tumorboard.pathways.scores import sins, tokuhashi

BILSKY = ("0", "1a", "1b", "1c", "2", "3")
SPINAL_KEYS = ("level", "sins", "bilsky")
LIMB_KEYS = ("bone", "mirels")
# SINS location comes from the lesion's level, so neither may be given inside `sins`.
SINS_KEYS = tuple(f.name for f in sins.SPEC.fields if f.name not in ("location", "level"))
CASE_SCORES = ("tokuhashi", "tomita", "katagiri")
# (score, score field, case field, case value -> the score value it implies or None)
VISCERAL_NONE = {"tokuhashi": "visceral_mets", "tomita": "visceral_mets", "katagiri": "visceral"}


def check_score_values(score: str, data: object, path: str,
                       allowed: tuple[str, ...] | None = None) -> None:
    """Type/range of each given score input; missing inputs are left to the screen."""
    if not isinstance(data, Mapping):
        raise CaseInputError(path, msg(gettext_noop("must be an object")))
    spec = SCORES[score]
    names = allowed if allowed is not None else tuple(spec.field_map)
    for key, value in data.items():
        if key not in names:
            raise CaseInputError(f"{path}.{key}", f"unknown field for {score}")
        if value is None:
            continue
        try:
            spec.field_map[key].clean(value)
        except ScoreInputError as error:
            raise CaseInputError(f"{path}.{key}", error.i18n or error.message) from None
    for group in spec.alternatives:
        touched = [opt for opt in group if {k for k, v in data.items() if v is not None} & set(opt)]
        if len(touched) > 1:
            raise CaseInputError(f"{path}.{touched[1][0]}", "give labs or the raw values, not both")


def _check_list(value: object, path: str) -> list[Mapping[str, object]]:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise CaseInputError(path, msg(gettext_noop("must be a list of objects")))
    return value


def _check_spinal(case: CaseFacts) -> None:
    seen: set[str] = set()
    for index, lesion in enumerate(_check_list(case.spinal_lesions, "spinal_lesions")):
        path = f"spinal_lesions[{index}]"
        for key in lesion:
            if key not in SPINAL_KEYS:
                raise CaseInputError(f"{path}.{key}", "unknown field for a spinal lesion")
        level = lesion.get("level")
        if level not in sins.LEVEL_LOCATION:
            raise CaseInputError(f"{path}.level", msg(gettext_noop(
                "must be a spinal level C1..S5")))
        if level in seen:
            raise CaseInputError(f"{path}.level", msg(gettext_noop(
                "{level} is listed twice"), level=str(level)))
        seen.add(str(level))
        if lesion.get("bilsky") is not None and lesion["bilsky"] not in BILSKY:
            raise CaseInputError(f"{path}.bilsky", msg(gettext_noop(
                "must be one of {choices}"), choices=", ".join(BILSKY)))
        if lesion.get("sins") is not None:
            check_score_values("sins", lesion["sins"], f"{path}.sins", SINS_KEYS)


def _check_limb(case: CaseFacts) -> None:
    for index, lesion in enumerate(_check_list(case.limb_lesions, "limb_lesions")):
        path = f"limb_lesions[{index}]"
        for key in lesion:
            if key not in LIMB_KEYS:
                raise CaseInputError(f"{path}.{key}", "unknown field for a limb lesion")
        bone = lesion.get("bone")
        if not isinstance(bone, str) or not bone.strip():
            raise CaseInputError(f"{path}.bone", msg(gettext_noop(
                "must name the bone (e.g. femur)")))
        if lesion.get("mirels") is not None:
            check_score_values("mirels", lesion["mirels"], f"{path}.mirels")


def check_lesions(case: CaseFacts) -> None:
    if case.spinal_lesions is not None:
        _check_spinal(case)
    if case.limb_lesions is not None:
        _check_limb(case)


def implied(case: CaseFacts, score: str) -> ScoreInput:
    """Score inputs that case facts state outright (never guessed)."""
    out: ScoreInput = {}
    if case.visceral_metastases is False:
        out[VISCERAL_NONE[score]] = "none"
    if score == "tokuhashi":
        if case.frankel is not None:
            out["frankel"] = case.frankel
        if case.primary in tokuhashi.PRIMARY:
            out["primary"] = case.primary
    if score == "katagiri" and case.ecog is not None:
        out["ecog"] = case.ecog
    return out


def _conflict(case: CaseFacts, score: str, key: str, value: object) -> str | None:
    """The case field an explicit score input contradicts, if any."""
    if key == VISCERAL_NONE[score] and case.visceral_metastases is not None:
        return "visceral_metastases" if (value == "none") == case.visceral_metastases else None
    implied_value = implied(case, score).get(key)
    if implied_value is not None and implied_value != value:
        return {"frankel": "frankel", "primary": "primary", "ecog": "ecog"}[key]
    return None


def check_score_inputs(case: CaseFacts) -> None:
    for score in CASE_SCORES:
        data = getattr(case, score)
        if data is not None:
            check_score_values(score, data, score)


def score_conflicts(case: CaseFacts) -> list[tuple[str, str, object, object]]:
    """Explicit score inputs that contradict a case fact: (score.item, fact, input, fact
    value). Valid input, but not to be resolved silently: the screen notes each one and
    lets no option that depends on the scores go beyond `discuss`."""
    found = []
    for score in CASE_SCORES:
        for key, value in (getattr(case, score) or {}).items():
            fact = None if value is None else _conflict(case, score, key, value)
            if fact is not None:
                found.append((f"{score}.{key}", fact, value, getattr(case, fact)))
    return found


def score_input(case: CaseFacts, score: str) -> ScoreInput:
    """Explicit inputs over case-implied ones (conflicts are noted by the screen)."""
    explicit = {k: v for k, v in (getattr(case, score) or {}).items() if v is not None}
    return {**implied(case, score), **explicit}
