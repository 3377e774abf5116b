"""Tomita score: surgical strategy for spinal metastases."""

from __future__ import annotations

from tumorboard.pathways.fields import choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Tomita K, Kawahara N, Kobayashi T, Yoshida A, Murakami H, Akamaru T. Surgical strategy "
    "for spinal metastases. Spine (Phila Pa 1976). 2001;26(3):298-306."
)

GROWTH = {"slow": 1, "moderate": 2, "rapid": 4}
VISCERAL = {"none": 0, "treatable": 2, "untreatable": 4}
BONE = {"solitary": 1, "multiple": 2}
BANDS = (
    (3, "wide_or_marginal_excision"),
    (5, "marginal_or_intralesional_excision"),
    (7, "palliative_surgery"),
    (10, "supportive_care"),
)


def calculate(data: dict[str, object]) -> Outcome:
    items = {
        "growth": GROWTH[str(data["growth"])],
        "visceral_mets": VISCERAL[str(data["visceral_mets"])],
        "bone_mets": BONE[str(data["bone_mets"])],
    }
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


SPEC = ScoreSpec(
    name="tomita",
    title=gettext_noop("Tomita score"),
    version="1.0",
    source=SOURCE,
    fields=(
        choice("growth", gettext_noop("Primary tumour growth"), GROWTH),
        choice("visceral_mets", gettext_noop("Visceral metastases"), VISCERAL),
        choice("bone_mets", gettext_noop("Bone metastases (including spine)"), BONE),
    ),
    categories=tuple(category for _, category in BANDS),
    recommendations={
        "wide_or_marginal_excision": (
            gettext_noop(
                "Score 2-3: wide or marginal excision (e.g. en bloc) for long-term local control."
            )
        ),
        "marginal_or_intralesional_excision": (
            gettext_noop(
                "Score 4-5: marginal or intralesional excision for middle-term local control."
            )
        ),
        "palliative_surgery": gettext_noop(
            "Score 6-7: palliative surgery for short-term palliation."
        ),
        "supportive_care": gettext_noop("Score 8-10: non-operative supportive care."),
    },
    calculate=calculate,
    total_range=(2, 10),
)
