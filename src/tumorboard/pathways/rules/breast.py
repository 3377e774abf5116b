"""Breast: immediate reconstruction after mastectomy."""

from __future__ import annotations

from collections.abc import Callable

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.rules.common import Context, Rule, missing_of

NICE_NG101 = (
    "NICE guideline NG101. Early and locally advanced breast cancer: diagnosis and "
    "management. 2018 (updated 2023); section 1.10 Breast reconstruction (1.10.x)."
)
RISK_SOURCE = (
    "Fischer JP, Wes AM, Tuggle CT, Serletti JM, Wu LC. Risk analysis of early implant loss "
    "after immediate breast reconstruction: a review of 14,585 patients. J Am Coll Surg. "
    "2013;217(6):983-990."
)

# (case field, label, predicate): the predicate returns None when the field is not recorded.
RiskPredicate = Callable[[CaseFacts], bool | None]
RISK_FACTORS: tuple[tuple[str, str, RiskPredicate], ...] = (
    ("smoking", "current smoking", lambda c: c.smoking),
    ("bmi", "BMI 30 or more", lambda c: None if c.bmi is None else c.bmi >= 30),
    ("diabetes", "diabetes", lambda c: c.diabetes),
)

TECHNIQUES = (
    "Explain implant-based (expander/implant) and autologous (e.g. DIEP, latissimus dorsi) "
    "reconstruction, including options not available locally."
)
PMRT_ADVICE = (
    "Post-mastectomy radiotherapy expected: it changes timing and technique, not the offer. "
    "Discuss immediate versus delayed (or delayed-immediate) reconstruction; implant-based "
    "reconstruction has more capsular contracture and failure after radiotherapy, and "
    "autologous reconstruction is often preferred or delayed until after radiotherapy."
)


def risk_profile(case: CaseFacts) -> tuple[list[str], list[str]]:
    """(risk factors present, risk fields not recorded)."""
    present, missing = [], []
    for name, label, predicate in RISK_FACTORS:
        value = predicate(case)
        if value is None:
            missing.append(name)
        elif value:
            present.append(label)
    return present, missing


def reconstruction(case: CaseFacts, ctx: Context) -> list[Option]:
    code, title = "breast_immediate_reconstruction", "Immediate breast reconstruction"
    if case.planned_surgery is None:
        return [Option(code, title, "undetermined", "Planned breast surgery not recorded.",
                       must_discuss=True, missing=["planned_surgery"])]
    if case.planned_surgery == "conserving":
        ctx.notes.append("Breast-conserving surgery planned: reconstruction after mastectomy "
                         "does not apply.")
        return []
    risks, missing = risk_profile(case)
    missing += missing_of(case, "significant_comorbidity", "radiotherapy_expected_after_mastectomy")
    advice = [TECHNIQUES]
    if case.radiotherapy_expected_after_mastectomy:
        advice.append(PMRT_ADVICE)
    if risks:
        advice.append(
            "Raised complication risk (" + ", ".join(risks) + "): counsel the patient and "
            "optimise before surgery; this alone does not rule reconstruction out."
        )
    if case.significant_comorbidity:
        return [Option(
            code, title, "discuss",
            "Mastectomy planned; significant comorbidity may preclude immediate "
            "reconstruction. Discuss immediate and delayed reconstruction.",
            must_discuss=True, missing=missing, risk_factors=risks,
            reasons_against=["significant comorbidity"], advice=advice,
        )]
    return [Option(
        code, title, "offer",
        "Mastectomy planned: discuss immediate reconstruction and offer it.",
        must_discuss=True, missing=missing, risk_factors=risks, advice=advice,
    )]


RULES = (
    Rule(
        "breast.reconstruction", "1.0", "Immediate reconstruction after mastectomy",
        f"{NICE_NG101} Risk factors: {RISK_SOURCE}", reconstruction,
    ),
)
