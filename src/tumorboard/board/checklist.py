"""The pre-meeting checklist of a listed case: what is missing, so the coordinator can chase it."""

from __future__ import annotations

from typing import Any

from tumorboard.board import preservation
from tumorboard.board.models import Listing
from tumorboard.decisions.facts import details_of


def _item(key: str, label: str, ok: bool, detail: str = "") -> dict[str, Any]:
    return {"key": key, "label": label, "ok": ok, "detail": detail}


def _imaging_on_record(listing: Listing) -> bool:
    # Rectal MRI staging is recorded on the case itself; other pathways need the tick.
    details = details_of(listing.case)
    return bool(getattr(details, "mri_t", ""))


def checklist(listing: Listing) -> list[dict[str, Any]]:
    case = listing.case
    stage = case.pathological_stage or case.clinical_stage
    screen = preservation.screen_state(case)
    pathology = listing.pathology_ready or bool(case.pathological_t or case.grade)
    return [
        _item("stage", "Stage", bool(stage), stage or "no stage group recorded"),
        _item("imaging", "Imaging", listing.imaging_ready or _imaging_on_record(listing),
              "" if listing.imaging_ready else "imaging not marked available"),
        _item("pathology", "Pathology", pathology,
              "" if pathology else "no pathology report marked available"),
        _item("screen", "Function-preservation screen", bool(screen["ok"]), screen["detail"]),
        _item("ecog", "Performance status (ECOG)", case.ecog is not None,
              "" if case.ecog is None else f"ECOG {case.ecog}"),
    ]


def missing_items(listing: Listing) -> list[str]:
    return [item["key"] for item in checklist(listing) if not item["ok"]]
