"""Musculoskeletal Tumor Society (MSTS) functional score, 1993 version."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tumorboard.pathways.fields import Field
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec

SOURCE = (
    "Enneking WF, Dunham W, Gebhardt MC, Malawar M, Pritchard DJ. A system for the functional "
    "evaluation of reconstructive procedures after surgical treatment of tumors of the "
    "musculoskeletal system. Clin Orthop Relat Res. 1993;(286):241-246."
)

COMMON = {
    "pain": gettext_noop("Pain"),
    "function": gettext_noop("Function"),
    "emotional_acceptance": gettext_noop("Emotional acceptance"),
}
LOWER = {
    "supports": gettext_noop("Supports"),
    "walking": gettext_noop("Walking"),
    "gait": gettext_noop("Gait"),
}
UPPER = {
    "hand_positioning": gettext_noop("Hand positioning"),
    "dexterity": gettext_noop("Manual dexterity"),
    "lifting": gettext_noop("Lifting ability"),
}


def percent_of(total: int) -> float:
    exact = Decimal(total) * 100 / 30
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def category_of(total: int) -> str:
    # Compare on the exact fraction, not the rounded percent, so 74.96% is never "excellent".
    fraction = Decimal(total) / 30
    if fraction >= Decimal("0.75"):
        return "excellent"
    if fraction >= Decimal("0.5"):
        return "good"
    return "fair" if fraction >= Decimal("0.25") else "poor"


def calculate(data: dict[str, object]) -> Outcome:
    limb_items = LOWER if data["limb"] == "lower" else UPPER
    items = {name: int(data[name]) for name in (*COMMON, *limb_items)}  # type: ignore[call-overload]
    total = sum(items.values())
    return Outcome(total, category_of(total), dict(items), {"percent": percent_of(total)})


def _item(name: str, label: str, limb: str | None) -> Field:
    return Field(
        name, "int", label, minimum=0, maximum=5, applies_when=("limb", limb) if limb else None
    )


SPEC = ScoreSpec(
    name="msts",
    title=gettext_noop("MSTS functional score"),
    version="1.0",
    source=SOURCE,
    fields=(
        Field("limb", "choice", gettext_noop("Limb"), choices=("lower", "upper")),
        *(_item(name, label, None) for name, label in COMMON.items()),
        *(_item(name, label, "lower") for name, label in LOWER.items()),
        *(_item(name, label, "upper") for name, label in UPPER.items()),
    ),
    categories=("excellent", "good", "fair", "poor"),
    recommendations={
        "excellent": gettext_noop("Excellent function (75% or more of normal)."),
        "good": gettext_noop("Good function (50-74.9% of normal)."),
        "fair": gettext_noop("Fair function (25-49.9% of normal); review rehabilitation needs."),
        "poor": gettext_noop(
            "Poor function (under 25% of normal); review rehabilitation and reconstruction."
        ),
    },
    calculate=calculate,
    total_range=(0, 30),
    extra_keys=("percent",),
)
