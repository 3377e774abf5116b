"""Comprehensive Complication Index over Clavien-Dindo grades."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from tumorboard.pathways.fields import Field
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, Points, ScoreSpec

SOURCE = (
    "Slankamenac K, Graf R, Barkun J, Puhan MA, Clavien PA. The comprehensive complication "
    "index: a novel continuous scale to measure surgical morbidity. Ann Surg. "
    "2013;258(1):1-7. Grades: Dindo D, Demartines N, Clavien PA. Classification of surgical "
    "complications. Ann Surg. 2004;240(2):205-213."
)

# Median weights per Clavien-Dindo grade (Slankamenac 2013); grade V (death) sets CCI = 100.
WEIGHTS = {"I": 300, "II": 1750, "IIIa": 2750, "IIIb": 4550, "IVa": 7200, "IVb": 8550}
GRADES = (*WEIGHTS, "V")


def round_one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def calculate(data: dict[str, object]) -> Outcome:
    grades: list[str] = list(data["complications"])  # type: ignore[call-overload]
    items: dict[str, Points] = {}
    for grade in GRADES:
        count = grades.count(grade)
        if count:
            # Grade V has no weight: it defines the maximum, so its item is null.
            items[grade] = None if grade == "V" else WEIGHTS[grade] * count
    if "V" in grades:
        total = 100.0
    else:
        total = min(100.0, round_one_decimal(math.sqrt(sum(v or 0 for v in items.values())) / 2))
    highest = max(grades, key=GRADES.index) if grades else "none"
    return Outcome(total, highest, items)


SPEC = ScoreSpec(
    name="cci",
    title=gettext_noop("Comprehensive Complication Index"),
    version="1.0",
    source=SOURCE,
    fields=(
        Field(
            "complications",
            "list",
            gettext_noop("Clavien-Dindo grade of each complication"),
            choices=GRADES,
            maximum=100,
            help=gettext_noop("one entry per complication; may be empty"),
        ),
    ),
    categories=("none", *GRADES),
    recommendations={
        "none": gettext_noop("No complications recorded (CCI 0)."),
        "I": gettext_noop(
            "Highest grade I: deviation from the normal course without intervention."
        ),
        "II": gettext_noop("Highest grade II: complication needing pharmacological treatment."),
        "IIIa": gettext_noop("Highest grade IIIa: intervention without general anaesthesia."),
        "IIIb": gettext_noop("Highest grade IIIb: intervention under general anaesthesia."),
        "IVa": gettext_noop("Highest grade IVa: single-organ dysfunction needing intensive care."),
        "IVb": gettext_noop("Highest grade IVb: multi-organ dysfunction needing intensive care."),
        "V": gettext_noop("Death of the patient (CCI 100)."),
    },
    calculate=calculate,
    total_range=(0, 100),
)
