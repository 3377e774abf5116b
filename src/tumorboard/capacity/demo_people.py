"""Who and what the demo department is: its eight surgeons, what each operates on, and the
typical operating time and stay of each procedure (plain data, no database)."""

from __future__ import annotations

from dataclasses import dataclass


def gettext_noop(text: str) -> str:
    return text


DEPARTMENT = gettext_noop("Bone and soft-tissue tumour surgery")
BEDS = 40
SITE = "EAST"
ROOMS = ("OR 5", "OR 6", "OR 7", "OR 8")
# demo-<first part of the username>-2026, as the other demo users (never in production)
PASSWORD = "demo-surgeon-2026"  # noqa: S105


@dataclass(frozen=True)
class Surgeon:
    username: str
    family: str
    given: str
    specialty: str
    pathways: tuple[str, ...]
    procedures: tuple[str, ...]
    speed: float  # the surgeon's own operating time against the procedure's typical time


SURGEONS = (
    Surgeon("surgeon.wang", "王", "建国", "orthopaedic_oncology", ("sarcoma",),
            ("LIMB_SPARING", "AMPUTATION", "RE_EXCISION"), 1.0),
    Surgeon("surgeon.li", "李", "明", "orthopaedic_oncology", ("sarcoma",),
            ("LIMB_SPARING", "TRUNK_RESECTION", "RE_EXCISION"), 1.1),
    Surgeon("surgeon.zhang", "张", "伟", "orthopaedic_oncology", ("sarcoma", "bone_metastasis"),
            ("ENDOPROSTHESIS", "LIMB_SPARING"), 0.9),
    Surgeon("surgeon.liu", "刘", "洋", "spine_surgery", ("bone_metastasis",),
            ("DECOMPRESSION", "SEPARATION"), 1.0),
    Surgeon("surgeon.chen", "陈", "静", "spine_surgery", ("bone_metastasis",),
            ("DECOMPRESSION", "IM_NAIL", "SEPARATION"), 1.15),
    Surgeon("surgeon.yang", "杨", "帆", "plastic_surgery", ("melanoma", "breast"),
            ("WLE", "SLNB", "LND", "DELAYED_RECON"), 1.0),
    Surgeon("surgeon.clarke", "Clarke", "Sarah", "plastic_surgery", ("melanoma", "breast"),
            ("WLE", "SLNB", "DELAYED_RECON"), 0.95),
    Surgeon("surgeon.wood", "Wood", "David", "plastic_surgery", ("melanoma",),
            ("WLE", "SLNB", "LND"), 1.05),
)

# Typical operating minutes and stay in days per procedure (the demo's assumption).
TYPICAL: dict[str, tuple[int, int]] = {
    "LIMB_SPARING": (240, 9), "AMPUTATION": (150, 10), "RE_EXCISION": (100, 4),
    "TRUNK_RESECTION": (270, 8), "ENDOPROSTHESIS": (300, 10), "DECOMPRESSION": (200, 8),
    "SEPARATION": (230, 9), "IM_NAIL": (90, 5), "WLE": (50, 1), "SLNB": (45, 1),
    "LND": (130, 3), "DELAYED_RECON": (240, 5),
}
PATHWAY_PROCEDURES = {
    "sarcoma": {"LIMB_SPARING", "AMPUTATION", "RE_EXCISION", "TRUNK_RESECTION",
                "ENDOPROSTHESIS"},
    "bone_metastasis": {"DECOMPRESSION", "SEPARATION", "IM_NAIL", "ENDOPROSTHESIS"},
    "melanoma": {"WLE", "SLNB", "LND"},
    "breast": {"DELAYED_RECON"},
}
# Weekly sessions: each surgeon's (weekday, room) pairs, 20 full days in four theatres.
TIMETABLE = {
    "surgeon.wang": ((0, 0), (2, 0), (4, 0)),
    "surgeon.li": ((1, 0), (3, 0)),
    "surgeon.zhang": ((0, 1), (3, 1), (4, 1)),
    "surgeon.liu": ((1, 1), (2, 1)),
    "surgeon.chen": ((0, 2), (2, 2), (4, 2)),
    "surgeon.yang": ((1, 2), (3, 2)),
    "surgeon.clarke": ((0, 3), (1, 3), (3, 3)),
    "surgeon.wood": ((2, 3), (4, 3)),
}
SESSION_HOURS = ("08:00", "17:00")
# Share of each priority class on the list (the P1s are spinal cord compressions mostly).
PRIORITY_MIX = (("P1", 0.07), ("P2", 0.45), ("P3", 0.33), ("P4", 0.15))
CANCEL_MIX = (("no_bed", 0.35), ("unfit", 0.3), ("overrun", 0.2), ("dna", 0.15))


def procedures_for(surgeon: Surgeon, pathway: str) -> list[str]:
    return [p for p in surgeon.procedures if p in PATHWAY_PROCEDURES.get(pathway, set())]
