"""Revised Tokuhashi score for metastatic spine tumour prognosis."""

from __future__ import annotations

from tumorboard.pathways.fields import Field, choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J. A revised scoring system for "
    "preoperative evaluation of metastatic spine tumor prognosis. Spine (Phila Pa 1976). "
    "2005;30(19):2186-2191."
)

VISCERAL = {"unremovable": 0, "removable": 1, "none": 2}
PRIMARY = {
    **dict.fromkeys(("lung", "osteosarcoma", "stomach", "bladder", "esophagus", "pancreas"), 0),
    **dict.fromkeys(("liver", "gallbladder", "unknown"), 1),
    "other": 2,
    **dict.fromkeys(("kidney", "uterus"), 3),
    "rectum": 4,
    **dict.fromkeys(("thyroid", "breast", "prostate", "carcinoid"), 5),
}
FRANKEL = {"A": 0, "B": 0, "C": 1, "D": 1, "E": 2}
BANDS = ((8, "under_6_months"), (11, "6_months_or_more"), (15, "1_year_or_more"))


def kps_points(kps: int) -> int:
    return 0 if kps <= 40 else 1 if kps <= 70 else 2


def count_points(count: int) -> int:
    """>=3 foci -> 0, 1-2 -> 1, none -> 2 (extraspinal bone metastases)."""
    return 0 if count >= 3 else 1 if count >= 1 else 2


def vertebral_points(count: int) -> int:
    return 0 if count >= 3 else 1 if count == 2 else 2


def calculate(data: dict[str, object]) -> Outcome:
    items = {
        "kps": kps_points(int(data["kps"])),  # type: ignore[call-overload]
        "extraspinal_bone_mets": count_points(int(data["extraspinal_bone_mets"])),  # type: ignore[call-overload]
        "vertebral_mets": vertebral_points(int(data["vertebral_mets"])),  # type: ignore[call-overload]
        "visceral_mets": VISCERAL[str(data["visceral_mets"])],
        "primary": PRIMARY[str(data["primary"])],
        "frankel": FRANKEL[str(data["frankel"])],
    }
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


SPEC = ScoreSpec(
    name="tokuhashi",
    title=gettext_noop("Revised Tokuhashi score"),
    version="1.0",
    source=SOURCE,
    fields=(
        Field(
            "kps",
            "int",
            gettext_noop("Karnofsky performance status"),
            minimum=10,
            maximum=100,
            multiple_of=10,
            unit="%",
        ),
        Field(
            "extraspinal_bone_mets",
            "int",
            gettext_noop("Extraspinal bone metastatic foci"),
            minimum=0,
            maximum=999,
        ),
        Field(
            "vertebral_mets",
            "int",
            gettext_noop("Metastases in the vertebral body"),
            minimum=1,
            maximum=33,
        ),
        choice("visceral_mets", gettext_noop("Metastases to major internal organs"), VISCERAL),
        choice("primary", gettext_noop("Primary site of the cancer"), PRIMARY),
        choice("frankel", gettext_noop("Palsy (Frankel grade)"), FRANKEL),
    ),
    categories=("under_6_months", "6_months_or_more", "1_year_or_more"),
    recommendations={
        "under_6_months": (
            gettext_noop(
                "Predicted survival under 6 months (0-8): conservative treatment or palliative "
                "surgery."
            )
        ),
        "6_months_or_more": (
            gettext_noop(
                "Predicted survival 6 months or more (9-11): palliative surgery; excisional "
                "surgery only for a single lesion without metastases to major internal organs."
            )
        ),
        "1_year_or_more": (
            gettext_noop(
                "Predicted survival 1 year or more (12-15): excisional surgery may be considered."
            )
        ),
    },
    calculate=calculate,
    total_range=(0, 15),
)
