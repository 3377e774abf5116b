"""Rectum: sphincter preservation for low rectal cancer (Rullier classification)."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.rules.common import Context, Rule, missing_of

RULLIER = (
    "Rullier E, Denost Q, Vendrely V, Rullier A, Laurent C. Low rectal cancer: "
    "classification and standardization of surgery. Dis Colon Rectum. 2013;56(5):560-567."
)
ESMO = (
    "Glynne-Jones R, Wyrwicz L, Tiret E, et al. Rectal cancer: ESMO Clinical Practice "
    "Guidelines for diagnosis, treatment and follow-up. Ann Oncol. 2017;28(suppl 4):iv22-iv40."
)
HABR_GAMA = (
    "Habr-Gama A, Perez RO, Nadalin W, et al. Operative versus nonoperative treatment for "
    "stage 0 distal rectal cancer following chemoradiation therapy: long-term results. "
    "Ann Surg. 2004;240(4):711-718."
)

LOW_TUMOUR_CM = 5.0  # within 5 cm of the anal verge: preservation must be discussed
RING_MARGIN_CM = 1.0  # Rullier: type I lies more than 1 cm above the anorectal ring

# Rullier type -> (description, standard operation)
RULLIER_TYPES = {
    "I": ("supra-anal, more than 1 cm above the anorectal ring",
          "low anterior resection with coloanal anastomosis"),
    "II": ("juxta-anal, within 1 cm of the anorectal ring", "partial intersphincteric resection"),
    "III": ("intra-anal, internal sphincter invaded", "total intersphincteric resection"),
    "IV": ("trans-anal, external sphincter or levator invaded", "abdominoperineal resection"),
}

CONTINENCE_AGAINST = {
    "poor": "poor baseline continence",
    "impaired": "impaired baseline continence (counsel on expected bowel function)",
}


def rullier_type(case: CaseFacts) -> tuple[str | None, list[str]]:
    """(Rullier type, fields needed to decide it); type is None while anything is missing."""
    if case.external_sphincter_or_levator_invaded:
        return "IV", []
    missing = missing_of(case, "external_sphincter_or_levator_invaded")
    if case.internal_sphincter_invaded:
        return (None, missing) if missing else ("III", [])
    missing += missing_of(case, "internal_sphincter_invaded", "distance_from_anorectal_ring_cm")
    if missing or case.distance_from_anorectal_ring_cm is None:
        return None, missing
    return ("I" if case.distance_from_anorectal_ring_cm > RING_MARGIN_CM else "II"), []


def reasons_against(case: CaseFacts) -> list[str]:
    reasons = []
    if case.baseline_continence in CONTINENCE_AGAINST:
        reasons.append(CONTINENCE_AGAINST[case.baseline_continence])
    if case.patient_preference_against_preservation:
        reasons.append("patient preference against sphincter preservation recorded")
    return reasons


def preservation_advice(case: CaseFacts, kind: str | None) -> list[str]:
    advice = []
    if kind is not None:
        description, operation = RULLIER_TYPES[kind]
        advice.append(f"Rullier type {kind} ({description}): {operation}.")
    if case.site_offers_sphincter_preservation is False:
        advice.append("This site does not offer ultra-low sphincter-preserving surgery: "
                      "refer to a specialist centre for an opinion.")
    if case.mesorectal_fascia_involved:
        advice.append("Mesorectal fascia involved: neoadjuvant treatment before surgery to "
                      "secure the circumferential margin.")
    return advice


def sphincter_preservation(case: CaseFacts, _: Context) -> list[Option]:
    code, title = "rectal_sphincter_preservation", "Sphincter preservation"
    kind, kind_missing = rullier_type(case)
    distance = case.distance_from_anal_verge_cm
    if kind == "IV":
        return [Option(
            code, title, "not_indicated",
            "External sphincter or levator invaded (Rullier type IV): abdominoperineal "
            "resection is the standard; sphincter preservation is not an option.",
            classification="IV", advice=[f"Rullier type IV: {RULLIER_TYPES['IV'][1]}."],
        )]
    if distance is None:
        return [Option(code, title, "undetermined", "Distance from the anal verge not recorded.",
                       must_discuss=True, missing=["distance_from_anal_verge_cm", *kind_missing])]
    if distance > LOW_TUMOUR_CM:
        return [Option(code, title, "offer",
                       "Tumour more than 5 cm from the anal verge: sphincter-preserving "
                       "resection is the usual approach.", classification=kind)]
    missing = kind_missing + missing_of(
        case, "baseline_continence", "patient_preference_against_preservation",
        "site_offers_sphincter_preservation",
    )
    return [Option(
        code, title, "discuss",
        "Tumour within 5 cm of the anal verge without recorded external sphincter or levator "
        "invasion: sphincter preservation to be discussed.",
        must_discuss=True, missing=missing, reasons_against=reasons_against(case),
        advice=preservation_advice(case, kind), classification=kind,
    )]


def watch_and_wait(case: CaseFacts, _: Context) -> list[Option]:
    if case.neoadjuvant_response != "complete":
        return []
    return [Option(
        "rectal_watch_and_wait", "Watch and wait", "consider",
        "Clinical complete response after neoadjuvant therapy: organ preservation with "
        "intensive surveillance may be discussed.",
        must_discuss=True,
    )]


RULES = (
    Rule("rectum.sphincter_preservation", "1.0", "Sphincter preservation for low rectal cancer",
         f"{RULLIER} {ESMO}", sphincter_preservation),
    Rule("rectum.watch_and_wait", "1.0", "Organ preservation after clinical complete response",
         HABR_GAMA, watch_and_wait),
)
