"""Breast: immediate and delayed reconstruction after mastectomy (NICE NG101 2018/2023) and
breast conservation before accepting mastectomy."""

from __future__ import annotations

from tumorboard.pathways import tnm
from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import Message, gettext_noop, msg
from tumorboard.pathways.rules import sources
from tumorboard.pathways.rules.common import Context, Rule, fitness_advice, missing_of

RECON_SOURCE = f"{sources.NICE_NG101} {sources.NCCN_BREAST}"
BCS_SIZE_MM = 50  # T2 upper limit: the contract's threshold for raising conservation
TECHNIQUES = gettext_noop(
    "Explain implant-based and autologous (e.g. DIEP, latissimus dorsi) reconstruction, "
    "including options not available locally.")
PMRT = gettext_noop(
    "Post-mastectomy radiotherapy expected: it changes timing and technique, not the offer; "
    "implants fail more often after radiotherapy, so discuss delayed-immediate or autologous "
    "reconstruction.")
PRIOR_RT = gettext_noop(
    "Prior chest-wall radiotherapy: implant-only reconstruction in an irradiated field has "
    "high complication and failure rates; autologous tissue is preferred.")
RISKS = {
    "smoking": gettext_noop("Current smoking raises reconstruction complications: advise "
                            "stopping before surgery."),
    "bmi": gettext_noop("BMI {bmi} (30 or more) raises reconstruction complications."),
    "diabetes": gettext_noop("Diabetes raises reconstruction complications."),
}


def risk_advice(case: CaseFacts) -> list[Message]:
    """Risk factors counsel and optimise; alone they never rule reconstruction out."""
    advice = []
    if case.smoking:
        advice.append(msg(RISKS["smoking"]))
    if case.bmi is not None and case.bmi >= 30:
        advice.append(msg(RISKS["bmi"], bmi=case.bmi))
    if case.diabetes:
        advice.append(msg(RISKS["diabetes"]))
    return advice


def _immediate(case: CaseFacts, missing: list[str]) -> Option:
    code = "breast_immediate_reconstruction"
    advice = [msg(TECHNIQUES), *risk_advice(case)]
    if case.radiotherapy_expected_after_mastectomy:
        advice.append(msg(PMRT))
    if case.prior_chest_wall_radiotherapy:
        advice.append(msg(PRIOR_RT))
    if tnm.full("clinical_t", case.clinical_t) == "4d":
        return Option(code, "not_indicated", msg(gettext_noop(
            "Inflammatory breast cancer (cT4d): immediate reconstruction is not recommended; "
            "it can compromise and delay post-mastectomy radiotherapy. Offer delayed "
            "reconstruction.")), RECON_SOURCE, must_discuss=True, missing=missing)
    if case.clinical_t is None:
        return Option(code, "undetermined", msg(gettext_noop(
            "Clinical T category not recorded: inflammatory cancer (cT4d), which rules out "
            "immediate reconstruction, cannot be excluded.")), RECON_SOURCE, must_discuss=True,
            missing=["clinical_t", *missing])
    fitness = fitness_advice(case)
    if fitness:
        return Option(code, "discuss", msg(gettext_noop(
            "Mastectomy planned; a recorded comorbidity or fitness concern may preclude "
            "immediate reconstruction: the MDT must decide, and delayed reconstruction is "
            "offered.")), RECON_SOURCE, must_discuss=True, missing=missing,
            advice=fitness + advice)
    return Option(code, "offer", msg(gettext_noop(
        "Mastectomy planned: discuss immediate reconstruction and offer it, whether or not it "
        "is available locally.")), RECON_SOURCE, must_discuss=True, missing=missing,
        advice=advice)


def _delayed(case: CaseFacts) -> Option:
    code = "breast_delayed_reconstruction"
    if tnm.full("clinical_t", case.clinical_t) == "4d":
        reason = msg(gettext_noop(
            "Inflammatory breast cancer (cT4d): offer delayed reconstruction once treatment, "
            "including post-mastectomy radiotherapy, is complete."))
    else:
        reason = msg(gettext_noop(
            "Mastectomy planned: offer delayed reconstruction as well, for people who do not "
            "want or cannot have immediate reconstruction."))
    return Option(code, "offer", reason, RECON_SOURCE, must_discuss=True)


def reconstruction(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 5: with a planned mastectomy both immediate and delayed are listed."""
    if case.planned_surgery is None:
        reason = msg(gettext_noop("Planned breast surgery not recorded."))
        return [Option(code, "undetermined", reason, RECON_SOURCE, must_discuss=True,
                       missing=["planned_surgery"])
                for code in ("breast_immediate_reconstruction", "breast_delayed_reconstruction")]
    if case.planned_surgery == "breast_conserving":
        ctx.notes.append(msg(gettext_noop(
            "Breast-conserving surgery planned: reconstruction after mastectomy does not "
            "apply.")))
        return []
    missing = missing_of(case, "smoking", "bmi", "diabetes",
                         "radiotherapy_expected_after_mastectomy", "prior_chest_wall_radiotherapy")
    return [_immediate(case, missing), _delayed(case)]


def conservation(case: CaseFacts, _: Context) -> list[Option]:
    """Rule 6: a planned mastectomy for a unifocal tumour of 50 mm or less without cT4
    disease raises conservation, oncoplastic surgery or neoadjuvant downsizing."""
    if case.planned_surgery != "mastectomy":
        return []
    code, source = "breast_conserving_surgery", f"{sources.NICE_NG101} {sources.BOUGHEY_2023}"
    if tnm.category("clinical_t", case.clinical_t) == "4":
        return [Option(code, "not_indicated", msg(gettext_noop(
            "cT4 disease (chest wall or skin involvement, or inflammatory cancer): breast "
            "conservation is not indicated.")), source)]
    missing = missing_of(case, "clinical_t", "tumour_size_mm", "multifocal")
    if missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "Tumour size, focality or clinical T category not recorded: breast conservation "
            "cannot be assessed.")), source, must_discuss=True, missing=missing)]
    size = case.tumour_size_mm or 0.0
    if case.patient_preference_against_preservation:
        return [Option(code, "discuss", msg(gettext_noop(
            "The patient prefers mastectomy: confirm it is an informed choice after "
            "discussing conservation, oncoplastic surgery and neoadjuvant downsizing.")), source,
            must_discuss=True)]
    if case.multifocal:
        return [Option(code, "discuss", msg(gettext_noop(
            "Multifocal disease: conservation is possible for selected patients with two or "
            "three foci (ACOSOG Z11102); the MDT must decide.")), source, must_discuss=True)]
    if size <= BCS_SIZE_MM:
        return [Option(code, "consider", msg(gettext_noop(
            "Unifocal tumour of {size} mm (50 mm or less) without cT4 disease: consider breast "
            "conservation, oncoplastic surgery or neoadjuvant downsizing before mastectomy."),
            size=size), source, must_discuss=True)]
    return [Option(code, "consider", msg(gettext_noop(
        "Unifocal tumour of {size} mm (over 50 mm): neoadjuvant systemic therapy may downsize "
        "it enough for conservation."), size=size), source, must_discuss=True)]


RULES = (
    Rule("breast.reconstruction", "2.0", "Immediate and delayed reconstruction after mastectomy",
         f"{RECON_SOURCE} Risk factors: {sources.FISCHER_2013}", reconstruction),
    Rule("breast.conservation", "1.0", "Breast conservation before mastectomy",
         f"{sources.NICE_NG101} {sources.BOUGHEY_2023}", conservation),
)
