"""A theatre week: frozen dataclasses and a validating parser (shared/contracts/theatre.md).

`parse_instance` turns the instance JSON into an `Instance` or raises
`InstanceError(field, message)`, where `field` is a JSON-path-like string such as
"cases[3].earliest", so that the CLI, the API and the forms can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

# FSSA/RCS surgical prioritisation classes and the weights of objective level 1
WEIGHTS = {"P1": 8, "P2": 4, "P3": 2, "P4": 1}
DAY_MINUTES = 24 * 60
MAX_DAYS = 3650  # ten years: waits, targets and stays beyond this are typing errors
MAX_COUNT = 100_000
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InstanceError(ValueError):
    """Bad input, with the field (JSON path) where it was found."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"error": self.message, "field": self.field}


@dataclass(frozen=True)
class Session:
    id: str
    date: date
    room: str
    start: int  # minutes from midnight
    end: int
    surgeon: str


@dataclass(frozen=True)
class Pin:
    session: str
    start: int
    place: str = field(default="fixed", compare=False)  # where it came from, for errors


@dataclass(frozen=True)
class Case:
    id: str
    surgeon: str
    duration: int
    priority: str
    waiting_days: int
    target_days: int
    los_days: int
    earliest: date | None = None
    fixed: Pin | None = None

    @property
    def weight(self) -> int:
        return WEIGHTS[self.priority]


@dataclass(frozen=True)
class Instance:
    turnover: int
    capacity: int
    occupied: Mapping[date, int]
    sessions: tuple[Session, ...]
    cases: tuple[Case, ...]

    @property
    def first_date(self) -> date | None:
        return min((s.date for s in self.sessions), default=None)

    @property
    def last_date(self) -> date | None:
        return max((s.date for s in self.sessions), default=None)

    def day_offset(self, day: date) -> int:
        first = self.first_date
        return (day - first).days if first else 0

    def breaches_on(self, case: Case, day: date | None) -> bool:
        """Waiting days on `day` (counted from the first session date) exceed the target."""
        offset = self.day_offset(day) if day else 0
        return case.waiting_days + offset > case.target_days

    def free_beds(self, day: date) -> int:
        return max(0, self.capacity - self.occupied.get(day, 0))

    @cached_property
    def _sessions_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

    @cached_property
    def _cases_by_id(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases}

    def session(self, session_id: str) -> Session:
        return self._sessions_by_id[session_id]

    def case(self, case_id: str) -> Case:
        return self._cases_by_id[case_id]


def parse_instance(data: Any, fixed: Mapping[str, tuple[str, str]] | None = None) -> Instance:
    """Validate JSON-shaped `data` (and the pinned cases) into an `Instance`."""
    root = _object(data, "$")
    turnover = _int(root, "turnover_min", "$", high=DAY_MINUTES)
    beds = _object(root.get("beds"), "beds")
    capacity = _int(beds, "capacity", "beds", high=MAX_COUNT)
    occupied = _occupied(beds.get("occupied", {}))
    sessions = _sessions(_list(root, "sessions"))
    cases = _cases(_list(root, "cases"), {s.id: s for s in sessions}, fixed or {})
    instance = Instance(turnover, capacity, occupied, sessions, cases)
    from .pins import check_pins  # pins validates against the whole instance

    check_pins(instance)
    return instance


def parse_time(value: Any, field: str) -> int:
    """'HH:MM' (00:00 to 24:00) to minutes from midnight."""
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise InstanceError(field, 'must be a time "HH:MM" within the day')
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > DAY_MINUTES:
        raise InstanceError(field, "must be within the day (at most 24:00)")
    return minutes


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(value: Any, field: str) -> date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise InstanceError(field, 'must be an ISO date "YYYY-MM-DD"')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InstanceError(field, f"{value} is not a calendar date") from None


# --- parts -----------------------------------------------------------------------------


def _occupied(value: Any) -> dict[date, int]:
    occupied = _object(value, "beds.occupied")
    out: dict[date, int] = {}
    for key, count in occupied.items():
        place = f"beds.occupied.{key}"
        day = parse_date(key, place)
        if not _is_int(count) or not 0 <= count <= MAX_COUNT:
            raise InstanceError(place, "must be a whole number of beds, 0 or more")
        out[day] = count
    return out


def _sessions(items: list[Any]) -> tuple[Session, ...]:
    sessions: list[Session] = []
    for index, item in enumerate(items):
        place = f"sessions[{index}]"
        raw = _object(item, place)
        start = parse_time(raw.get("start"), f"{place}.start")
        end = parse_time(raw.get("end"), f"{place}.end")
        if end <= start:
            raise InstanceError(f"{place}.end", "must be after the start on the same day")
        session = Session(_text(raw, "id", place), parse_date(raw.get("date"), f"{place}.date"),
                          _text(raw, "room", place), start, end, _text(raw, "surgeon", place))
        _no_clash(session, sessions, place)
        sessions.append(session)
    return tuple(sessions)


