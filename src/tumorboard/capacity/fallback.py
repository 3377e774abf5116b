"""A first-come first-served planner honouring fixed cases, used only while the optimiser
package (capacity.theatre) is absent: pure, no Django. Same lists format as the contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

WEIGHT = {"P1": 8, "P2": 4, "P3": 2, "P4": 1}


def _m(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:5])


def _t(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan(instance: dict[str, Any], fixed: dict[str, tuple[str, str]]) -> dict[str, Any]:
    turnover = int(instance.get("turnover_min", 0))
    beds = instance["beds"]
    used = {k: int(n) for k, n in beds.get("occupied", {}).items()}
    sessions = sorted(instance["sessions"], key=lambda s: (s["date"], s["start"], s["id"]))
    booked: dict[str, list[tuple[int, int, str]]] = {s["id"]: [] for s in sessions}
    cases = {c["id"]: c for c in instance["cases"]}

    def stay(case: dict[str, Any], day: str) -> list[str]:
        start = dt.date.fromisoformat(day)
        return [(start + dt.timedelta(days=i)).isoformat() for i in range(case["los_days"])]

    def take(case: dict[str, Any], session: dict[str, Any], start: int) -> None:
        booked[session["id"]].append((start, start + case["duration_min"], case["id"]))
        for day in stay(case, session["date"]):
            used[day] = used.get(day, 0) + 1

    by_id = {s["id"]: s for s in sessions}
    for case_id, (session_id, start) in fixed.items():
        take(cases[case_id], by_id[session_id], _m(start))
    order = sorted((c for c in cases.values() if c["id"] not in fixed),
                   key=lambda c: (-WEIGHT[c["priority"]], -c["waiting_days"], c["id"]))
    unscheduled = []
    for case in order:
        spot = _first_fit(case, sessions, booked, used, beds["capacity"], turnover, stay)
        if spot is None:
            unscheduled.append({"id": case["id"], "reason": "no session of its surgeon has "
                                f"{case['duration_min']} free minutes with a bed"})
        else:
            take(case, *spot)
    lists = [{"session": s["id"], "cases": [{"id": cid, "start": _t(a), "end": _t(b)}
                                           for a, b, cid in sorted(booked[s["id"]])]}
             for s in sessions]
    minutes = sum(b - a for rows in booked.values() for a, b, _c in rows)
    available = sum(_m(s["end"]) - _m(s["start"]) for s in sessions)
    return {"lists": lists, "unscheduled": unscheduled,
            "summary": {"booked": len(cases) - len(unscheduled),
                        "booked_minutes": minutes,
                        "utilisation": round(minutes / available, 3) if available else 0.0}}


def _first_fit(case: dict[str, Any], sessions: list[dict[str, Any]],
               booked: dict[str, list[tuple[int, int, str]]], used: dict[str, int],
               capacity: int, turnover: int, stay: Any) -> tuple[dict[str, Any], int] | None:
    for session in sessions:
        if session["surgeon"] != case["surgeon"] or session["date"] < case.get("earliest", ""):
            continue
        if any(used.get(day, 0) + 1 > capacity for day in stay(case, session["date"])):
            continue
        start = _m(session["start"])
        for a, b, _c in sorted(booked[session["id"]]):
            if start + case["duration_min"] + turnover <= a:
                break
            start = max(start, b + turnover)
        if start + case["duration_min"] <= _m(session["end"]):
            return session, start
    return None
