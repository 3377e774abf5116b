"""Sarcoma: reference-centre referral and biopsy first, limb salvage by default, isolated
limb perfusion beside amputation, flap reconstruction and radiotherapy."""

from __future__ import annotations

from collections.abc import Callable

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context, Rule, missing_of

UNRECONSTRUCTABLE = "encasement_unreconstructable"
NEUROVASCULAR_ADVICE = {
    "abutment": gettext_noop("Major vessels or nerves abut the tumour: plan dissection in the "
                             "adventitial or epineural plane."),
    "encasement_reconstructable": gettext_noop("Major vessels encased but reconstructable: plan "
                                               "resection with vascular reconstruction."),
}
HUVOS = {
    "I": gettext_noop("Huvos grade I after neoadjuvant chemotherapy: little or no tumour "
                      "necrosis (poor response)."),
    "II": gettext_noop("Huvos grade II after neoadjuvant chemotherapy: 50-89% tumour necrosis "
                       "(poor response)."),
    "III": gettext_noop("Huvos grade III after neoadjuvant chemotherapy: 90-99% tumour necrosis "
                        "(good response)."),
    "IV": gettext_noop("Huvos grade IV after neoadjuvant chemotherapy: no viable tumour (good "
                       "response)."),
}
Trigger = tuple[str, Callable[[CaseFacts], bool | None]]
RADIOTHERAPY_TRIGGERS: tuple[Trigger, ...] = (
    ("depth", lambda c: None if c.depth is None else c.depth == "deep"),
    ("size_cm", lambda c: None if c.size_cm is None else c.size_cm > 5),
    ("fnclcc_grade", lambda c: None if c.fnclcc_grade is None else c.fnclcc_grade >= 2),
)


def centre_referral(case: CaseFacts, ctx: Context) -> list[Option]:
    if case.huvos_grade is not None:
        ctx.notes.append(msg(HUVOS[case.huvos_grade]))
    return [Option("sarcoma_centre_referral", "offer", msg(gettext_noop(
        "Sarcoma: refer to a sarcoma reference centre before any surgery; core-needle biopsy "
        "first, planned by the team that will operate so the tract can be excised.")),
        sources.ESMO_STS, must_discuss=True)]


def limb_salvage(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 10: amputation never appears alone; limb salvage and isolated limb perfusion
    (soft-tissue sarcoma) are listed beside it."""
    if case.limb is None:
        return [Option("limb_salvage", "undetermined", msg(gettext_noop(
            "Not recorded whether the sarcoma is in a limb.")), sources.ESMO_STS,
            must_discuss=True, missing=["limb"])]
    if not case.limb:
        ctx.notes.append(msg(gettext_noop("Trunk sarcoma: limb salvage does not apply.")))
        return []
    involvement = case.major_neurovascular_involvement
    advice = [msg(NEUROVASCULAR_ADVICE[involvement])] if involvement in NEUROVASCULAR_ADVICE else []
    if case.huvos_grade is not None:
        advice.append(msg(HUVOS[case.huvos_grade]))
    source = f"{sources.ROSENBERG} {sources.ESMO_STS}"
    if involvement != UNRECONSTRUCTABLE:
        return [Option("limb_salvage", "offer", msg(gettext_noop(
            "Limb sarcoma: limb-sparing resection with clear margins is the standard; "
            "amputation needs a recorded reason.")), source, must_discuss=True,
            missing=missing_of(case, "major_neurovascular_involvement"), advice=advice)]
    options = [
        Option("limb_salvage", "discuss", msg(gettext_noop(
            "Major neurovascular bundle encased and not reconstructable: limb salvage is in "
            "doubt; the reference-centre MDT must decide before amputation.")), source,
            must_discuss=True, advice=advice),
        Option("sarcoma_amputation", "discuss", msg(gettext_noop(
            "Unreconstructable encasement may need amputation; discuss it only beside the "
            "limb-keeping options.")), source, must_discuss=True),
    ]
    if not case.bone_sarcoma:
        options.append(Option("isolated_limb_infusion", "discuss", msg(gettext_noop(
            "Limb soft-tissue sarcoma that would otherwise need amputation: isolated limb "
            "perfusion (TNF-alpha and melphalan) may shrink it enough to keep the limb.")),
            f"{sources.EGGERMONT_ILP} {sources.ESMO_STS}", must_discuss=True))
    return options


def flap_reconstruction(case: CaseFacts, _: Context) -> list[Option]:
    code = "sarcoma_flap_reconstruction"
    if case.expected_defect_large is None:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Expected defect size not recorded.")), sources.ESMO_STS,
            missing=["expected_defect_large"])]
    if not case.expected_defect_large:
        return []
    return [Option(code, "offer", msg(gettext_noop(
        "Large defect expected after resection: plan flap reconstruction with plastic surgery "
        "before resection.")), sources.ESMO_STS, must_discuss=True)]


def radiotherapy(case: CaseFacts, ctx: Context) -> list[Option]:
    if case.bone_sarcoma:
        return []
    code, source = "sarcoma_radiotherapy", f"{sources.ESMO_STS} {sources.OSULLIVAN}"
    present = [check(case) for _, check in RADIOTHERAPY_TRIGGERS]
    missing = [name for (name, _), value in zip(RADIOTHERAPY_TRIGGERS, present, strict=True)
               if value is None]
    if any(present):
        return [Option(code, "discuss", msg(gettext_noop(
            "Deep, larger than 5 cm or high-grade (FNCLCC 2-3) soft-tissue sarcoma: pre- or "
            "post-operative radiotherapy (or brachytherapy) to be discussed; pre-operative "
            "radiotherapy raises wound complications, so plan it with the reconstruction.")),
            source, must_discuss=True, missing=missing)]
    if missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Depth, size or grade not recorded.")), source, missing=missing)]
    ctx.notes.append(msg(gettext_noop("Superficial, 5 cm or smaller and grade 1: radiotherapy "
                                      "not routinely indicated.")))
    return []


RULES = (
    Rule("sarcoma.centre_referral", "1.0", "Reference centre and biopsy first", sources.ESMO_STS,
         centre_referral),
    Rule("sarcoma.limb_salvage", "2.0", "Limb salvage by default; limb perfusion beside amputation",
         f"{sources.ROSENBERG} {sources.ESMO_STS} {sources.EGGERMONT_ILP}", limb_salvage),
    Rule("sarcoma.flap_reconstruction", "1.0", "Flap reconstruction of large defects",
         sources.ESMO_STS, flap_reconstruction),
    Rule("sarcoma.radiotherapy", "1.0", "Radiotherapy for deep, large or high-grade sarcoma",
         f"{sources.ESMO_STS} {sources.OSULLIVAN}", radiotherapy),
)