def _no_clash(session: Session, earlier: list[Session], place: str) -> None:
    for other in earlier:
        if other.id == session.id:
            raise InstanceError(f"{place}.id", f"session {session.id} is listed twice")
        overlaps = (other.date == session.date and other.start < session.end
                    and session.start < other.end)
        if overlaps and other.room == session.room:
            raise InstanceError(f"{place}.start", f"overlaps session {other.id} in {other.room}")
        if overlaps and other.surgeon == session.surgeon:
            raise InstanceError(f"{place}.start",
                                f"{session.surgeon} already has session {other.id} then")


def _cases(items: list[Any], sessions: Mapping[str, Session],
           fixed: Mapping[str, tuple[str, str]]) -> tuple[Case, ...]:
    cases: list[Case] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        case = _case(_object(item, f"cases[{index}]"), f"cases[{index}]")
        if case.id in seen:
            raise InstanceError(f"cases[{index}].id", f"case {case.id} is listed twice")
        seen.add(case.id)
        cases.append(case)
    unknown = sorted(set(fixed) - seen)
    if unknown:
        raise InstanceError(f"fixed.{unknown[0]}", "no such case in the instance")
    return tuple(_with_pin(c, i, fixed.get(c.id), sessions) for i, c in enumerate(cases))


def _case(raw: Mapping[str, Any], place: str) -> Case:
    priority = raw.get("priority")
    if priority not in WEIGHTS:
        raise InstanceError(f"{place}.priority", "must be one of P1, P2, P3, P4")
    earliest = raw.get("earliest")
    if earliest is None and priority == "P1":
        raise InstanceError(f"{place}.earliest", "a P1 case needs its date (within 72 hours)")
    duration = _int(raw, "duration_min", place, high=DAY_MINUTES)
    if duration == 0:
        raise InstanceError(f"{place}.duration_min", "must be at least one minute")
    return Case(
        id=_text(raw, "id", place), surgeon=_text(raw, "surgeon", place), duration=duration,
        priority=priority, waiting_days=_int(raw, "waiting_days", place, high=MAX_DAYS),
        target_days=_int(raw, "target_days", place, high=MAX_DAYS),
        los_days=_int(raw, "los_days", place, high=MAX_DAYS),
        earliest=None if earliest is None else parse_date(earliest, f"{place}.earliest"),
        fixed=_pin(raw.get("fixed"), f"{place}.fixed"))


def _pin(value: Any, place: str) -> Pin | None:
    if value is None:
        return None
    raw = _object(value, place)
    return Pin(_text(raw, "session", place), parse_time(raw.get("start"), f"{place}.start"), place)


def _with_pin(case: Case, index: int, pinned: tuple[str, str] | None,
              sessions: Mapping[str, Session]) -> Case:
    """Attach the coordinator's pin (from `fixed`), then check the session is the surgeon's."""
    place = f"fixed.{case.id}" if pinned is not None else f"cases[{index}].fixed"
    if pinned is not None:
        if not (isinstance(pinned, tuple | list) and len(pinned) == 2):
            raise InstanceError(place, 'must be (session id, "HH:MM")')
        session_id = pinned[0] if isinstance(pinned[0], str) else ""
        case = replace(case, fixed=Pin(session_id, parse_time(pinned[1], f"{place}.start"), place))
    if case.fixed is None:
        return case
    session = sessions.get(case.fixed.session)
    if session is None:
        raise InstanceError(f"{place}.session", f"no session {case.fixed.session!r}")
    if session.surgeon != case.surgeon:
        raise InstanceError(f"{place}.session",
                            f"session {session.id} is {session.surgeon}'s, not {case.surgeon}'s")
    return case


# --- field helpers ---------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _object(value: Any, place: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(place, "must be a JSON object")
    return value


def _list(root: Mapping[str, Any], key: str) -> list[Any]:
    value = root.get(key)
    if not isinstance(value, list):
        raise InstanceError(key, "must be a JSON list")
    return value


def _text(raw: Mapping[str, Any], key: str, place: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{place}.{key}", "must be a non-empty string")
    return value


def _int(raw: Mapping[str, Any], key: str, place: str, *, high: int) -> int:
    where = key if place == "$" else f"{place}.{key}"
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InstanceError(where, "must be a whole number")
    if value < 0:
        raise InstanceError(where, "must not be negative")
    if value > high:
        raise InstanceError(where, f"must be at most {high}")
    return int(value)
