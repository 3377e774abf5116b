"""Melanoma: sentinel node biopsy by AJCC 8th T category for clinically node-negative
disease, and isolated limb infusion/perfusion for in-transit limb disease."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, Option, Status
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.registry import compute
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context, Rule, fitness_advice, missing_of
from tumorboard.pathways.scores import melanoma

STATUS: dict[str, Status] = {"offer": "offer", "consider": "consider",
                             "not_recommended": "not_indicated"}
REASONS = {
    "offer": gettext_noop("{t} melanoma (T2a or higher), clinically node-negative: discuss and "
                          "offer sentinel lymph node biopsy."),
    "consider": gettext_noop("{t} melanoma: discuss and consider sentinel lymph node biopsy."),
    "not_recommended": gettext_noop("{t} melanoma without adverse features: sentinel lymph node "
                                    "biopsy is not recommended (age alone does not change "
                                    "this)."),
}
T1A_FEATURES = ("mitotic_rate_per_mm2", "lymphovascular_invasion", "deep_margin_positive")
SLNB_SOURCE = f"{melanoma.SOURCE} {sources.NCCN_MELANOMA}"


def slnb(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 9: by T category; clinically node-positive disease goes to therapeutic
    management, and young age alone never raises it."""
    code = "melanoma_slnb"
    if case.clinically_node_positive:
        return [Option(code, "not_indicated", msg(gettext_noop(
            "Clinically node-positive: sentinel node biopsy does not apply; confirm by needle "
            "biopsy and plan therapeutic management (node dissection or systemic therapy).")),
            SLNB_SOURCE, must_discuss=True)]
    missing = missing_of(case, "breslow_mm", "ulceration")
    if missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Breslow thickness or ulceration not recorded.")), SLNB_SOURCE, must_discuss=True,
            missing=missing + missing_of(case, "clinically_node_positive"))]
    names = ("breslow_mm", "ulceration", *T1A_FEATURES)
    data = {name: getattr(case, name) for name in names if getattr(case, name) is not None}
    result = compute("melanoma_slnb", data)
    ctx.scores["melanoma_slnb"] = result
    t_category, category = str(result["t_category"]), str(result["category"])
    missing = missing_of(case, "clinically_node_positive")
    if t_category == "T1a":
        missing += missing_of(case, *T1A_FEATURES)
    advice = fitness_advice(case)
    if case.deep_margin_positive:
        advice.append(msg(gettext_noop("Deep margin positive: wide local excision to clear it; "
                                       "the thickness may be understaged.")))
    status = STATUS[category]
    return [Option(code, status, msg(REASONS[category], t=t_category), SLNB_SOURCE,
                   must_discuss=status != "not_indicated", missing=missing,
                   classification=t_category, advice=advice)]


def limb_infusion(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 10: in-transit metastases on a limb raise isolated limb infusion/perfusion."""
    code = "isolated_limb_infusion"
    if case.in_transit_metastases is False or case.limb is False:
        if case.in_transit_metastases and case.limb is False:
            ctx.notes.append(msg(gettext_noop("In-transit metastases outside a limb: isolated "
                                              "limb infusion does not apply.")))
        return []
    if case.in_transit_metastases is None or case.limb is None:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Whether the primary is on a limb and has in-transit metastases is not recorded.")),
            sources.ILI_MELANOMA, missing=missing_of(case, "limb", "in_transit_metastases"))]
    return [Option(code, "discuss", msg(gettext_noop(
        "In-transit metastases on a limb: isolated limb infusion or perfusion is a "
        "limb-keeping regional option, beside intralesional and systemic therapy.")),
        sources.ILI_MELANOMA, must_discuss=True, advice=fitness_advice(case))]


RULES = (
    Rule("melanoma.slnb", "2.0", "SLNB by AJCC 8th T category, clinically node-negative",
         SLNB_SOURCE, slnb),
    Rule("melanoma.limb_infusion", "1.0", "Isolated limb infusion for in-transit limb disease",
         sources.ILI_MELANOMA, limb_infusion),
)
