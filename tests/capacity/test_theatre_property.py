"""Generated weeks: the optimiser's lists are valid and, level by level, never worse than the
first-come first-served baseline of the same instance; on tiny weeks they match the optimum
found by enumerating every assignment (written here independently of the planner)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tumorboard.capacity.theatre import baseline, check, solve

MONDAY = date(2026, 12, 7)
SURGEONS = ["li", "wang", "zhao"]
WEIGHT = {"P1": 8, "P2": 4, "P3": 2, "P4": 1}


@st.composite
def weeks(draw: st.DrawFn, max_cases: int = 8) -> dict[str, Any]:
    days = draw(st.integers(1, 4))
    sessions = []
    for k in range(draw(st.integers(1, 5))):
        start = draw(st.integers(7, 10)) * 60
        sessions.append({"id": f"S{k}", "date": (MONDAY + timedelta(days=k % days)).isoformat(),
                         "room": f"OR{k}", "start": f"{start // 60:02d}:00",
                         "end": f"{(start + draw(st.sampled_from([120, 240, 480]))) // 60:02d}:00",
                         "surgeon": draw(st.sampled_from(SURGEONS[:2]))})
    # one session per surgeon and day would be realistic; two are allowed if they don't clash
    sessions = _without_clashes(sessions)
    cases = []
    for k in range(draw(st.integers(1, max_cases))):
        priority = draw(st.sampled_from(list(WEIGHT)))
        case = {"id": f"C{k}", "surgeon": draw(st.sampled_from(SURGEONS)),
                "duration_min": draw(st.integers(3, 30)) * 10, "priority": priority,
                "waiting_days": draw(st.integers(0, 40)), "target_days": draw(st.integers(0, 40)),
                "los_days": draw(st.integers(0, 4))}
        if priority == "P1" or draw(st.booleans()):
            case["earliest"] = (MONDAY + timedelta(days=draw(st.integers(0, 4)))).isoformat()
        cases.append(case)
    occupied = {(MONDAY + timedelta(days=d)).isoformat(): draw(st.integers(0, 4))
                for d in range(draw(st.integers(0, 8)))}
    return {"turnover_min": draw(st.sampled_from([0, 15, 30])),
            "beds": {"capacity": draw(st.integers(0, 5)), "occupied": occupied},
            "sessions": sessions, "cases": cases}


def _without_clashes(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for s in sessions:
        if all(o["date"] != s["date"] or o["surgeon"] != s["surgeon"] for o in kept):
            kept.append(s)
    return kept


def key(lists: dict[str, Any]) -> tuple[int, int, int]:
    """Lexicographic objective, smaller is better."""
    s = lists["summary"]
    return (-s["weighted"], s["breaches"], -s["booked_minutes"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks())
def test_it_is_valid_and_never_worse_than_the_baseline(data: dict[str, Any]) -> None:
    planned, first = solve(data, time_limit=2, workers=1), baseline(data)
    assert check(data, planned) == []
    assert check(data, first) == []
    assert key(planned) <= key(first)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(), st.data())
def test_it_keeps_pinned_cases_where_they_were_put(data: dict[str, Any], extra: st.DataObject
                                                   ) -> None:
    first = baseline(data)
    placed = [(x["session"], c["id"], c["start"]) for x in first["lists"] for c in x["cases"]]
    pins = extra.draw(st.lists(st.sampled_from(placed), unique=True) if placed else st.just([]))
    fixed = {cid: (sid, start) for sid, cid, start in pins}
    planned = solve(data, time_limit=2, fixed=fixed, workers=1)
    pinned = {c["id"]: (x["session"], c["start"]) for x in planned["lists"] for c in x["cases"]}
    assert all(pinned.get(cid) == place for cid, place in fixed.items())
    assert check(data, planned) == []
    assert key(planned) <= key(baseline(data, fixed=fixed))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(max_cases=5))
def test_it_finds_the_optimum_of_tiny_weeks(data: dict[str, Any]) -> None:
    assert key(solve(data, time_limit=10, workers=1)) == brute_force(data)


def brute_force(data: dict[str, Any]) -> tuple[int, int, int]:
    """Every case into none or one of its sessions; the best feasible objective."""
    sessions = data["sessions"]
    first = min((date.fromisoformat(s["date"]) for s in sessions), default=MONDAY)
    last = max((date.fromisoformat(s["date"]) for s in sessions), default=MONDAY)
    options = [[None, *[s for s in sessions if _allowed(c, s)]] for c in data["cases"]]
    best: tuple[int, int, int] | None = None
    for choice in itertools.product(*options):
        if not _feasible(data, choice):
            continue
        weighted = minutes = breaches = 0
        for c, s in zip(data["cases"], choice, strict=True):
            day = last if s is None else date.fromisoformat(s["date"])
            breaches += c["waiting_days"] + (day - first).days > c["target_days"]
            if s is not None:
                weighted += WEIGHT[c["priority"]]
                minutes += c["duration_min"]
        value = (-weighted, breaches, -minutes)
        best = value if best is None else min(best, value)
    assert best is not None  # booking nothing is always feasible
    return best


def _minutes(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


def _allowed(case: dict[str, Any], session: dict[str, Any]) -> bool:
    return session["surgeon"] == case["surgeon"] and session["date"] >= case.get("earliest", "")


def _feasible(data: dict[str, Any], choice: tuple[Any, ...]) -> bool:
    beds: dict[date, int] = {}
    used: dict[str, list[int]] = {}
    for c, s in zip(data["cases"], choice, strict=True):
        if s is None:
            continue
        used.setdefault(s["id"], []).append(c["duration_min"])
        for k in range(c["los_days"]):
            day = date.fromisoformat(s["date"]) + timedelta(days=k)
            beds[day] = beds.get(day, 0) + 1
    for s in data["sessions"]:
        durations = used.get(s["id"], [])
        length = _minutes(s["end"]) - _minutes(s["start"])
        if durations and sum(durations) + data["turnover_min"] * (len(durations) - 1) > length:
            return False
    occupied, capacity = data["beds"]["occupied"], data["beds"]["capacity"]
    return all(n <= max(0, capacity - occupied.get(day.isoformat(), 0))
               for day, n in beds.items())
