"""Hand-worked weeks with a known optimum, and the baseline's own behaviour.

Priority classes and targets: FSSA "Clinical guide to surgical prioritisation during the
coronavirus pandemic" (RCS England, version 2, 8 June 2020): P1 within 72 hours, P2 within
4 weeks, P3 within 3 months, P4 later. Weights 8/4/2/1 and the order of the objective levels
are those of shared/contracts/theatre.md. Each expected plan is worked out in the comments.
"""

from __future__ import annotations

from typing import Any

from tumorboard.capacity.theatre import baseline, check, solve

MON, TUE = "2026-12-07", "2026-12-08"
TARGET = {"P1": 3, "P2": 28, "P3": 91, "P4": 365}


def session(sid: str, day: str, start: str, end: str, surgeon: str = "li",
            room: str = "OR1") -> dict[str, Any]:
    return {"id": sid, "date": day, "room": room, "start": start, "end": end,
            "surgeon": surgeon}


def case(cid: str, minutes: int, priority: str = "P3", waiting: int = 0, los: int = 1,
         **extra: Any) -> dict[str, Any]:
    return {"id": cid, "surgeon": "li", "duration_min": minutes, "priority": priority,
            "waiting_days": waiting, "target_days": TARGET[priority], "los_days": los, **extra}


def week(sessions: list[dict[str, Any]], cases: list[dict[str, Any]], capacity: int = 40,
         occupied: dict[str, int] | None = None) -> dict[str, Any]:
    return {"turnover_min": 30, "beds": {"capacity": capacity, "occupied": occupied or {}},
            "sessions": sessions, "cases": cases}


