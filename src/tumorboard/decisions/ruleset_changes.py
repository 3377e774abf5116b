"""Cases whose screen changed when a new ruleset version re-screened them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from tumorboard.decisions.models import ScreeningResult, ScreeningTrigger


def ruleset_screenings(version: str, site_ids: Iterable[int] | None = None
                       ) -> QuerySet[ScreeningResult]:
    """Current screenings made by a ruleset change whose options differ from the previous."""
    rows = (ScreeningResult.objects
            .filter(ruleset_version=version, is_latest=True,
                    trigger=ScreeningTrigger.RULESET)
            .exclude(changes=[]).exclude(previous_ruleset_version="")
            .exclude(previous_ruleset_version=version)
            .select_related("case", "case__patient", "case__site")
            .order_by("case__site__code", "case__patient__family_name", "case_id"))
    if site_ids is not None:
        rows = rows.filter(case__site_id__in=list(site_ids))
    return rows


def changed_screenings(version: str) -> list[dict[str, Any]]:
    """Plain rows for the command's report."""
    return [{"site": s.case.site.code, "mrn": s.case.patient.mrn, "case": str(s.case.external_id),
             "pathway": s.case.pathway, "previous_ruleset": s.previous_ruleset_version,
             "ruleset": s.ruleset_version, "changes": s.changes}
            for s in ruleset_screenings(version)]
