"""The demo board's follow-through after sign-off, so that its measures count something: an
operation recorded for two cases of each surgical board (one keeping the function-preserving
intent, one not), whether each plan was carried out, and a conditional decision ("watch and
wait if complete clinical response at the 12-week MRI") that comes back to the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from tumorboard.board import implementation
from tumorboard.board.models import Recommendation
from tumorboard.board.zones import local_date
from tumorboard.outcomes.services import do_record_operation

# The first operation after sign-off, by pathway: (keeps the intent, does not keep it).
OPERATIONS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "breast": ({"procedure": "SSM", "intent": "curative", "reconstruction": "immediate",
                "reconstruction_type": "implant"},
               {"procedure": "MAST", "intent": "curative", "reconstruction": "none"}),
    "rectum": ({"procedure": "LAR", "intent": "curative", "sphincter_preserved": True,
                "anastomosis_height_cm": 4, "diverting_stoma": True},
               {"procedure": "APR", "intent": "curative", "sphincter_preserved": False}),
    "sarcoma": ({"procedure": "LIMB_SPARING", "intent": "curative", "limb_outcome": "salvage"},
                {"procedure": "AMPUTATION", "intent": "curative",
                 "limb_outcome": "amputation"}),
}
# Which listed case (by its place on the past meeting's agenda) gets which follow-through.
KEPT, NOT_KEPT, CONDITIONAL = 2, 3, 1
WATCH_AND_WAIT = ("Watch and wait if complete clinical response at the 12-week MRI; "
                  "otherwise total mesorectal excision.")
CONDITIONAL_PLAN = [{"modality": "neoadjuvant_therapy",
                     "detail": "total neoadjuvant therapy (chemoradiotherapy, then FOLFOX)"},
                    {"modality": "surveillance", "detail": "MRI and endoscopy at 12 weeks"}]


def conditional_values(group: str, index: int, meeting_day: dt.date) -> dict[str, Any]:
    """The recommendation's content for a conditional decision on a colorectal case: listed
    again when the 12-week MRI has been read."""
    if group != "colorectal" or index != CONDITIONAL:
        return {}
    return {"treatment_plan": CONDITIONAL_PLAN, "condition": WATCH_AND_WAIT,
            "relist_on": meeting_day + dt.timedelta(weeks=12)}


def record_after_sign_off(user: User, rec: Recommendation, index: int) -> None:
    """The operation after the board (kept or not kept), by the chair, and whether the plan
    was carried out; other cases are left open, as a real board's are."""
    pair = OPERATIONS.get(rec.case.pathway)
    if pair is None or index not in (KEPT, NOT_KEPT):
        return
    signed_on = local_date(rec.signed_at, rec.case.site)  # type: ignore[arg-type]
    values = dict(pair[0] if index == KEPT else pair[1], date=signed_on, surgeon=user)
    do_record_operation(user, rec.case, values)
    if index == KEPT:
        implementation.do_record_implementation(user, rec, implemented=True)
    else:  # the surgeon found the preserving operation unsafe in theatre
        implementation.do_record_implementation(
            user, rec, implemented=False, reason="other_therapy_chosen",
            note="Intra-operative findings: the function-preserving operation was not safe.")
