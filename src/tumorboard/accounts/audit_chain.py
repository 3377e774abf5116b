"""The audit trail's hash chain: canonical serialisation, sealing and verification.

Imports nothing from Django so that the migration that chains existing rows and the
`audit verify` command compute exactly the same thing, now and in ten years.

Each row stores `seq` (1, 2, 3, … with no gaps), `prev_hash` (the previous row's hash, or
GENESIS for the first) and `hash` = SHA-256 over a sorted-keys JSON of every stored column
except the database id (assigned by the database after the hash is computed; `seq` stands
in for it) plus `prev_hash`. Editing, deleting or inserting a row anywhere but at the end
breaks the chain at that row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# Rows written before the chain took its time under a lock may be out of time order by a
# moment; a backdated forgery is hours or days out.
BACKDATING_TOLERANCE = dt.timedelta(seconds=1)

# Every stored column of accounts_auditevent except id and hash, by its attribute name.
HASHED_FIELDS = (
    "seq", "at", "user_id", "username", "action", "object_type", "object_id", "patient_id",
    "site_id", "ip_address", "channel", "path", "detail", "prev_hash",
)


def _canonical_value(name: str, value: Any) -> Any:
    if name == "at":
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("audit time must be an aware datetime")
        return value.astimezone(dt.UTC).isoformat()
    if name == "ip_address":
        return None if value in (None, "") else str(value)
    return value


def canonical(row: Mapping[str, Any]) -> str:
    """The sorted-keys JSON of a row's hashed columns (UTC ISO time)."""
    data = {name: _canonical_value(name, row.get(name)) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(row: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(row).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Head:
    """The last row of the chain: what the next row links to."""

    seq: int = 0
    hash: str = GENESIS
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Break:
    """The first broken row; `reason` is an untranslated message, `params` fill it."""

    id: int
    at: dt.datetime | None
    reason: str
    params: dict[str, Any]


@dataclass
class Walk:
    """Verification state; feed rows in id order with `step`."""

    head: Head = Head()
    checked: int = 0
    broken: Break | None = None

    def step(self, row: Mapping[str, Any]) -> bool:
        """Check one row; False (and `broken` set) at the first break."""
        why = _why_broken(row, self.head)
        if why is not None:
            self.broken = Break(int(row["id"]), row.get("at"), *why)
            return False
        self.head = Head(int(row["seq"]), str(row["hash"]), row["at"])
        self.checked += 1
        return True


def gettext_noop(message: str) -> str:
    """Marks a message for translation; the caller translates it (this module is pure)."""
    return message


def _why_broken(row: Mapping[str, Any], head: Head) -> tuple[str, dict[str, Any]] | None:
    if row.get("seq") is None or not row.get("hash"):
        return gettext_noop("row is not chained (no sequence number or hash)"), {}
    if row_hash(row) != row["hash"]:
        return gettext_noop("edited content: the stored hash does not match the row"), {}
    seq = int(row["seq"])
    if seq > head.seq + 1:
        return (gettext_noop("missing row(s): the sequence jumps from %(before)s to %(seq)s"),
                {"before": head.seq, "seq": seq})
    if seq <= head.seq:
        return (gettext_noop("out of sequence: %(seq)s after %(before)s (a forged row)"),
                {"before": head.seq, "seq": seq})
    if row["prev_hash"] != head.hash:
        return gettext_noop("broken link: it does not follow the previous row (a forged row)"), {}
    if head.at is not None and row["at"] < head.at - BACKDATING_TOLERANCE:
        return gettext_noop("time runs backwards: earlier than the previous row (backdated)"), {}
    return None


def seal(rows: Iterable[dict[str, Any]], head: Head) -> Head:
    """Give each new row (a dict of its columns) its seq, prev_hash and hash, in order."""
    for row in rows:
        row["seq"] = head.seq + 1
        row["prev_hash"] = head.hash
        row["hash"] = row_hash(row)
        head = Head(row["seq"], row["hash"], row["at"])
    return head
