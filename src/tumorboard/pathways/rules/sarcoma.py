"""Sarcoma: limb salvage, flap reconstruction and radiotherapy."""

from __future__ import annotations

from collections.abc import Callable

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.rules.common import Context, Rule, missing_of

ROSENBERG = (
    "Rosenberg SA, Tepper J, Glatstein E, et al. The treatment of soft-tissue sarcomas of the "
    "extremities: prospective randomized evaluations of (1) limb-sparing surgery plus "
    "radiation therapy compared with amputation and (2) the role of adjuvant chemotherapy. "
    "Ann Surg. 1982;196(3):305-315."
)
ESMO = (
    "Gronchi A, Miah AB, Dei Tos AP, et al. Soft tissue and visceral sarcomas: "
    "ESMO-EURACAN-GENTURIS Clinical Practice Guidelines for diagnosis, treatment and "
    "follow-up. Ann Oncol. 2021;32(11):1348-1365."
)
OSULLIVAN = (
    "O'Sullivan B, Davis AM, Turcotte R, et al. Preoperative versus postoperative radiotherapy "
    "in soft-tissue sarcoma of the limbs: a randomised trial. Lancet. 2002;359(9325):2235-2241."
)

NEUROVASCULAR_ADVICE = {
    "none": "",
    "abutting": "Major vessels or nerves abut the tumour: plan dissection in the "
                "adventitial or epineural plane.",
    "encased_reconstructable": "Major vessels encased but reconstructable: plan resection "
                               "with vascular reconstruction.",
    "encased_unreconstructable": "Major neurovascular bundle encased and not reconstructable.",
}

# (case field, label, predicate -> True/False, or None when not recorded)
Trigger = tuple[str, str, Callable[[CaseFacts], bool | None]]
RADIOTHERAPY_TRIGGERS: tuple[Trigger, ...] = (
    ("depth", "deep", lambda c: None if c.depth is None else c.depth == "deep"),
    ("size_cm", "larger than 5 cm", lambda c: None if c.size_cm is None else c.size_cm > 5),
    ("fnclcc_grade", "high grade (FNCLCC 2-3)",
     lambda c: None if c.fnclcc_grade is None else c.fnclcc_grade >= 2),
)
RADIOTHERAPY_ADVICE = (
    "Pre-operative or post-operative external-beam radiotherapy, or brachytherapy; "
    "pre-operative radiotherapy raises wound complications, so plan it with the "
    "reconstruction."
)


def limb_salvage(case: CaseFacts, ctx: Context) -> list[Option]:
    if case.limb is None:
        return [Option("limb_salvage", "Limb salvage", "undetermined",
                       "Not recorded whether the sarcoma is in a limb.", must_discuss=True,
                       missing=["limb"])]
    if not case.limb:
        ctx.notes.append("Trunk sarcoma: limb salvage does not apply.")
        return []
    involvement = case.major_neurovascular_involvement
    advice = [text for text in [NEUROVASCULAR_ADVICE.get(involvement or "", "")] if text]
    unreconstructable = involvement == "encased_unreconstructable"
    salvage = Option(
        "limb_salvage", "Limb salvage", "discuss" if unreconstructable else "offer",
        "Limb salvage is the default for a limb sarcoma; amputation needs a recorded reason.",
        must_discuss=True, missing=missing_of(case, "major_neurovascular_involvement"),
        reasons_against=["unreconstructable major neurovascular involvement"]
        if unreconstructable else [],
        advice=advice,
    )
    options = [salvage]
    if unreconstructable or case.amputation_reason is not None:
        options.append(Option(
            "sarcoma_amputation", "Amputation", "consider",
            f"Recorded reason: {case.amputation_reason}" if case.amputation_reason
            else "Unreconstructable neurovascular involvement: amputation may be considered; "
                 "a recorded reason is required.",
            must_discuss=True, missing=missing_of(case, "amputation_reason"),
        ))
    return options


def flap_reconstruction(case: CaseFacts, _: Context) -> list[Option]:
    code, title = "sarcoma_flap_reconstruction", "Flap reconstruction"
    if case.expected_defect_large is None:
        return [Option(code, title, "undetermined", "Expected defect size not recorded.",
                       missing=["expected_defect_large"])]
    if not case.expected_defect_large:
        return []
    return [Option(
        code, title, "offer", "Large defect expected after resection: plan flap reconstruction.",
        must_discuss=True,
        advice=["Involve plastic surgery before resection (pedicled or free flap)."],
    )]


def radiotherapy(case: CaseFacts, ctx: Context) -> list[Option]:
    code, title = "sarcoma_radiotherapy", "Radiotherapy (external beam or brachytherapy)"
    present = [label for _, label, check in RADIOTHERAPY_TRIGGERS if check(case)]
    missing = [name for name, _, check in RADIOTHERAPY_TRIGGERS if check(case) is None]
    if present:
        return [Option(code, title, "discuss",
                       "Radiotherapy to be discussed: " + ", ".join(present) + ".",
                       must_discuss=True, missing=missing, advice=[RADIOTHERAPY_ADVICE])]
    if missing:
        return [Option(code, title, "undetermined", "Depth, size or grade not recorded.",
                       missing=missing)]
    ctx.notes.append("Superficial, 5 cm or smaller and grade 1: radiotherapy not routinely "
                     "indicated.")
    return []


RULES = (
    Rule("sarcoma.limb_salvage", "1.0", "Limb salvage by default", f"{ROSENBERG} {ESMO}",
         limb_salvage),
    Rule("sarcoma.flap_reconstruction", "1.0", "Flap reconstruction of large defects", ESMO,
         flap_reconstruction),
    Rule("sarcoma.radiotherapy", "1.0", "Radiotherapy for deep, large or high-grade sarcoma",
         f"{ESMO} {OSULLIVAN}", radiotherapy),
)
