"""Default clinic templates per pathway and the case flags that pick their consults.

Plain data (no Django), so the mapping from a case to its consult list is easy to test.
A step is booked when its `when` flag holds (blank: always) and its `unless` flag does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tumorboard.pathways.messages import gettext_noop

# Distance of the lower tumour edge from the anal verge up to which a rectal cancer is
# "low" and the sphincter question needs the surgeon and radiation oncologist together.
LOW_RECTAL_CM = 5.0


@dataclass(frozen=True)
class StepSpec:
    code: str
    label: str
    specialties: tuple[str, ...]
    duration: int
    position: int
    room: str = ""
    when: str = ""
    unless: str = ""


@dataclass(frozen=True)
class TemplateSpec:
    pathway: str
    name: str
    steps: tuple[StepSpec, ...] = field(default_factory=tuple)


def _step(code: str, label: str, specialties: Sequence[str], duration: int, position: int,
          room: str, when: str = "", unless: str = "") -> StepSpec:
    return StepSpec(code, label, tuple(specialties), duration, position, room, when, unless)


# The default clinics' names and rooms are stored as written here and read through the
# catalogue (the |local filter of core's words tags): a Chinese department reads Chinese.
DEFAULT_NAMES = (
    gettext_noop("Breast one-stop clinic"), gettext_noop("Rectal cancer one-stop clinic"),
    gettext_noop("Sarcoma one-stop clinic"), gettext_noop("Bone metastasis one-stop clinic"),
    gettext_noop("Melanoma one-stop clinic"), gettext_noop("Imaging 1"),
    gettext_noop("Imaging 2"), gettext_noop("Room 2"), gettext_noop("Room 3"),
    gettext_noop("Room 4"), gettext_noop("Room 5"), gettext_noop("Room 6"),
    gettext_noop("Room 7"),
)

DEFAULT_TEMPLATES: dict[str, TemplateSpec] = {
    "breast": TemplateSpec("breast", "Breast one-stop clinic", (
        _step("imaging", "Breast imaging", ["radiology"], 20, 0, "Imaging 1"),
        _step("surgery-joint", "Breast surgeon and plastic surgeon together",
              ["breast_surgery", "plastic_surgery"], 40, 1, "Room 3", when="mastectomy"),
        _step("surgery", "Breast surgeon", ["breast_surgery"], 30, 1, "Room 3",
              unless="mastectomy"),
        _step("oncology", "Medical oncologist", ["medical_oncology"], 20, 2, "Room 5"),
        _step("nursing", "Breast care nurse", ["nursing"], 15, 3, "Room 7"),
    )),
    "rectum": TemplateSpec("rectum", "Rectal cancer one-stop clinic", (
        _step("imaging", "Review of the pelvic MRI", ["radiology"], 20, 0, "Imaging 2"),
        _step("surgery-joint", "Colorectal surgeon and radiation oncologist together",
              ["colorectal_surgery", "radiation_oncology"], 40, 1, "Room 4", when="low_rectal"),
        _step("surgery", "Colorectal surgeon", ["colorectal_surgery"], 30, 1, "Room 4",
              unless="low_rectal"),
        _step("oncology", "Medical oncologist", ["medical_oncology"], 20, 2, "Room 5"),
        _step("nursing", "Colorectal and stoma nurse", ["nursing"], 20, 3, "Room 7"),
    )),
    "sarcoma": TemplateSpec("sarcoma", "Sarcoma one-stop clinic", (
        _step("imaging", "Review of the scans", ["radiology"], 20, 0, "Imaging 2"),
        _step("surgery-joint", "Orthopaedic oncologist and plastic surgeon together",
              ["orthopaedic_oncology", "plastic_surgery"], 40, 1, "Room 6",
              when="large_defect"),
        _step("surgery", "Orthopaedic oncologist", ["orthopaedic_oncology"], 30, 1, "Room 6",
              unless="large_defect"),
        _step("radiotherapy", "Radiation oncologist", ["radiation_oncology"], 20, 2, "Room 5"),
        _step("nursing", "Specialist nurse", ["nursing"], 15, 3, "Room 7"),
    )),
    "bone_metastasis": TemplateSpec("bone_metastasis", "Bone metastasis one-stop clinic", (
        _step("imaging", "Review of the scans", ["radiology"], 20, 0, "Imaging 2"),
        _step("surgery-joint", "Spine surgeon and radiation oncologist together",
              ["spine_surgery", "radiation_oncology"], 40, 1, "Room 6", when="spinal"),
        _step("surgery", "Orthopaedic oncologist", ["orthopaedic_oncology"], 30, 1, "Room 6",
              unless="spinal"),
        _step("oncology", "Medical oncologist", ["medical_oncology"], 20, 2, "Room 5"),
        _step("nursing", "Specialist nurse", ["nursing"], 15, 3, "Room 7"),
    )),
    "melanoma": TemplateSpec("melanoma", "Melanoma one-stop clinic", (
        _step("dermatology", "Dermatologist", ["dermatology"], 20, 0, "Room 2"),
        _step("surgery", "Plastic surgeon", ["plastic_surgery"], 30, 1, "Room 3"),
        _step("oncology", "Medical oncologist", ["medical_oncology"], 20, 2, "Room 5"),
        _step("nursing", "Specialist nurse", ["nursing"], 15, 3, "Room 7"),
    )),
}


def case_flags(pathway: str, details: Mapping[str, Any]) -> frozenset[str]:
    """The flags a case's pathway details raise, e.g. {"mastectomy"} for a breast case."""
    flags: set[str] = set()
    if pathway == "breast":
        planned = details.get("planned_surgery") or ""
        if planned:
            flags.add(str(planned))  # "mastectomy" or "conserving"
    elif pathway == "rectum":
        distance = details.get("distance_from_anal_verge_cm")
        if distance is not None and float(distance) <= LOW_RECTAL_CM:
            flags.add("low_rectal")
    elif pathway == "sarcoma":
        if details.get("expected_defect_large"):
            flags.add("large_defect")
        if details.get("limb"):
            flags.add("limb")
    elif pathway == "bone_metastasis" and details.get("spinal_levels"):
        flags.add("spinal")
    return frozenset(flags)


def chosen_steps(steps: Iterable[StepSpec], flags: frozenset[str]) -> list[StepSpec]:
    return [s for s in steps
            if (not s.when or s.when in flags) and not (s.unless and s.unless in flags)]


def consults_for(steps: Iterable[StepSpec], flags: frozenset[str]) -> list[dict[str, Any]]:
    """The consult list (solver-shaped dicts plus label/room/position) for a case's flags.

    Each consult comes after every chosen consult of the nearest lower position, so steps
    of equal position may be seen in either order.
    """
    chosen = sorted(chosen_steps(steps, flags), key=lambda s: s.position)
    consults = []
    for step in chosen:
        earlier = [s.position for s in chosen if s.position < step.position]
        previous = max(earlier, default=None)
        after = [s.code for s in chosen if previous is not None and s.position == previous]
        consults.append({"code": step.code, "label": step.label,
                         "specialties": list(step.specialties), "duration": step.duration,
                         "room": step.room, "position": step.position, "after": after})
    return consults
