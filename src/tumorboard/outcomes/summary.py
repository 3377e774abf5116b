"""Derive the per-case outcome summary (CaseOutcome) from the registry records.

One code path for a single case (after each write) and for a whole registry (benchmark,
demo load, cases created by bulk loaders): records are read with a handful of set-based
queries per chunk of cases and the rows are rebuilt in Python.

Definitions (docs/outcomes-registry.md):
- overall survival: diagnosis -> death (any cause); censored at the last known date;
- disease-free survival: diagnosis -> first local recurrence, distant metastasis or death;
- local recurrence with death as a competing event: cause 1 local recurrence, cause 2
  death without a prior local recurrence, 0 censored;
- last known date: the latest dated record of the case (diagnosis, operation, complication,
  stoma closure, follow-up event, function score), or the death.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from tumorboard.outcomes import tallies
from tumorboard.outcomes import vocabulary as v
from tumorboard.outcomes.models import (
    CaseOutcome,
    Complication,
    FollowUpEvent,
    FunctionScore,
    Operation,
)
from tumorboard.patients.models import Case

CHUNK = 20_000
COPY_THRESHOLD = 1000
DAYS_90 = 90


@dataclass
class _Records:
    operations: list[Mapping[str, Any]] = field(default_factory=list)
    leak_operations: set[int] = field(default_factory=set)
    dates: list[dt.date] = field(default_factory=list)
    events: dict[str, dt.date] = field(default_factory=dict)  # type -> first date


def stage_group(stage: str) -> str:
    """Main AJCC stage group: "IIIB" -> "III", "0is" -> "0", "" -> ""."""
    text = stage.strip().upper()
    if text.startswith("0"):
        return "0"
    roman = ""
    for char in text:
        if char not in "IV":
            break
        roman += char
    return roman


def refresh_cases(case_ids: Iterable[int]) -> int:
    """Rebuild the summaries of the given cases; returns how many were written."""
    ids = sorted(set(case_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _refresh_chunk(ids[start:start + CHUNK])
    return written


def refresh_missing(case_filter: dict[str, Any] | None = None) -> int:
    """Summaries for cases that have none (e.g. loaded with bulk_create, no signals)."""
    missing = Case.objects.filter(outcome__isnull=True, **(case_filter or {}))
    return refresh_cases(missing.values_list("id", flat=True))


def _scope(prefix: str, ids: Sequence[int]) -> dict[str, Any]:
    """A filter on case ids: a range for a contiguous chunk (fast for a full rebuild)."""
    if ids[-1] - ids[0] + 1 == len(ids):
        return {f"{prefix}__gte": ids[0], f"{prefix}__lte": ids[-1]}
    return {f"{prefix}__in": ids}


def _refresh_chunk(ids: Sequence[int]) -> int:
    records: dict[int, _Records] = defaultdict(_Records)
    _load_operations(ids, records)
    _load_complications(ids, records)
    _load_events(ids, records)
    for case_id, assessed in FunctionScore.objects.filter(**_scope("case_id", ids)).values_list(
            "case_id", "assessed_on"):
        records[case_id].dates.append(assessed)
    cases = Case.objects.filter(**_scope("id", ids)).values(
        "id", "site_id", "pathway", "diagnosis_date", "pathological_stage", "clinical_stage",
        "patient__date_of_death")
    rows = [summarise(case, records[case["id"]]) for case in cases]
    scope = tallies.Scope.cases(ids)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # every site whose cells change, in one order
            tallies.lock_sites({row["site_id"] for row in rows} | set(tallies.sites_of(scope)))
        # The tallies change in the same transaction: out with the old rows, in with the new.
        tallies.subtract(scope)
        with connection.cursor() as cursor:  # raw: no per-row pre_delete (tallies done above)
            cursor.execute(f"DELETE FROM {CaseOutcome._meta.db_table} "  # noqa: S608
                           f"WHERE {scope.condition}", scope.params)
        _insert(rows)
        tallies.add(scope)
    return len(rows)


def _insert(rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL for big chunks (a full rebuild), bulk_create otherwise."""
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        CaseOutcome.objects.bulk_create([CaseOutcome(**row) for row in rows], batch_size=2000)
        return
    columns = list(rows[0])  # attribute names, which are the column names here
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor (psycopg 3)
        with raw.copy(f"COPY {CaseOutcome._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _load_operations(ids: Sequence[int], records: dict[int, _Records]) -> None:
    operations = Operation.objects.filter(**_scope("case_id", ids)).order_by("date", "id").values(
        "id", "case_id", "date", "surgeon_id", "procedure", "reconstruction",
        "sphincter_preserved", "permanent_stoma_18m", "limb_outcome", "stoma_closure_date",
        "cci")
    for operation in operations:
        found = records[operation["case_id"]]
        found.operations.append(operation)
        found.dates.append(operation["date"])
        if operation["stoma_closure_date"]:
            found.dates.append(operation["stoma_closure_date"])


def _load_complications(ids: Sequence[int], records: dict[int, _Records]) -> None:
    complications = Complication.objects.filter(**_scope("operation__case_id", ids)).values_list(
        "operation__case_id", "operation_id", "type", "date")
    for case_id, operation_id, kind, date in complications:
        records[case_id].dates.append(date)
        if kind == "anastomotic_leak":
            records[case_id].leak_operations.add(operation_id)


def _load_events(ids: Sequence[int], records: dict[int, _Records]) -> None:
    events = FollowUpEvent.objects.filter(**_scope("case_id", ids)).values_list(
        "case_id", "type", "date")
    for case_id, kind, date in events:
        found = records[case_id]
        found.dates.append(date)
        if kind not in found.events or date < found.events[kind]:
            found.events[kind] = date


def summarise(case: Mapping[str, Any], found: _Records) -> dict[str, Any]:
    diagnosed: dt.date = case["diagnosis_date"]
    death = case["patient__date_of_death"] or found.events.get("death")
    last_known = max([diagnosed, *found.dates, *([death] if death else [])])
    end = death or last_known

    def days(date: dt.date) -> int:
        return max(0, (date - diagnosed).days)

    disease = [d for d in (found.events.get("local_recurrence"),
                           found.events.get("distant_metastasis"), death) if d]
    local = found.events.get("local_recurrence")
    if local and (death is None or local <= death):
        lr_days, lr_cause = days(local), 1
    elif death:
        lr_days, lr_cause = days(death), 2
    else:
        lr_days, lr_cause = days(last_known), 0
    flags = _treatment_flags(case["pathway"], found)
    index = found.operations[0] if found.operations else None
    return dict(
        case_id=case["id"], site_id=case["site_id"], pathway=case["pathway"],
        diagnosis_year=diagnosed.year,
        stage=stage_group(case["pathological_stage"] or case["clinical_stage"] or ""),
        surgeon_id=index["surgeon_id"] if index else None,
        last_known=last_known, dead=int(death is not None),
        os_days=days(end), os_event=int(death is not None),
        dfs_days=days(min(disease)) if disease else days(last_known),
        dfs_event=int(bool(disease)),
        lr_days=lr_days, lr_cause=lr_cause,
        operated=int(index is not None),
        death_90d=_death_within_90_days(index, death, last_known),
        index_cci=index["cci"] if index else None,
        **flags,
    )


def _death_within_90_days(index: Mapping[str, Any] | None, death: dt.date | None,
                          last_known: dt.date) -> int | None:
    """1 died within 90 days of the index operation, 0 known alive at 90 days, None unknown."""
    if index is None:
        return None
    if death is not None and (death - index["date"]).days <= DAYS_90:
        return 1
    if death is not None or (last_known - index["date"]).days >= DAYS_90:
        return 0
    return None


def _treatment_flags(pathway: str, found: _Records) -> dict[str, Any]:
    operations = found.operations
    codes = {op["procedure"] for op in operations}
    flags: dict[str, Any] = {"reconstruction": None, "sphincter_preserved": None,
                             "permanent_stoma": None, "limb_salvage": None,
                             "anastomotic_leak": None}
    if pathway == "breast" and codes & v.MASTECTOMIES:
        flags["reconstruction"] = int(any(op["reconstruction"] in ("immediate", "delayed")
                                          for op in operations))
    if pathway == "rectum":
        flags.update(_rectal_flags(found))
    limb = [op["limb_outcome"] for op in operations if op["limb_outcome"]]
    if pathway in ("sarcoma", "bone_metastasis") and limb:
        flags["limb_salvage"] = int("amputation" not in limb)
    flags["treatment"] = _treatment_label(pathway, codes, flags)
    return flags


def _rectal_flags(found: _Records) -> dict[str, Any]:
    resections = [op for op in found.operations if op["procedure"] in v.RECTAL_RESECTIONS]
    flags: dict[str, Any] = {}
    if resections:
        flags["sphincter_preserved"] = int(bool(resections[0]["sphincter_preserved"]))
    known = [op["permanent_stoma_18m"] for op in resections
             if op["permanent_stoma_18m"] is not None]
    if any(op["procedure"] in v.SPHINCTER_REMOVING for op in resections) or any(known):
        flags["permanent_stoma"] = 1
    elif known:
        flags["permanent_stoma"] = 0
    joined = [op["id"] for op in resections if op["procedure"] in v.WITH_ANASTOMOSIS]
    if joined:
        flags["anastomotic_leak"] = int(bool(found.leak_operations.intersection(joined)))
    return flags


def _treatment_label(pathway: str, codes: set[str], flags: dict[str, Any]) -> str:
    if not codes:
        return "no_surgery"
    if pathway == "breast":
        if flags["reconstruction"] is None:
            return "breast_conserving" if "BCS" in codes else "other_surgery"
        return "reconstruction" if flags["reconstruction"] else "no_reconstruction"
    if pathway == "rectum" and flags["sphincter_preserved"] is not None:
        return "sphincter_preserved" if flags["sphincter_preserved"] else "no_sphincter"
    if flags["limb_salvage"] is not None:
        return "limb_salvage" if flags["limb_salvage"] else "amputation"
    return "surgery" if pathway == "melanoma" else "other_surgery"


TREATMENT_LABELS = {
    "no_surgery": _("No operation recorded"),
    "breast_conserving": _("Breast-conserving surgery"),
    "reconstruction": _("Mastectomy with reconstruction"),
    "no_reconstruction": _("Mastectomy without reconstruction"),
    "sphincter_preserved": _("Sphincter preserved"),
    "no_sphincter": _("Sphincter not preserved"),
    "limb_salvage": _("Limb salvage"),
    "amputation": _("Amputation"),
    "surgery": _("Operated"),
    "other_surgery": _("Other operation"),
}
