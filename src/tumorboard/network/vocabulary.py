"""Coded values of the network app; labels are translated through gettext (one path)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop

# Why a site refers a patient to another: the function-preserving options a specialist
# centre offers, and the general reasons.
REASONS: dict[str, str] = {
    "sphincter_preservation": gettext_noop("assessment for sphincter preservation"),
    "limb_salvage": gettext_noop("limb salvage"),
    "breast_reconstruction": gettext_noop("breast reconstruction"),
    "spinal_stabilisation": gettext_noop("spinal decompression and stabilisation"),
    "second_opinion": gettext_noop("second opinion"),
    "treatment_unavailable": gettext_noop("treatment not available at the referring site"),
}

SENT, ACCEPTED, DECLINED, WITHDRAWN, COMPLETED = (
    "sent", "accepted", "declined", "withdrawn", "completed")
STATUSES: dict[str, str] = {
    SENT: gettext_noop("awaiting reply"),
    ACCEPTED: gettext_noop("accepted"),
    DECLINED: gettext_noop("declined"),
    WITHDRAWN: gettext_noop("withdrawn"),
    COMPLETED: gettext_noop("completed"),
}
OPEN = frozenset({SENT, ACCEPTED})

# How a referral ends: in an operation at the receiving site, or for a named reason.
ENDINGS: dict[str, str] = {
    "operated": gettext_noop("operated on at the receiving site"),
    "not_suitable": gettext_noop("not suitable for the preserving option"),
    "patient_declined": gettext_noop("patient declined"),
    "treated_at_home_site": gettext_noop("treated at the referring site"),
    "died": gettext_noop("died before treatment"),
    "other": gettext_noop("other reason"),
}

URGENCIES: dict[str, str] = {"routine": gettext_noop("routine"), "urgent": gettext_noop("urgent")}
# The receiving site answers within this many days of the referral.
REPLY_DAYS = {"routine": 7, "urgent": 2}

EVENTS: dict[str, str] = {
    "sent": gettext_noop("referral sent"),
    "accepted": gettext_noop("referral accepted"),
    "declined": gettext_noop("referral declined"),
    "withdrawn": gettext_noop("referral withdrawn"),
    "taken_on": gettext_noop("patient taken on as a case of the receiving site"),
    "grant_revoked": gettext_noop("access to the referred case revoked"),
    "completed": gettext_noop("referral completed"),
}


def choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    """Model choices whose labels are translated when shown."""
    return [(code, gettext_lazy(label)) for code, label in table.items()]


def label(table: dict[str, str], code: str) -> str:
    return gettext(table[code]) if code in table else code

# The network's indicators (numerator / denominator), as the hub and the audit name them.
INDICATOR_LABELS: dict[str, str] = {
    "sphincter_preserved": gettext_noop("sphincter preserved (rectal resections)"),
    "sphincter_preserved_low": gettext_noop(
        "sphincter preserved, rectal cancer 5 cm or less from the anal verge"),
    "permanent_stoma": gettext_noop("permanent stoma at 18 months"),
    "reconstruction": gettext_noop("reconstruction after mastectomy"),
    "limb_salvage": gettext_noop("limb salvage"),
    "anastomotic_leak": gettext_noop("anastomotic leak after sphincter-preserving surgery"),
    "death_90d": gettext_noop("death within 90 days"),
    "clavien_dindo_3": gettext_noop("complication of Clavien-Dindo grade III or higher"),
    "r1_margin": gettext_noop("R1 margin"),
    "intent_kept": gettext_noop("function-preserving intent kept, where the board recorded it"),
}
# Fewer cases than this and a unit (hospital, surgeon) is not named on shared pages.
MIN_NAMED = 5
