"""Mirels score for impending pathological fracture of a long bone."""

from __future__ import annotations

from tumorboard.pathways.fields import choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Mirels H. Metastatic disease in long bones. A proposed scoring system for diagnosing "
    "impending pathologic fractures. Clin Orthop Relat Res. 1989;(249):256-264."
)

SITE = {"upper_limb": 1, "lower_limb": 2, "peritrochanteric": 3}
PAIN = {"mild": 1, "moderate": 2, "functional": 3}
LESION = {"blastic": 1, "mixed": 2, "lytic": 3}
SIZE = {"under_one_third": 1, "one_third_to_two_thirds": 2, "over_two_thirds": 3}
BANDS = ((7, "observe"), (8, "borderline"), (12, "fixation"))


def calculate(data: dict[str, object]) -> Outcome:
    items = {
        "site": SITE[str(data["site"])],
        "pain": PAIN[str(data["pain"])],
        "lesion": LESION[str(data["lesion"])],
        "size": SIZE[str(data["size"])],
    }
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


SPEC = ScoreSpec(
    name="mirels",
    title=gettext_noop("Mirels score (impending pathological fracture)"),
    version="1.0",
    source=SOURCE,
    fields=(
        choice("site", gettext_noop("Site of lesion"), SITE),
        choice("pain", gettext_noop("Pain"), PAIN),
        choice("lesion", gettext_noop("Nature of lesion"), LESION),
        choice("size", gettext_noop("Size (fraction of bone diameter)"), SIZE),
    ),
    categories=("observe", "borderline", "fixation"),
    recommendations={
        "observe": gettext_noop(
            "Score 7 or less: low fracture risk; observation and radiotherapy."
        ),
        "borderline": gettext_noop(
            "Score 8: borderline; use clinical judgement on prophylactic fixation."
        ),
        "fixation": gettext_noop("Score 9 or more: prophylactic fixation is recommended."),
    },
    calculate=calculate,
    total_range=(4, 12),
)
