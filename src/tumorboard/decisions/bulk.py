"""Screen many cases at once (demo load, benchmark, a new ruleset): bulk inserts, few queries.

Per batch: one query for the cases, one per pathway for details, one for saved bone-score
inputs, one to retire the previous screenings, and bulk inserts. One audit event per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from tumorboard.accounts import audit
from tumorboard.decisions.facts import SCREEN_SCORES, facts_for
from tumorboard.decisions.models import (
    ScoreRecord,
    ScreenedOption,
    ScreeningResult,
    ScreeningTrigger,
)
from tumorboard.decisions.services import option_changes, option_rows, run_screen
from tumorboard.pathways import RULESET_VERSION
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_MODELS

BATCH = 2000


def _details(case_ids: list[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for model in DETAIL_MODELS.values():
        for row in model.objects.filter(case_id__in=case_ids):
            found[row.case_id] = row
    return found


def _score_inputs(case_ids: list[int]) -> dict[int, dict[str, dict[str, object]]]:
    rows = (ScoreRecord.objects.filter(case_id__in=case_ids, score_name__in=SCREEN_SCORES)
            .order_by("case_id", "score_name", "-created", "-id")
            .values_list("case_id", "score_name", "inputs"))
    found: dict[int, dict[str, dict[str, object]]] = {}
    for case_id, name, inputs in rows:
        found.setdefault(case_id, {}).setdefault(name, inputs)
    return found


@transaction.atomic
def _screen_batch(cases: list[Case], trigger: str) -> int:
    ids = [case.pk for case in cases]
    details, inputs = _details(ids), _score_inputs(ids)
    previous = _previous_raised(ids)
    before = {case_id: (result, version) for case_id, result, version in
              ScreeningResult.objects.filter(case_id__in=ids, is_latest=True)
              .values_list("case_id", "result", "ruleset_version")}
    ScreeningResult.objects.filter(case_id__in=ids, is_latest=True).update(is_latest=False)
    ScreenedOption.objects.filter(case_id__in=ids, is_current=True).update(is_current=False)
    screenings = []
    for case in cases:
        facts = facts_for(case, details.get(case.pk), score_inputs=inputs.get(case.pk, {}))
        result, error_field = run_screen(facts)
        old_result, old_version = before.get(case.pk, (None, ""))
        screenings.append(ScreeningResult(
            case=case, ruleset_version=RULESET_VERSION, facts=facts, result=result,
            error_field=error_field, trigger=trigger, is_latest=True,
            changes=option_changes(old_result, result), previous_ruleset_version=old_version))
    ScreeningResult.objects.bulk_create(screenings)
    rows = [row for screening in screenings for row in
            option_rows(screening, screening.result, previous.get(screening.case_id, {}))]
    ScreenedOption.objects.bulk_create(rows)
    return len(screenings)


def _previous_raised(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    rows = (ScreenedOption.objects.filter(case_id__in=case_ids, is_current=True, raised=True)
            .values_list("case_id", "code", "raised_at"))
    for case_id, code, raised_at in rows:
        found.setdefault(case_id, {})[code] = raised_at
    return found


def screen_in_bulk(cases: QuerySet[Case], *, batch: int = BATCH,
                   trigger: str = ScreeningTrigger.BULK,
                   progress: Callable[[int], object] | None = None) -> int:
    """Screen every case of `cases` (a new ScreeningResult each); returns how many."""
    done = 0
    ordered = cases.select_related("patient", "site").order_by("pk")
    for chunk in _chunks(ordered.iterator(chunk_size=batch), batch):
        count = _screen_batch(chunk, trigger)
        audit.record(user=None, username="system", action="create", object_type="screening",
                     channel="cli", detail={"bulk": count, "trigger": trigger,
                                            "ruleset_version": RULESET_VERSION,
                                            "first_case": str(chunk[0].external_id)})
        done += count
        if progress:
            progress(count)
    return done


def _chunks(items: Iterable[Case], size: int) -> Iterable[list[Case]]:
    chunk: list[Case] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
