"""Read and validate the CSV of ``tumorboard analyze`` (one row per patient)."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tumorboard.outcomes.analytics.counts import FloatArray, IntArray


class InputError(ValueError):
    """Bad input, reported as ``{"error": message, "field": field}`` with exit status 2."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Observations:
    time: FloatArray
    event: IntArray
    group: list[str] | None


def _read_rows(path: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line number, cells)`` of each non-blank data row."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except (OSError, UnicodeDecodeError) as problem:
        raise InputError(f"cannot read {path}: {problem}", "input") from problem
    except csv.Error as problem:
        raise InputError(f"{path} is not valid CSV: {problem}", "input") from problem
    if not rows:
        raise InputError(f"{path} is empty", "input")
    if len(rows) == 1:
        raise InputError(f"{path} has a header but no data rows", "input")
    return rows[0][1], rows[1:]


def _column(header: list[str], name: str, option: str) -> int:
    if name not in header:
        raise InputError(f"column {name!r} (--{option}) is not in the CSV header", name)
    return header.index(name)


def _cell(row: list[str], index: int, line: int, name: str) -> str:
    if index >= len(row):
        raise InputError(f"row {line} has no value for column {name!r}", name)
    return row[index]


def _parse_time(text: str, line: int, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"row {line}: time {text!r} is not a number", name) from None
    if not math.isfinite(value):
        raise InputError(f"row {line}: time {text!r} is not a finite number", name)
    if value < 0:
        raise InputError(f"row {line}: time {text!r} is negative", name)
    return value


def _parse_event(text: str, line: int, name: str, max_code: int | None) -> int:
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"row {line}: event code {text!r} is not an integer", name) from None
    if not math.isfinite(number) or number != int(number):
        raise InputError(f"row {line}: event code {text!r} is not an integer", name)
    code = int(number)
    if code < 0:
        raise InputError(f"row {line}: event code {text!r} is negative", name)
    if max_code is not None and code > max_code:
        raise InputError(f"row {line}: event code {text!r} must be 0 (censored) or 1", name)
    return code


def read_observations(
    path: str, time_col: str, event_col: str, group_col: str | None, max_code: int | None
) -> Observations:
    """Times, event codes and (optionally) group labels exactly as written in the CSV."""
    header, rows = _read_rows(path)
    time_index = _column(header, time_col, "time")
    event_index = _column(header, event_col, "event")
    group_index = _column(header, group_col, "by") if group_col is not None else None
    times: list[float] = []
    events: list[int] = []
    groups: list[str] = []
    for line, row in rows:
        times.append(_parse_time(_cell(row, time_index, line, time_col).strip(), line, time_col))
        raw_event = _cell(row, event_index, line, event_col).strip()
        events.append(_parse_event(raw_event, line, event_col, max_code))
        if group_index is not None and group_col is not None:
            groups.append(_cell(row, group_index, line, group_col))
    return Observations(
        time=np.asarray(times, dtype=np.float64),
        event=np.asarray(events, dtype=np.int64),
        group=groups if group_index is not None else None,
    )


def read_rows(
    path: str, columns: Sequence[tuple[str | None, str]]
) -> list[tuple[int, tuple[str | None, ...]]]:
    """``(line, cells)`` per data row for ``(column, option)`` pairs; a cell is None where
    the column was not asked for (column None)."""
    header, rows = _read_rows(path)
    indexes = [None if name is None else _column(header, name, option) for name, option in columns]
    return [
        (
            line,
            tuple(
                None if index is None or name is None else _cell(row, index, line, name).strip()
                for index, (name, _) in zip(indexes, columns, strict=True)
            ),
        )
        for line, row in rows
    ]
