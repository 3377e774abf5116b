"""Spinal Instability Neoplastic Score (SINS)."""

from __future__ import annotations

from tumorboard.pathways.fields import Field, choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Fisher CG, DiPaola CP, Ryken TC, et al. A novel classification system for spinal "
    "instability in neoplastic disease: an evidence-based approach and expert consensus from "
    "the Spine Oncology Study Group. Spine (Phila Pa 1976). 2010;35(22):E1221-E1229."
)

LOCATION = {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0}
PAIN = {"mechanical": 3, "occasional": 1, "none": 0}
LESION = {"lytic": 2, "mixed": 1, "blastic": 0}
ALIGNMENT = {"subluxation": 4, "deformity": 2, "normal": 0}
COLLAPSE = {"over_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0}
POSTEROLATERAL = {"bilateral": 3, "unilateral": 1, "none": 0}

# Fisher 2010, table 1: junctional occiput-C2, C7-T2, T11-L1, L5-S1; mobile C3-C6, L2-L4;
# semirigid T3-T10; rigid S2-S5.
_SEGMENTS = (
    ("C", range(1, 3), "junctional"),
    ("C", range(3, 7), "mobile"),
    ("C", range(7, 8), "junctional"),
    ("T", range(1, 3), "junctional"),
    ("T", range(3, 11), "semirigid"),
    ("T", range(11, 13), "junctional"),
    ("L", range(1, 2), "junctional"),
    ("L", range(2, 5), "mobile"),
    ("L", range(5, 6), "junctional"),
    ("S", range(1, 2), "junctional"),
    ("S", range(2, 6), "rigid"),
)
LEVEL_LOCATION = {f"{region}{n}": loc for region, numbers, loc in _SEGMENTS for n in numbers}

BANDS = ((6, "stable"), (12, "indeterminate"), (18, "unstable"))


def calculate(data: dict[str, object]) -> Outcome:
    location = str(data["location"]) if "location" in data else LEVEL_LOCATION[str(data["level"])]
    items = {
        "location": LOCATION[location],
        "pain": PAIN[str(data["pain"])],
        "lesion": LESION[str(data["lesion"])],
        "alignment": ALIGNMENT[str(data["alignment"])],
        "collapse": COLLAPSE[str(data["collapse"])],
        "posterolateral": POSTEROLATERAL[str(data["posterolateral"])],
    }
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


SPEC = ScoreSpec(
    name="sins",
    title=gettext_noop("Spinal Instability Neoplastic Score"),
    version="1.0",
    source=SOURCE,
    fields=(
        choice("location", gettext_noop("Spine location"), LOCATION, required=False),
        Field(
            "level",
            "choice",
            gettext_noop("Spinal level (instead of location)"),
            required=False,
            choices=tuple(LEVEL_LOCATION),
        ),
        choice("pain", gettext_noop("Pain"), PAIN),
        choice("lesion", gettext_noop("Bone lesion"), LESION),
        choice("alignment", gettext_noop("Radiographic spinal alignment"), ALIGNMENT),
        choice("collapse", gettext_noop("Vertebral body collapse"), COLLAPSE),
        choice(
            "posterolateral",
            gettext_noop("Posterolateral involvement of spinal elements"),
            POSTEROLATERAL,
        ),
    ),
    categories=("stable", "indeterminate", "unstable"),
    recommendations={
        "stable": gettext_noop(
            "Stable (SINS 0-6): surgical consultation for instability is not required."
        ),
        "indeterminate": (
            gettext_noop("Potentially unstable (SINS 7-12): surgical consultation is recommended.")
        ),
        "unstable": gettext_noop("Unstable (SINS 13-18): surgical consultation is recommended."),
    },
    calculate=calculate,
    total_range=(0, 18),
    alternatives=((("location",), ("level",)),),
)
