"""CSV import of follow-up events: all rows or none.

Columns: ``case`` (the case's id, a UUID), ``type``, ``date`` (YYYY-MM-DD),
``cause_of_death`` (deaths only) and optional ``notes``. Rows are recorded in file order,
each through ``do_record_follow_up`` with every rule of a single entry, inside one
transaction: the first bad row stops the import, names its line and field, and nothing is
kept. Line numbers count the header as line 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.outcomes import services
from tumorboard.patients import queries
from tumorboard.patients.validation import InvalidInput

REQUIRED_COLUMNS = ("case", "type", "date")
OPTIONAL_COLUMNS = ("cause_of_death", "notes")
MAX_ROWS = 50_000


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


def _reader(text: str) -> csv.DictReader[str]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        raise ImportFailed(None, "file", "The file is empty.")
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise ImportFailed(1, column, f"The header has no {column!r} column.")
    unknown = sorted(set(columns) - set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS))
    if unknown:
        raise ImportFailed(1, unknown[0], "Unknown column.")
    reader.fieldnames = columns
    return reader


def _values(row: dict[str, str | None], line: int) -> dict[str, object]:
    text = (row.get("date") or "").strip()
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ImportFailed(line, "date", f"{text or '(empty)'} is not a date YYYY-MM-DD.") from None
    return {"type": (row.get("type") or "").strip(), "date": date,
            "cause_of_death": (row.get("cause_of_death") or "").strip(),
            "notes": (row.get("notes") or "").strip()[:300]}


def import_follow_up(user: AnyUser, text: str, *, filename: str = "",
                     request: HttpRequest | None = None) -> ImportResult:
    access.require_role(user, access.WRITE_PATIENTS)
    reader = _reader(text)
    count = 0
    with transaction.atomic():
        for count, row in enumerate(reader, start=1):
            line = reader.line_num
            if count > MAX_ROWS:
                raise ImportFailed(line, "file", f"More than {MAX_ROWS} rows; split the file.")
            if None in row:
                raise ImportFailed(line, "file", "The row has more cells than the header.")
            try:
                case = queries.get_case(user, (row.get("case") or "").strip(), write=True)
            except (Http404, PermissionDenied):
                raise ImportFailed(line, "case", "No case with this id at your sites.") from None
            try:
                services.do_record_follow_up(user, case, _values(row, line), request=request)
            except InvalidInput as error:
                raise ImportFailed(line, error.field, error.errors[error.field]) from None
        if count == 0:
            raise ImportFailed(None, "file", "The file has a header but no rows.")
        audit.record(user=user, action="import", object_type="follow_up_event",
                     request=request, detail={"rows": count, "file": filename[:100]})
    return ImportResult(count)
