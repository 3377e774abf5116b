"""CSV import of follow-up events: bounded, checked as a whole, then written in bulk.

Columns: ``case`` (the case's id, a UUID), ``type``, ``date`` (YYYY-MM-DD),
``cause_of_death`` (deaths only) and optional ``notes``. A file is refused above
``OUTCOMES_IMPORT_MAX_BYTES`` bytes or ``OUTCOMES_IMPORT_MAX_ROWS`` rows. Every row is
checked against the rules of a single entry (outcomes.follow_up) in file order, seeing the
rows before it, before anything is written: the first bad row names its line and field and
nothing is kept. Then the events are inserted with one bulk insert, deaths set the
patient's date of death through the patients service, the outcome summaries are refreshed
once and the audit rows are appended together. Locks: the patients of the file (rows of
one site's patients) and the tallies of the sites of its cases, never a global one.
Line numbers count the header as line 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes import follow_up, hooks
from tumorboard.outcomes.models import FollowUpEvent
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import Case, Patient

REQUIRED_COLUMNS = ("case", "type", "date")
OPTIONAL_COLUMNS = ("cause_of_death", "notes")
CHUNK = follow_up.CHUNK
BATCH = 1000


class ImportFailed(ValueError):
    def __init__(self, line: int | None, field: str, message: str) -> None:
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{field}: {message}")
        self.line, self.field, self.message = line, field, message

    def to_dict(self) -> dict[str, object]:
        return {"error": self.message, "field": self.field, "line": self.line}


@dataclass(frozen=True)
class ImportResult:
    imported: int


@dataclass
class _Row:
    line: int
    case: uuid.UUID | None
    values: dict[str, object]
    error: ImportFailed | None = None  # reported when the check reaches this row


def max_bytes() -> int:
    return int(settings.OUTCOMES_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(settings.OUTCOMES_IMPORT_MAX_ROWS)


def check_size(size: int) -> None:
    """Refuse a file above the byte limit before reading it (the page and the command)."""
    if size > max_bytes():
        raise ImportFailed(None, "file", _(
            "The file has %(size)s bytes, more than the limit of %(limit)s bytes "
            "(OUTCOMES_IMPORT_MAX_BYTES); split the file.") % {"size": size,
                                                              "limit": max_bytes()})


def _text(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    check_size(len(raw))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(None, "file", _("The file is not UTF-8.")) from None


def _reader(text: str) -> csv.DictReader[str]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        raise ImportFailed(None, "file", _("The file is empty."))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            # The page names the column (as code) beside the message.
            raise ImportFailed(1, column, _("The header lacks this column."))
    unknown = sorted(set(columns) - set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS))
    if unknown:
        raise ImportFailed(1, unknown[0], _("Unknown column."))
    reader.fieldnames = columns
    return reader


def _row(row: dict[str, str | None], line: int) -> _Row:
    try:
        case: uuid.UUID | None = uuid.UUID((row.get("case") or "").strip())
    except ValueError:
        case = None
    text = (row.get("date") or "").strip()
    values: dict[str, object] = {
        "type": (row.get("type") or "").strip(), "date": None,
        "cause_of_death": (row.get("cause_of_death") or "").strip(),
        "notes": (row.get("notes") or "").strip()[:300]}
    try:
        values["date"] = dt.date.fromisoformat(text)
    except ValueError:
        return _Row(line, case, values, ImportFailed(
            line, "date", _("%(text)s is not a date YYYY-MM-DD.") % {
                "text": text or _("(empty)")}))
    return _Row(line, case, values)


def parse(data: bytes | str) -> list[_Row]:
    """The rows of the file, within the limits; no database access."""
    reader = _reader(_text(data))
    rows: list[_Row] = []
    for count, row in enumerate(reader, start=1):
        if count > max_rows():
            raise ImportFailed(reader.line_num, "file", _(
                "More than %(limit)s rows, the limit (OUTCOMES_IMPORT_MAX_ROWS); split the "
                "file.") % {"limit": max_rows()})
        if None in row:
            raise ImportFailed(reader.line_num, "file",
                               _("The row has more cells than the header."))
        rows.append(_row(row, reader.line_num))
    if not rows:
        raise ImportFailed(None, "file", _("The file has a header but no rows."))
    return rows


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def _cases(user: AnyUser, rows: list[_Row]) -> dict[uuid.UUID, Case]:
    """The cases the rows name, at the user's sites (others are 'no such case')."""
    found: dict[uuid.UUID, Case] = {}
    sites = door.site_ids(user)
    for ids in _chunks({row.case for row in rows if row.case is not None}):
        for case in Case.objects.filter(external_id__in=ids, site_id__in=sites).select_related(
                "patient"):
            found[case.external_id] = case
    return found


