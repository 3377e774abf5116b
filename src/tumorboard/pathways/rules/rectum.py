"""Rectum: sphincter preservation by Rullier type, high-risk features that call for
neoadjuvant therapy, organ preservation after response, local excision for cT1N0."""

from __future__ import annotations

from tumorboard.pathways import tnm
from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import Message, gettext_noop, msg
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context, Rule, fitness_advice, missing_of
from tumorboard.pathways.rules.organ import local_excision, watch_and_wait
from tumorboard.pathways.rules.rullier import rullier_type

PRESERVATION_SOURCE = f"{sources.RULLIER} {sources.ESMO_RECTAL} {sources.NCCN_RECTAL}"
UPPER_RECTUM_CM = 10.0  # 10-15 cm from the verge: upper rectum, far above the ring
OPERATIONS = {
    "I": gettext_noop("Rullier type I (lower edge {ring} cm above the anorectal ring): sphincter "
                      "preservation by low anterior resection with coloanal anastomosis."),
    "II": gettext_noop("Rullier type II (lower edge {ring} cm from the anorectal ring, within "
                       "1 cm): sphincter preservation by partial intersphincteric resection."),
    "III": gettext_noop("Rullier type III (internal sphincter invaded): sphincter preservation "
                        "by total intersphincteric resection."),
}
HIGH_RISK = (
    ("clinical_t", gettext_noop("cT4 disease: neoadjuvant therapy before surgery.")),
    ("mesorectal_fascia_involved", gettext_noop(
        "Mesorectal fascia involved (threatened margin): neoadjuvant therapy before surgery.")),
    ("emvi", gettext_noop("Extramural venous invasion: neoadjuvant therapy to be discussed.")),
    ("lateral_lymph_nodes", gettext_noop(
        "Lateral lymph nodes involved: neoadjuvant chemoradiotherapy, and lateral node "
        "dissection to be discussed.")),
)


def high_risk_advice(case: CaseFacts) -> list[Message]:
    """ESMO 2017/2018 and NCCN: cT4, MRF+, EMVI+ or lateral nodes call for neoadjuvant therapy."""
    present = {
        "clinical_t": tnm.category("clinical_t", case.clinical_t) == "4",
        "mesorectal_fascia_involved": bool(case.mesorectal_fascia_involved),
        "emvi": bool(case.emvi),
        "lateral_lymph_nodes": bool(case.lateral_lymph_nodes),
    }
    return [msg(text) for name, text in HIGH_RISK if present[name]]


def _advice(case: CaseFacts) -> list[Message]:
    advice = high_risk_advice(case)
    if advice and case.neoadjuvant_therapy == "none":
        advice.append(msg(gettext_noop("High-risk features but no neoadjuvant therapy recorded: "
                                       "confirm this was an MDT decision.")))
    if case.distance_from_anal_verge_cm is not None:
        advice.append(msg(gettext_noop(
            "The anal-verge distance ({verge} cm) does not set the Rullier type: anal canal "
            "length varies; the anorectal ring does."), verge=case.distance_from_anal_verge_cm))
    if case.baseline_continence == "impaired":
        advice.append(msg(gettext_noop("Impaired baseline continence: counsel on low anterior "
                                       "resection syndrome and expected bowel function.")))
    if case.site_offers_sphincter_preservation is False:
        advice.append(msg(gettext_noop("This site does not offer ultra-low sphincter-preserving "
                                       "surgery: refer to a specialist centre for an opinion.")))
    return advice + fitness_advice(case)


def _not_typed(case: CaseFacts, missing: list[str]) -> Option:
    code = "rectal_sphincter_preservation"
    verge = case.distance_from_anal_verge_cm
    if verge is not None and verge >= UPPER_RECTUM_CM:
        return Option(code, "offer", msg(gettext_noop(
            "Upper rectal tumour ({verge} cm from the anal verge): sphincter-preserving "
            "resection is the standard."), verge=verge), PRESERVATION_SOURCE,
            advice=high_risk_advice(case))
    return Option(code, "undetermined", msg(gettext_noop(
        "Rullier type unknown: record the distance from the anorectal ring and whether the "
        "internal or external sphincter (or levator) is invaded.")), PRESERVATION_SOURCE,
        must_discuss=True, missing=missing)


def sphincter_preservation(case: CaseFacts, _: Context) -> list[Option]:
    """Rule 7: Rullier I-III -> offer (discuss with poor continence or preference); IV ->
    not_indicated with the reason."""
    code = "rectal_sphincter_preservation"
    kind, missing = rullier_type(case)
    if kind is None:
        return [_not_typed(case, missing)]
    if kind == "IV":
        return [Option(code, "not_indicated", msg(gettext_noop(
            "External sphincter or levator invaded (Rullier type IV): abdominoperineal "
            "resection is the standard operation, so sphincter preservation is not indicated. "
            "Organ preservation (watch-and-wait) stays open after a clinical complete "
            "response.")), PRESERVATION_SOURCE, must_discuss=True, classification="IV",
            advice=high_risk_advice(case))]
    ring = case.distance_from_anorectal_ring_cm
    params: dict[str, str | int | float] = {"type": kind, "ring": "-" if ring is None else ring}
    extra = missing_of(case, "baseline_continence")
    if case.baseline_continence == "poor":
        reason = msg(gettext_noop("Rullier type {type}: sphincter preservation is technically "
                                  "possible, but baseline continence is poor; the MDT must "
                                  "decide with the patient (a stoma may serve better)."), **params)
        status = "discuss"
    elif case.patient_preference_against_preservation:
        reason = msg(gettext_noop("Rullier type {type}: sphincter preservation is technically "
                                  "possible, but the patient prefers not to; confirm an "
                                  "informed choice."), **params)
        status = "discuss"
    else:
        reason, status = msg(OPERATIONS[kind], **params), "offer"
    return [Option(code, status, reason, PRESERVATION_SOURCE,  # type: ignore[arg-type]
                   must_discuss=True, missing=extra, classification=kind, advice=_advice(case))]


RULES = (
    Rule("rectum.sphincter_preservation", "2.0", "Sphincter preservation by Rullier type",
         PRESERVATION_SOURCE, sphincter_preservation),
    Rule("rectum.watch_and_wait", "2.0", "Organ preservation after neoadjuvant response",
         f"{sources.IWWD} {sources.OPRA}", watch_and_wait),
    Rule("rectum.local_excision", "1.0", "Local excision for cT1N0 or small residual",
         f"{sources.ESMO_RECTAL} {sources.NCCN_RECTAL}", local_excision),
)
