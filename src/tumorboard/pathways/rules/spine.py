"""Spinal metastases: cord compression first, then stability (SINS per lesion), vertebral
augmentation and radiotherapy (NICE NG234, 2023; Fisher 2010; Bilsky 2010; NOMS 2013)."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import Param, gettext_noop, msg
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context
from tumorboard.pathways.rules.spine_state import (
    SINS_OPINION,
    SINS_UNSTABLE,
    Spine,
    levels,
    spine_state,
)
from tumorboard.pathways.scores import sins

URGENT_SOURCE = f"{sources.NICE_NG234} {sources.BILSKY} {sources.FRANKEL}"
MSCC_ACTION = gettext_noop(
    "Urgent MSCC pathway whatever the SINS: contact the MSCC coordinator now, whole-spine MRI "
    "within 24 hours, and a same-day plan with the spinal surgeon and clinical oncologist."
)


def applies(case: CaseFacts) -> bool:
    """Spine options are listed for recorded spinal lesions or a neurological deficit."""
    return bool(case.spinal_lesions) or spine_state_deficit(case)


def spine_state_deficit(case: CaseFacts) -> bool:
    return case.frankel in ("A", "B", "C", "D")


def urgent_assessment(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 1: Frankel A-D or any Bilsky 2-3 lesion -> offer, urgent, must discuss."""
    if not applies(case):
        return []
    spine = spine_state(case, ctx)
    code = "spine_urgent_assessment"
    compressed = spine.compressed
    if spine.mscc:
        if spine.deficit and compressed:
            reason = msg(gettext_noop("Frankel grade {frankel} neurological deficit and Bilsky "
                                      "{bilsky} epidural compression at {levels}: metastatic "
                                      "spinal cord compression."),
                         frankel=str(spine.frankel), bilsky=str(compressed[0].bilsky),
                         levels=levels(compressed))
        elif compressed:
            reason = msg(gettext_noop("Bilsky {bilsky} epidural compression at {levels}: "
                                      "metastatic spinal cord compression."),
                         bilsky=str(compressed[0].bilsky), levels=levels(compressed))
        else:
            reason = msg(gettext_noop("Frankel grade {frankel}: neurological deficit in a "
                                      "patient with bone metastases; treat as metastatic "
                                      "spinal cord compression until proven otherwise."),
                         frankel=str(spine.frankel))
        return [Option(code, "offer", reason, URGENT_SOURCE, urgent=True, must_discuss=True,
                       advice=[msg(MSCC_ACTION)])]
    missing = [] if spine.frankel else ["frankel"]
    missing += [f"{lesion.path}.bilsky" for lesion in spine.lesions if lesion.bilsky is None]
    if missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Cord compression cannot be excluded: the Frankel grade or a lesion's Bilsky "
            "grade is not recorded.")), URGENT_SOURCE, must_discuss=True, missing=missing)]
    advice = [msg(gettext_noop("Bilsky 1c at {level}: epidural disease abutting the cord; "
                               "plan radiotherapy and watch for MSCC symptoms."),
                  level=lesion.level) for lesion in spine.lesions if lesion.bilsky == "1c"]
    return [Option(code, "not_indicated", msg(gettext_noop(
        "Frankel E and no lesion with Bilsky 2-3: no spinal cord compression now. Tell the "
        "patient the warning symptoms of MSCC and whom to call.")), URGENT_SOURCE,
        advice=advice)]


def _opinion_for_mscc(spine: Spine) -> Option:
    worst = spine.worst()
    if worst is None:
        reason = msg(gettext_noop("Spinal cord compression: spinal surgical opinion on "
                                  "decompression and stabilisation now."))
    else:
        reason = msg(gettext_noop("Spinal cord compression: spinal surgical opinion on "
                                  "decompression and stabilisation now (worst SINS {sins} at "
                                  "{level})."), sins=worst.total or 0, level=worst.level)
    return Option("spine_surgical_opinion", "offer", reason, f"{sources.NICE_NG234} {sins.SOURCE}",
                  urgent=True, must_discuss=True,
                  classification=None if worst is None else str(worst.sins["category"]))  # type: ignore[index]


