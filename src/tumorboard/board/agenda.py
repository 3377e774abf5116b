"""Ordering an agenda by a saved template's sort keys: pure, no Django."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tumorboard.pathways.messages import gettext_noop

# key -> label (a catalogue msgid: read through gettext where it is shown)
SORT_KEYS: dict[str, str] = {
    "urgent_first": gettext_noop("Urgent cases first"),
    "new_first": gettext_noop("New cases before re-discussions"),
    "lead_clinician": gettext_noop("Grouped by lead clinician"),
    "patient_name": gettext_noop("By patient name"),
    "listed_order": gettext_noop("In the order they were listed"),
}


def _value(key: str, row: Mapping[str, Any]) -> Any:
    if key == "urgent_first":
        return 0 if row.get("urgency") == "urgent" else 1
    if key == "new_first":
        return 1 if row.get("discussed_before") else 0
    if key == "lead_clinician":
        return str(row.get("lead_clinician") or "~")  # "~" sorts cases without one last
    if key == "patient_name":
        return str(row.get("patient_name") or "")
    return row.get("listed_at")


def unknown_keys(keys: Sequence[str]) -> list[str]:
    return [key for key in keys if key not in SORT_KEYS]


def order_rows(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> list[Any]:
    """The rows' `id`s in template order; ties keep the listing order (stable)."""
    chain = [*keys, "listed_order"]
    ordered = sorted(rows, key=lambda row: tuple(_value(k, row) for k in chain))
    return [row["id"] for row in ordered]
