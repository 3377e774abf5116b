"""Importing Bundles: validate, plan, then write inside one transaction (writer.py).
Several bundles can be written together (the command line's files): one lookup of existing
patients and one bulk insert per table for all of them, and one outcome-summary refresh.
Any error rolls everything back and is reported in an OperationOutcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from tumorboard.board.models import Recommendation
from tumorboard.fhir import bulk, operations, received, sent
from tumorboard.fhir import plan as planning
from tumorboard.fhir.problems import FhirInputError, Issue, Problems
from tumorboard.fhir.validate import checked_bundle, load_json
from tumorboard.fhir.writer import ImportContext, Writer, stored_mrns
from tumorboard.network.models import Site
from tumorboard.outcomes.hooks import deferred_refresh
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput

__all__ = ["ImportContext", "ImportResult", "import_bundle", "import_bundles"]
RawBundle = bytes | str | dict[str, Any]
DEFAULT_TYPES = frozenset({"transaction", "collection"})


@dataclass
class ImportResult:
    bundle_type: str
    locations: dict[int, tuple[str, str]]  # entry index -> (status, "Type/id")
    issues: list[Issue]
    patients: int
    cases: int
    resources: int


class Lookup:
    """What the planner may ask about records already in tumorboard, within the scope."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def _visible(self, site_id: int) -> bool:
        allowed = self.context.allowed_site_ids
        return allowed is None or site_id in allowed

    def __call__(self, kind: str, external_id: str) -> Any:
        if kind == "Patient":
            found = Patient.objects.filter(external_id=external_id).values_list("site_id")
            return any(self._visible(row[0]) for row in found)
        if kind == "CarePlan":  # one of our signed recommendations, exported and sent back
            signed = Recommendation.objects.filter(external_id=external_id,
                                                   signed_at__isnull=False)
            return any(self._visible(row[0]) for row in signed.values_list("case__site_id"))
        case = Case.objects.filter(external_id=external_id).values_list("site_id", "pathway")
        row = case.first()
        if row is None or not self._visible(row[0]):
            return "" if kind == "pathway" else False
        return row[1] if kind == "pathway" else True


@dataclass
class _Staged:
    index: int
    bundle: dict[str, Any]
    planned: planning.BundlePlan
    writer: Writer

    def result(self) -> ImportResult:
        writer = self.writer
        return ImportResult(self.bundle["type"], writer.locations(),
                            self.planned.problems.issues, writer.patient_count,
                            writer.case_count, len(self.bundle.get("entry") or []))

    def check(self) -> None:
        if self.planned.problems.errors:
            raise FhirInputError(self.planned.problems, 422, index=self.index)


def import_bundle(raw: RawBundle, context: ImportContext, *,
                  types: frozenset[str] = DEFAULT_TYPES) -> ImportResult:
    return import_bundles([raw], context, types=types)[0]


def import_bundles(raws: Sequence[RawBundle], context: ImportContext, *,
                   types: frozenset[str] = DEFAULT_TYPES) -> list[ImportResult]:
    """Import the bundles in order, all or none. The first bad bundle raises
    FhirInputError with its position in `index`. Outcome summaries are refreshed once at the
    end, inside the transaction (or by the caller's own deferred_refresh block)."""
    sites: dict[str, Site | None] = {}
    staged: list[_Staged] = []
    with transaction.atomic(), deferred_refresh() as new_case_ids:
        for index, raw in enumerate(raws):
            try:
                staged.append(_planned(index, raw, context, types, sites))
            except FhirInputError as error:
                _write(staged, context, new_case_ids)  # an earlier bundle's error comes first
                error.index = index
                raise
        _write(staged, context, new_case_ids)
        _screen_new(new_case_ids)
    return [item.result() for item in staged]


def _screen_new(case_ids: set[int]) -> None:
    """Cases written in bulk (without the services) are screened once, in the import's
    transaction, like every case whose facts change; the services screen their own."""
    from tumorboard.decisions.bulk import screen_in_bulk

    unscreened = Case.objects.filter(pk__in=case_ids, screenings__isnull=True)
    if case_ids and unscreened.exists():
        screen_in_bulk(unscreened)


def _planned(index: int, raw: RawBundle, context: ImportContext, types: frozenset[str],
             sites: dict[str, Site | None]) -> _Staged:
    document = raw if isinstance(raw, dict) else load_json(raw)
    bundle = checked_bundle(document, types)
    planned = planning.Planner(bundle, Lookup(context)).plan()
    item = _Staged(index, bundle, planned, Writer(context, planned.problems, sites))
    item.check()
    return item


def _write(staged: list[_Staged], context: ImportContext, new_case_ids: set[int]) -> None:
    keys = [key for item in staged for key in item.writer.mrn_keys(item.planned.patients)]
    found = stored_mrns(keys)
    seen: set[tuple[int, str]] = set()
    fresh: list[bulk.NewPatient] = []
    for item in staged:
        fresh.extend(item.writer.prepare(item.planned.patients, found, seen))
        item.check()
    if fresh:
        try:
            new_case_ids.update(bulk.write(fresh, context.user, context.request))
        except IntegrityError:  # another writer stored one of these MRNs since the lookup
            problems = Problems()
            problems.error("Bundle", "a patient with one of these MRNs was stored at the same "
                           "time by someone else; nothing was written, send it again",
                           code="conflict")
            raise FhirInputError(problems, 409, index=staged[0].index) from None
    for item in staged:
        item.writer.write_updates()
        item.check()
    for item in staged:
        _treatments(item, context)
        item.check()
    _keep_sent(staged)


def _treatments(item: _Staged, context: ImportContext) -> None:
    """Procedures -> registry operations, CarePlans -> received plans, and the case status
    sent, for the cases written."""
    writer, problems = item.writer, item.planned.problems
    for plan in item.planned.patients:
        for case_plan in plan.cases:
            if not (case_plan.procedures or case_plan.status or case_plan.careplans):
                continue
            written = writer.case_ids.get(case_plan.index)
            external = written[1].split("/")[1] if written else case_plan.existing_case
            case = Case.objects.select_related("patient").filter(external_id=external).first()
            if case is None:
                continue
            try:
                _case_treatments(case, case_plan, context, writer)
            except InvalidInput as error:
                for name, message in error.errors.items():
                    problems.error(case_plan.where, f"{name}: {message}", code="invariant")


def _case_treatments(case: Case, plan: planning.CasePlan, context: ImportContext,
                     writer: Writer) -> None:
    for index, key, resource_id, values in plan.procedures:
        status, operation = operations.save_operation(context.user, case, key, resource_id,
                                                      values, context.request)
        writer.case_ids[index] = (status, f"Procedure/{operation.external_id}")
    for index, values in plan.careplans:
        status, received_plan = received.save_received(context.user, case, values,
                                                       context.request)
        writer.case_ids[index] = (status, f"CarePlan/{received_plan.external_id}")
    if plan.status:
        operations.move_status(context.user, case, plan.status, context.request)


def _keep_sent(staged: list[_Staged]) -> None:
    """What the senders sent beside our fields, for every patient and case written."""
    patients: dict[str, dict[str, Any]] = {}
    cases: dict[str, dict[str, Any]] = {}
    for item in staged:
        written = {**item.writer.patient_ids, **item.writer.case_ids}
        for plan in item.planned.patients:
            if plan.sent and plan.index in item.writer.patient_ids:
                patients[written[plan.index][1].split("/")[1]] = plan.sent
            for case in plan.cases:
                if case.sent and case.index in item.writer.case_ids:
                    cases[item.writer.case_ids[case.index][1].split("/")[1]] = case.sent
    sent.save(patients, cases)
