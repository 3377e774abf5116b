"""Rectal organ preservation: watch-and-wait after a clinical complete response (IWWD,
Lancet 2018; OPRA, JCO 2022), re-assessment after a near-complete one, local excision."""

from __future__ import annotations

from tumorboard.pathways import tnm
from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context
from tumorboard.pathways.rules.rullier import rullier_type

WW_SOURCE = f"{sources.IWWD} {sources.OPRA} {sources.NCCN_RECTAL}"
LE_SOURCE = f"{sources.ESMO_RECTAL} {sources.NCCN_RECTAL}"
SURVEILLANCE = gettext_noop(
    "Surveillance: MRI, endoscopy and CEA every 3-4 months for the first 2 years; about one "
    "in four regrows locally, mostly within 2 years, and most regrowths can be salvaged.")


def _complete(case: CaseFacts) -> Option:
    code = "rectal_watch_and_wait"
    kind = rullier_type(case)[0]
    advice = [msg(SURVEILLANCE)]
    if case.patient_preference_against_preservation:
        return Option(code, "discuss", msg(gettext_noop(
            "Clinical complete response, but the patient prefers surgery: discuss "
            "watch-and-wait and confirm an informed choice.")), WW_SOURCE, must_discuss=True,
            advice=advice)
    if kind == "IV":
        reason = msg(gettext_noop(
            "Clinical complete response after neoadjuvant therapy: offer watch-and-wait; for "
            "this Rullier type IV tumour it avoids abdominoperineal resection and a permanent "
            "stoma."))
    else:
        reason = msg(gettext_noop(
            "Clinical complete response after neoadjuvant therapy: offer watch-and-wait "
            "(organ preservation) with intensive surveillance."))
    return Option(code, "offer", reason, WW_SOURCE, must_discuss=True, advice=advice,
                  classification=kind)


def watch_and_wait(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 8: complete -> offer whatever the Rullier type; near-complete -> consider with
    re-assessment; therapy recorded without a response -> response missing."""
    code = "rectal_watch_and_wait"
    response, therapy = case.neoadjuvant_response, case.neoadjuvant_therapy
    if response == "complete":
        return [_complete(case)]
    if response == "near_complete":
        return [Option(code, "consider", msg(gettext_noop(
            "Near-complete response: re-assess with MRI and endoscopy after a further 6-12 "
            "weeks; watch-and-wait if the response becomes complete, local excision of a small "
            "residual otherwise.")), WW_SOURCE, must_discuss=True)]
    if response == "incomplete":
        return [Option(code, "not_indicated", msg(gettext_noop(
            "Incomplete response to neoadjuvant therapy: proceed to surgery; watch-and-wait is "
            "not indicated.")), WW_SOURCE)]
    if therapy is None:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Neoadjuvant therapy not recorded: organ preservation cannot be assessed.")),
            WW_SOURCE, missing=["neoadjuvant_therapy"])]
    if therapy != "none":
        return [Option(code, "undetermined", msg(gettext_noop(
            "Neoadjuvant therapy recorded without its response: record the clinical response "
            "(complete, near-complete or incomplete).")), WW_SOURCE, must_discuss=True,
            missing=["neoadjuvant_response"])]
    kind = rullier_type(case)[0]
    if kind in ("II", "III", "IV"):
        return [Option(code, "consider", msg(gettext_noop(
            "Low tumour (Rullier type {type}) without neoadjuvant therapy: if the patient wants "
            "organ preservation, total neoadjuvant therapy aiming for a complete response can "
            "be discussed."), type=kind), WW_SOURCE, must_discuss=True, classification=kind)]
    return []


def local_excision(case: CaseFacts, _: Context) -> list[Option]:
    code = "rectal_local_excision"
    t = tnm.category("clinical_t", case.clinical_t)
    n = tnm.category("clinical_n", case.clinical_n)
    if case.neoadjuvant_response == "near_complete":
        return [Option(code, "consider", msg(gettext_noop(
            "Near-complete response: local excision of a small residual scar may be considered "
            "after re-assessment.")), LE_SOURCE, must_discuss=True)]
    if t is None or n is None or t == "X" or n == "X":
        return [Option(code, "undetermined", msg(gettext_noop(
            "Clinical T and N category not recorded: local excision cannot be assessed.")),
            LE_SOURCE, missing=[k for k, v in (("clinical_t", t), ("clinical_n", n))
                                if v in (None, "X")])]
    if t in ("1", "is") and n == "0":
        return [Option(code, "consider", msg(gettext_noop(
            "cT1 cN0: local excision (transanal endoscopic surgery) may be considered when MRI "
            "and endoscopy show no adverse features; completion TME if the specimen is "
            "high-risk.")), LE_SOURCE, must_discuss=True)]
    return [Option(code, "not_indicated", msg(gettext_noop(
        "cT{t} cN{n}: local excision alone is not indicated (risk of nodal or residual "
        "disease)."), t=t, n=n), LE_SOURCE)]
