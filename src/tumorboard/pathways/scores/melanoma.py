"""Sentinel lymph node biopsy indication by AJCC 8th edition T category."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tumorboard.pathways.fields import Field
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, Points, ScoreSpec

SOURCE = (
    "Gershenwald JE, Scolyer RA, Hess KR, et al. Melanoma staging: evidence-based changes in "
    "the American Joint Committee on Cancer eighth edition cancer staging manual. CA Cancer J "
    "Clin. 2017;67(6):472-492; NCCN Clinical Practice Guidelines in Oncology: Cutaneous "
    "Melanoma (SLNB by T category)."
)

T_CATEGORIES = ("T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")
ADVERSE_MITOTIC_RATE = 2.0  # per mm2


def round_breslow(mm: float) -> Decimal:
    """AJCC 8th: thickness is recorded to the nearest 0.1 mm (0.75-0.84 mm -> 0.8 mm)."""
    return Decimal(repr(mm)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def t_category(mm: float, ulcerated: bool) -> str:
    thickness = round_breslow(mm)
    suffix = "b" if ulcerated else "a"
    if thickness <= Decimal("1.0"):
        return "T1a" if thickness < Decimal("0.8") and not ulcerated else "T1b"
    if thickness <= Decimal("2.0"):
        return "T2" + suffix
    return ("T3" if thickness <= Decimal("4.0") else "T4") + suffix


def adverse_features(data: dict[str, object]) -> dict[str, bool]:
    """Adverse features of a T1a tumour that were recorded (absent keys are not assumed)."""
    found: dict[str, bool] = {}
    if "mitotic_rate_per_mm2" in data:
        found["mitotic_rate_per_mm2"] = float(data["mitotic_rate_per_mm2"]) >= ADVERSE_MITOTIC_RATE  # type: ignore[arg-type]
    if "lymphovascular_invasion" in data:
        found["lymphovascular_invasion"] = bool(data["lymphovascular_invasion"])
    if "deep_margin_positive" in data:
        found["deep_margin_positive"] = bool(data["deep_margin_positive"])
    # Age is deliberately not an adverse feature: NCCN names young age only as strengthening
    # a high mitotic rate, never as a reason on its own (contract corrected 2026-11-30).
    return found


def calculate(data: dict[str, object]) -> Outcome:
    ulcerated = bool(data["ulceration"])
    t_cat = t_category(float(data["breslow_mm"]), ulcerated)  # type: ignore[arg-type]
    adverse = adverse_features(data)
    if t_cat == "T1a":
        category = "consider" if any(adverse.values()) else "not_recommended"
    else:
        category = "consider" if t_cat == "T1b" else "offer"
    items: dict[str, Points] = {
        "breslow_mm": float(round_breslow(float(data["breslow_mm"]))),  # type: ignore[arg-type]
        "ulceration": int(ulcerated),
        **{name: int(flag) for name, flag in adverse.items()},
    }
    return Outcome(None, category, items, {"t_category": t_cat})


SPEC = ScoreSpec(
    name="melanoma_slnb",
    title=gettext_noop("Melanoma sentinel lymph node biopsy (AJCC 8th T category)"),
    version="1.1",
    source=SOURCE,
    fields=(
        Field(
            "breslow_mm",
            "number",
            gettext_noop("Breslow thickness"),
            minimum=0,
            maximum=100,
            unit="mm",
        ),
        Field("ulceration", "bool", gettext_noop("Ulceration")),
        Field(
            "mitotic_rate_per_mm2",
            "number",
            gettext_noop("Mitotic rate"),
            required=False,
            minimum=0,
            maximum=1000,
            unit="/mm2",
        ),
        Field(
            "lymphovascular_invasion",
            "bool",
            gettext_noop("Lymphovascular invasion"),
            required=False,
        ),
        Field(
            "deep_margin_positive",
            "bool",
            gettext_noop("Deep margin positive (uncertain microstaging)"),
            required=False,
        ),
        Field(
            "age", "int", gettext_noop("Age"), required=False, minimum=0, maximum=120,
            unit=gettext_noop("years"),
        ),
    ),
    categories=("not_recommended", "consider", "offer"),
    recommendations={
        "not_recommended": (
            gettext_noop(
                "T1a without adverse features: sentinel lymph node biopsy is not recommended."
            )
        ),
        "consider": gettext_noop("Discuss and consider sentinel lymph node biopsy."),
        "offer": gettext_noop("T2a or higher: discuss and offer sentinel lymph node biopsy."),
    },
    calculate=calculate,
    total_range=None,
    extra_keys=("t_category",),
)