def surgical_opinion(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 2: SINS per lesion; the worst lesion decides and is named."""
    if not applies(case):
        return []
    spine = spine_state(case, ctx)
    unscored = [key for lesion in spine.lesions for key in lesion.sins_missing]
    if spine.mscc:
        option = _opinion_for_mscc(spine)
        option.missing = unscored
        return [option]
    worst = spine.worst()
    code, source = "spine_surgical_opinion", sins.SOURCE
    if worst is None or (unscored and (worst.total or 0) < SINS_OPINION):
        return [Option(code, "undetermined", msg(gettext_noop(
            "SINS cannot be completed for every spinal lesion; an unscored lesion may be "
            "unstable.")), source, must_discuss=True, missing=unscored)]
    total, category = worst.total or 0, str(worst.sins["category"])  # type: ignore[index]
    params: dict[str, Param] = {"sins": total, "level": worst.level,
                                "count": len(spine.lesions)}
    if total >= SINS_OPINION:
        template = (gettext_noop("SINS {sins} at {level} (worst of {count} spinal lesions): "
                                 "unstable spine (13-18); spinal surgical opinion now.")
                    if total >= SINS_UNSTABLE else
                    gettext_noop("SINS {sins} at {level} (worst of {count} spinal lesions): "
                                 "potentially unstable (7-12); spinal surgical opinion."))
        return [Option(code, "offer", msg(template, **params), source,
                       urgent=total >= SINS_UNSTABLE, must_discuss=True, missing=unscored,
                       classification=category)]
    return [Option(code, "not_indicated", msg(gettext_noop(
        "SINS {sins} at {level} (worst of {count} spinal lesions): stable (0-6), and no cord "
        "compression; no surgical opinion needed for instability."), **params), source,
        classification=category)]


def _augmentation_candidate(lesion_pain: object, collapse: object) -> bool:
    # NICE (CG75 2008, kept in NG234 2023): mechanical pain or vertebral body collapse.
    return lesion_pain == "mechanical" or collapse in ("under_50", "over_50")


def vertebral_augmentation(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 4: painful or collapsed vertebra without MSCC or instability (SINS <= 12)."""
    if not case.spinal_lesions:
        return []
    spine = spine_state(case, ctx)
    code, source = "spine_vertebral_augmentation", f"{sources.NICE_NG234} {sins.SOURCE}"
    if spine.mscc:
        return [Option(code, "not_indicated", msg(gettext_noop(
            "Spinal cord compression: decompression and radiotherapy come first; vertebral "
            "augmentation is for painful collapse without compression or instability.")),
            source)]
    candidates, unknown, unstable = [], [], []
    for lesion in spine.lesions:
        wanted = _augmentation_candidate(lesion.inputs.get("pain"), lesion.inputs.get("collapse"))
        if lesion.bilsky is None or lesion.sins is None:
            unknown += ([f"{lesion.path}.bilsky"] if lesion.bilsky is None else [])
            unknown += lesion.sins_missing
        elif wanted and (lesion.total or 0) >= SINS_UNSTABLE:
            unstable.append(lesion)
        elif wanted:
            candidates.append(lesion)
    missing = unknown + ([] if spine.frankel else ["frankel"])
    if candidates:
        return [Option(code, "consider", msg(gettext_noop(
            "Mechanical pain or vertebral collapse at {levels} without cord compression or "
            "instability (SINS 12 or less): consider vertebroplasty or kyphoplasty, agreed by "
            "oncologist, interventional radiologist and spinal surgeon."),
            levels=levels(candidates)), source, must_discuss=True, missing=missing)]
    if missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Pain, collapse, SINS or Bilsky grade not recorded for every spinal lesion.")),
            source, missing=missing)]
    if unstable:
        return [Option(code, "not_indicated", msg(gettext_noop(
            "Collapse at {levels} with an unstable spine (SINS 13 or more): stabilisation, not "
            "augmentation alone."), levels=levels(unstable)), source)]
    return [Option(code, "not_indicated", msg(gettext_noop(
        "No spinal lesion with mechanical pain or vertebral body collapse.")), source)]


def radiotherapy(case: CaseFacts, ctx: Context) -> list[Option]:
    if not applies(case):
        return []
    spine = spine_state(case, ctx)
    code, source = "spine_radiotherapy", f"{sources.NICE_NG234} {sources.NOMS}"
    if spine.mscc:
        return [Option(code, "offer", msg(gettext_noop(
            "Spinal cord compression: radiotherapy is part of definitive treatment, after "
            "decompression or separation surgery, or alone when surgery is not suitable.")),
            source, urgent=True, must_discuss=True, advice=[msg(gettext_noop(
                "High-grade epidural compression from a radioresistant tumour: separation "
                "surgery followed by stereotactic radiotherapy (NOMS)."))])]
    return [Option(code, "consider", msg(gettext_noop(
        "Spinal metastases at {levels}: radiotherapy for pain and local control (conventional, "
        "or stereotactic for oligometastatic or radioresistant disease)."),
        levels=levels(spine.lesions)), source, must_discuss=True)]
