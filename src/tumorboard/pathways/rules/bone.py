"""Bone metastasis: the spine rules in order (cord compression first), impending limb
fracture (Mirels, per lesion) and the MDT review with prognosis (Katagiri)."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import Param, gettext_noop, msg
from tumorboard.pathways.nested import score_input
from tumorboard.pathways.rules import en_bloc, sources, spine
from tumorboard.pathways.rules.common import Context, Rule, fitness_advice, try_score
from tumorboard.pathways.scores import katagiri, mirels, sins, tokuhashi, tomita

KATAGIRI_ADVICE = {
    "low": gettext_noop("Katagiri {total} (0-3, low risk): long expected survival; favour "
                        "durable local treatment."),
    "intermediate": gettext_noop("Katagiri {total} (4-6, intermediate risk): balance "
                                 "durability against the burden of treatment."),
    "high": gettext_noop("Katagiri {total} (7-10, high risk): short expected survival; favour "
                         "the least invasive effective treatment."),
}


def _worst_limb(case: CaseFacts, ctx: Context) -> tuple[list[tuple[str, int, str]], list[str]]:
    scored, missing = [], []
    for index, lesion in enumerate(case.limb_lesions or []):
        path = f"limb_lesions[{index}].mirels"
        score, lacking = try_score("mirels", dict(lesion.get("mirels") or {}), path, ctx)  # type: ignore[call-overload]
        missing += lacking
        if score is not None:
            scored.append((str(lesion["bone"]), int(score["total"] or 0), str(score["category"])))
    scored.sort(key=lambda item: -item[1])
    return scored, missing


def limb_fixation(case: CaseFacts, ctx: Context) -> list[Option]:
    if not case.limb_lesions:
        return []
    code = "limb_prophylactic_fixation"
    scored, missing = _worst_limb(case, ctx)
    if not scored or (missing and scored[0][1] < 9):
        return [Option(code, "undetermined", msg(gettext_noop(
            "Mirels score incomplete for a limb lesion; an unscored lesion may be about to "
            "fracture.")), mirels.SOURCE, must_discuss=True, missing=missing)]
    bone, total, category = scored[0]
    params: dict[str, Param] = {"mirels": total, "bone": bone, "count": len(case.limb_lesions)}
    if total >= 9:
        return [Option(code, "offer", msg(gettext_noop(
            "Mirels {mirels} at the {bone} (worst of {count} limb lesions): 9 or more, "
            "prophylactic fixation recommended."), **params), mirels.SOURCE, must_discuss=True,
            missing=missing, classification=category, advice=fitness_advice(case))]
    if total == 8:
        return [Option(code, "consider", msg(gettext_noop(
            "Mirels {mirels} at the {bone} (worst of {count} limb lesions): borderline; "
            "clinical judgement on prophylactic fixation."), **params), mirels.SOURCE,
            must_discuss=True, classification=category, advice=fitness_advice(case))]
    return [Option(code, "not_indicated", msg(gettext_noop(
        "Mirels {mirels} at the {bone} (worst of {count} limb lesions): 7 or less, low fracture "
        "risk; radiotherapy and observation."), **params), mirels.SOURCE, classification=category)]


def mdt_review(case: CaseFacts, ctx: Context) -> list[Option]:
    option = Option("bone_mets_mdt_review", "offer", msg(gettext_noop(
        "Every bone metastasis case needs multidisciplinary review before any surgery.")),
        f"{sources.NICE_NG234} {katagiri.SOURCE}", must_discuss=True)
    if case.spinal_lesions is None and case.limb_lesions is None:
        option.missing += ["spinal_lesions", "limb_lesions"]
    score, missing = try_score("katagiri", score_input(case, "katagiri"), "katagiri", ctx)
    if score is None:
        option.missing += missing
    else:
        option.advice.append(msg(KATAGIRI_ADVICE[str(score["category"])],
                                 total=int(score["total"] or 0)))
    for name in ("tokuhashi", "tomita"):  # shown with the case even without spinal lesions
        if getattr(case, name) is not None and name not in ctx.scores:
            try_score(name, score_input(case, name), name, ctx)
    if case.primary is not None and case.primary not in tokuhashi.PRIMARY:
        ctx.notes.append(msg(gettext_noop(
            "Primary {primary} is not in the revised Tokuhashi list: give tokuhashi.primary "
            "(e.g. other)."), primary=case.primary))
    return [option]


SPINE = f"{sources.NICE_NG234} {sins.SOURCE} {sources.BILSKY}"
RULES = (
    Rule("bone.spine_urgent_assessment", "2.0", "Cord compression first (Frankel, Bilsky)",
         f"{sources.NICE_NG234} {sources.BILSKY}", spine.urgent_assessment),
    Rule("bone.spine_surgical_opinion", "2.0", "Stability: SINS per lesion, worst named",
         SPINE, spine.surgical_opinion),
    Rule("bone.spine_en_bloc", "2.0", "En bloc excision: Tomita, Tokuhashi, Katagiri, ECOG",
         f"{tomita.SOURCE} {tokuhashi.SOURCE} {katagiri.SOURCE}", en_bloc.en_bloc),
    Rule("bone.spine_vertebral_augmentation", "1.0", "Vertebroplasty or kyphoplasty", SPINE,
         spine.vertebral_augmentation),
    Rule("bone.spine_radiotherapy", "1.0", "Spinal radiotherapy and separation surgery",
         f"{sources.NICE_NG234} {sources.NOMS}", spine.radiotherapy),
    Rule("bone.limb", "2.0", "Limb metastasis: impending fracture (Mirels per lesion)",
         mirels.SOURCE, limb_fixation),
    Rule("bone.mdt_review", "1.1", "MDT review before surgery; prognosis (Katagiri)",
         f"{sources.NICE_NG234} {katagiri.SOURCE}", mdt_review),
)