def _lock_patients(patient_ids: set[int]) -> None:
    """Row locks on this file's patients only, in one order, so single entries for the
    same patients wait and entries for anybody else (any other site) do not."""
    for ids in _chunks(patient_ids):
        list(Patient.objects.select_for_update().filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))


def _event(user: AnyUser, case: Case, row: _Row) -> FollowUpEvent:
    event = FollowUpEvent(case=case, recorded_by=user if isinstance(user, User) else None,
                          **row.values)
    try:
        event.full_clean(exclude=["case", "recorded_by"], validate_unique=False,
                         validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise ImportFailed(row.line, name, " ".join(messages)) from None
    return event


def check(user: AnyUser, rows: list[_Row]) -> list[FollowUpEvent]:
    """Every rule, row by row in file order; the unsaved events when all rows pass."""
    cases = _cases(user, rows)
    _lock_patients({case.patient_id for case in cases.values()})
    states = follow_up.load_states({case.patient_id for case in cases.values()})
    today = timezone.localdate()
    events = []
    for row in rows:
        if row.error is not None:
            raise row.error
        case = cases.get(row.case) if row.case is not None else None
        if case is None:
            raise ImportFailed(row.line, "case", _("No case with this id at your sites."))
        state = states[case.patient_id]
        errors = follow_up.errors(case, row.values, state, today)
        if errors:
            name = next(iter(errors))
            raise ImportFailed(row.line, name, errors[name])
        events.append(_event(user, case, row))
        state.note(case.pk, str(row.values["type"]), row.values["date"])  # type: ignore[arg-type]
    return events


def _audit_rows(user: AnyUser, request: HttpRequest | None,
                events: list[FollowUpEvent]) -> list[AuditEvent]:
    """The rows audit.record would write for each event, appended in one bulk insert."""
    real = user if isinstance(user, User) else None
    name = real.get_username() if real is not None else ""
    if not name and request is None:
        name = audit.system_actor()
    common = {"user": real, "username": name, "action": "create",
              "object_type": "follow_up_event", "ip_address": audit.client_ip(request),
              "channel": audit._channel_of(request),  # the one definition of the channels
              "path": request.get_full_path()[:300] if request is not None else ""}
    return [AuditEvent(object_id=str(e.external_id), patient_id=str(e.case.patient.external_id),
                       site_id=e.case.site_id, detail={"type": e.type, "date": str(e.date)},
                       **common) for e in events]


def _write(user: AnyUser, events: list[FollowUpEvent], request: HttpRequest | None) -> None:
    deaths: dict[int, tuple[Patient, dt.date]] = {}
    for event in events:
        patient = event.case.patient
        if event.type == "death" and patient.date_of_death is None:
            deaths.setdefault(patient.pk, (patient, event.date))
    with hooks.deferred_refresh() as refresh:  # one summary refresh, at the block's end
        FollowUpEvent.objects.bulk_create(events, batch_size=BATCH)
        refresh.update(event.case_id for event in events)
        for patient, date in deaths.values():
            # Keeps Patient.date_of_death the single answer to "is this patient alive?".
            patient_services.do_update_patient(user, patient, {"date_of_death": date},
                                               request=request)
    AuditEvent.objects.bulk_create(_audit_rows(user, request, events), batch_size=BATCH)


def import_follow_up(user: AnyUser, data: bytes | str, *, filename: str = "",
                     request: HttpRequest | None = None) -> ImportResult:
    door.require(user, door.OUTCOMES, door.CHANGE)
    rows = parse(data)
    with transaction.atomic(durable=True):  # one user action, one transaction
        events = check(user, rows)
        _write(user, events, request)
        audit.record(user=user, action="import", object_type="follow_up_event",
                     request=request, detail={"rows": len(events), "file": filename[:100]})
    return ImportResult(len(events))
