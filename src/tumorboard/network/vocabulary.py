"""Coded values of the network app; labels are translated through gettext (one path)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_noop as N

# Why a site refers a patient to another: the function-preserving options a specialist
# centre offers, and the general reasons.
REASONS: dict[str, str] = {
    "sphincter_preservation": N("assessment for sphincter preservation"),
    "limb_salvage": N("limb salvage"),
    "breast_reconstruction": N("breast reconstruction"),
    "spinal_stabilisation": N("spinal decompression and stabilisation"),
    "second_opinion": N("second opinion"),
    "treatment_unavailable": N("treatment not available at the referring site"),
}

SENT, ACCEPTED, DECLINED, WITHDRAWN, COMPLETED = (
    "sent", "accepted", "declined", "withdrawn", "completed")
STATUSES: dict[str, str] = {
    SENT: N("awaiting reply"),
    ACCEPTED: N("accepted"),
    DECLINED: N("declined"),
    WITHDRAWN: N("withdrawn"),
    COMPLETED: N("completed"),
}
OPEN = frozenset({SENT, ACCEPTED})

# How a referral ends: in an operation at the receiving site, or for a named reason.
ENDINGS: dict[str, str] = {
    "operated": N("operated on at the receiving site"),
    "not_suitable": N("not suitable for the preserving option"),
    "patient_declined": N("patient declined"),
    "treated_at_home_site": N("treated at the referring site"),
    "died": N("died before treatment"),
    "other": N("other reason"),
}

URGENCIES: dict[str, str] = {"routine": N("routine"), "urgent": N("urgent")}
# The receiving site answers within this many days of the referral.
REPLY_DAYS = {"routine": 7, "urgent": 2}

EVENTS: dict[str, str] = {
    "sent": N("referral sent"),
    "accepted": N("referral accepted"),
    "declined": N("referral declined"),
    "withdrawn": N("referral withdrawn"),
    "taken_on": N("patient taken on as a case of the receiving site"),
    "grant_revoked": N("access to the referred case revoked"),
    "completed": N("referral completed"),
}


def choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    """Model choices whose labels are translated when shown."""
    return [(code, gettext_lazy(label)) for code, label in table.items()]


def label(table: dict[str, str], code: str) -> str:
    return gettext(table[code]) if code in table else code

# The network's indicators (numerator / denominator), as the hub and the audit name them.
INDICATOR_LABELS: dict[str, str] = {
    "sphincter_preserved": N("sphincter preserved (rectal resections)"),
    "sphincter_preserved_low": N("sphincter preserved, rectal cancer 5 cm or less from the "
                                 "anal verge"),
    "permanent_stoma": N("permanent stoma at 18 months"),
    "reconstruction": N("reconstruction after mastectomy"),
    "limb_salvage": N("limb salvage"),
    "anastomotic_leak": N("anastomotic leak after sphincter-preserving surgery"),
    "death_90d": N("death within 90 days"),
    "clavien_dindo_3": N("complication of Clavien-Dindo grade III or higher"),
    "r1_margin": N("R1 margin"),
    "intent_kept": N("function-preserving intent kept, where the board recorded it"),
}
# Fewer cases than this and a unit (hospital, surgeon) is not named on shared pages.
MIN_NAMED = 5