def booked(lists: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {c["id"]: (x["session"], c["start"], c["end"]) for x in lists["lists"]
            for c in x["cases"]}


def unscheduled(lists: dict[str, Any]) -> dict[str, str]:
    return {u["id"]: u["reason"] for u in lists["unscheduled"]}


def test_it_finds_the_only_way_two_cases_fit() -> None:
    # S1 has 240 minutes, S2 120. X (180) and Y (120) cannot share S1 (180 + 30 + 120 > 240),
    # so X goes to S1 and Y to S2. FCFS takes Y first (P2 before P3) into the earlier S1, and
    # then X fits nowhere.
    data = week([session("S1", MON, "08:00", "12:00"), session("S2", TUE, "08:00", "10:00")],
                [case("X", 180, "P3"), case("Y", 120, "P2")])
    planned = solve(data, time_limit=5)
    assert booked(planned) == {"X": ("S1", "08:00", "11:00"), "Y": ("S2", "08:00", "10:00")}
    assert planned["unscheduled"] == []
    assert planned["summary"] == {"booked": 2, "weighted": 6, "booked_minutes": 300,
                                  "utilisation": 0.833, "breaches": 0}
    first = baseline(data)
    assert booked(first) == {"Y": ("S1", "08:00", "10:00")}
    assert unscheduled(first) == {"X": "no session of its surgeon has 180 free minutes"}
    assert check(data, planned) == [] and check(data, first) == []


def test_it_lets_a_p1_displace_two_p4s() -> None:
    # One 240-minute session: the P1 (200) alone weighs 8; both P4s (105 + 30 + 105 = 240
    # minutes, 210 operating minutes, more cases) weigh 1 + 1 = 2. Level 1 is never traded.
    data = week([session("S1", MON, "08:00", "12:00")],
                [case("Q1", 105, "P4", 400), case("Q2", 105, "P4", 400),
                 case("U", 200, "P1", earliest=MON)])
    planned = solve(data, time_limit=5)
    assert booked(planned) == {"U": ("S1", "08:00", "11:20")}
    assert set(unscheduled(planned)) == {"Q1", "Q2"}


def test_it_moves_a_case_to_another_day_when_the_beds_are_full() -> None:
    # Two 90-minute cases fit Monday's session by time (90 + 30 + 90 <= 240), but Monday has
    # one free bed (capacity 2, one occupied), so one must go to Tuesday. E (24 days, target
    # 24) breaches on Tuesday, F (25 days, target 28) does not: E on Monday, F on Tuesday,
    # no breach. Without the beds, E and F would share Monday and leave Tuesday's 240
    # minutes to the P4 G. FCFS takes F first (longer wait) into Monday; E breaches Tuesday.
    e = case("E", 90, "P2", 24) | {"target_days": 24}
    f = case("F", 90, "P2", 25)
    g = case("G", 240, "P4", earliest=TUE)
    data = week([session("S1", MON, "08:00", "12:00"), session("S2", TUE, "08:00", "12:00")],
                [e, f, g], capacity=2, occupied={MON: 1})
    planned = solve(data, time_limit=5)
    assert booked(planned) == {"E": ("S1", "08:00", "09:30"), "F": ("S2", "08:00", "09:30")}
    assert planned["summary"]["breaches"] == 0
    assert unscheduled(planned) == {"G": "no session of its surgeon has 240 free minutes"}
    first = baseline(data)
    assert booked(first) == {"F": ("S1", "08:00", "09:30"), "E": ("S2", "08:00", "09:30")}
    assert first["summary"]["breaches"] == 1


def test_it_prefers_more_operating_minutes_when_the_higher_levels_tie() -> None:
    # G (100) and H (200) are both P3, neither breaches, only one fits (100 + 30 + 200 > 240):
    # H gives more booked minutes. FCFS takes G first (longer wait).
    data = week([session("S1", MON, "08:00", "12:00")],
                [case("G", 100, "P3", 30), case("H", 200, "P3", 10)])
    assert booked(solve(data, time_limit=5)) == {"H": ("S1", "08:00", "11:20")}
    assert booked(baseline(data)) == {"G": ("S1", "08:00", "09:40")}


def test_it_keeps_pinned_cases_and_plans_the_rest_around_them() -> None:
    # M pinned at 10:00-11:00. Before it: 08:00 to 09:30 (turnover) holds N's 90 minutes
    # exactly; after it: from 11:30 O's 240 minutes end at 15:30, before 17:00.
    data = week([session("S1", MON, "08:00", "17:00")],
                [case("O", 240, "P3"), case("N", 90, "P3"), case("M", 60, "P4")])
    planned = solve(data, time_limit=5, fixed={"M": ("S1", "10:00")})
    assert booked(planned) == {"N": ("S1", "08:00", "09:30"), "M": ("S1", "10:00", "11:00"),
                               "O": ("S1", "11:30", "15:30")}
    assert booked(baseline(data | {"cases": [
        c | ({"fixed": {"session": "S1", "start": "10:00"}} if c["id"] == "M" else {})
        for c in data["cases"]]}))["M"] == ("S1", "10:00", "11:00")


def test_it_explains_every_case_left_out() -> None:
    data = week(
        [session("S1", MON, "08:00", "12:00"), session("S2", TUE, "08:00", "12:00")],
        [case("Nobody", 60) | {"surgeon": "zhao"},
         case("Late", 60, earliest="2026-12-10"),
         case("Long", 300),
         case("Bed", 60, los=3)],
        capacity=1, occupied={MON: 1})
    # Tuesday: the bed frees up, but Bed's 3 days run into Wednesday, which is full too
    data["beds"]["occupied"]["2026-12-09"] = 1
    reasons = unscheduled(solve(data, time_limit=5))
    assert reasons == {
        "Nobody": "its surgeon has no session this week",
        "Late": "its earliest date 2026-12-10 is after the last session of its surgeon "
                "(2026-12-08)",
        "Long": "its 300 minutes are longer than any session of its surgeon",
        "Bed": "no bed for 3 days: beds full on 2026-12-07",
    }


def test_it_reports_a_small_week_as_proved_optimal() -> None:
    data = week([session("S1", MON, "08:00", "12:00")], [case("G", 100), case("H", 200)])
    assert solve(data, time_limit=30)["planner"] == {"method": "cp-sat", "optimal": True}
