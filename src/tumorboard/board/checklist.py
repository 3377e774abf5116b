"""The pre-meeting checklist of a listed case: what is missing, so the coordinator can chase it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext

from tumorboard.board import preservation
from tumorboard.board.models import Listing
from tumorboard.decisions.facts import details_of
from tumorboard.patients.report_models import ClinicalReport, ReportType


def _item(key: str, label: str, ok: bool, detail: str = "") -> dict[str, Any]:
    return {"key": key, "label": label, "ok": ok, "detail": detail}


def _imaging_on_record(listing: Listing, reported: set[str]) -> bool:
    # Rectal MRI staging is recorded on the case itself; a recorded imaging report counts;
    # otherwise the coordinator ticks it.
    details = details_of(listing.case)
    return bool(getattr(details, "mri_t", "")) or ReportType.IMAGING in reported


def _reported(listing: Listing) -> set[str]:
    """The types of report recorded on the case (current versions)."""
    return set(ClinicalReport.objects.filter(case_id=listing.case_id)
               .values_list("report_type", flat=True).distinct())


def checklist(listing: Listing) -> list[dict[str, Any]]:
    case = listing.case
    reported = _reported(listing)
    stage = case.pathological_stage or case.clinical_stage
    screen = preservation.screen_state(case)
    imaging = listing.imaging_ready or _imaging_on_record(listing, reported)
    pathology = (listing.pathology_ready or bool(case.pathological_t or case.grade)
                 or ReportType.PATHOLOGY in reported)
    return [
        _item("stage", pgettext("checklist", "Stage"), bool(stage),
              stage or gettext("no stage group recorded")),
        _item("imaging", pgettext("checklist", "Imaging"), imaging,
              "" if imaging else gettext("no imaging report recorded or marked available")),
        _item("pathology", pgettext("checklist", "Pathology"), pathology,
              "" if pathology else gettext("no pathology report recorded or marked available")),
        _item("screen", pgettext("checklist", "Function-preservation screen"), bool(screen["ok"]),
              screen["detail"]),
        _item("ecog", pgettext("checklist", "Performance status (ECOG)"), case.ecog is not None,
              gettext("not recorded") if case.ecog is None else f"ECOG {case.ecog}"),
    ]


def missing_items(listing: Listing) -> list[str]:
    return [item["key"] for item in checklist(listing) if not item["ok"]]
