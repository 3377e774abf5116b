"""Generated theatre weeks for the benchmark: 8 surgeons, 20 sessions, 40 beds.

The case mix follows the department of issue 16 (limb salvage, reconstruction, spine and
skin-tumour surgery, skin tumours the most frequent); demand exceeds the week's theatre time
on purpose, so that the planners must choose.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

SURGEONS = [f"surgeon{i}" for i in range(1, 9)]
ROOMS = ["OR1", "OR2", "OR3", "OR4"]
MONDAY = date(2026, 12, 7)
# (procedure family, share, duration range in minutes, length of stay range in days)
MIX = [("skin", 0.45, (30, 90), (1, 2)), ("reconstruction", 0.2, (150, 360), (4, 9)),
       ("limb salvage", 0.2, (240, 420), (7, 14)), ("spine", 0.15, (180, 300), (5, 10))]
PRIORITIES = [("P1", 0.05, 3), ("P2", 0.35, 28), ("P3", 0.4, 91), ("P4", 0.2, 365)]


def generate(cases: int, seed: int, sessions: int = 20) -> dict[str, Any]:
    rng = random.Random(seed)
    return {"turnover_min": 30, "beds": _beds(rng), "sessions": _sessions(sessions),
            "cases": [_case(rng, i) for i in range(cases)]}


def _beds(rng: random.Random) -> dict[str, Any]:
    occupied = {(MONDAY + timedelta(days=d)).isoformat(): rng.randint(24, 34)
                for d in range(14)}
    return {"capacity": 40, "occupied": occupied}


def _sessions(count: int) -> list[dict[str, Any]]:
    """Four rooms a day; a surgeon works in one room a day (no clash by construction)."""
    out = []
    for k in range(count):
        day, room = divmod(k, len(ROOMS))
        surgeon = SURGEONS[(day * len(ROOMS) + room) % len(SURGEONS)]
        out.append({"id": f"S{k + 1}", "date": (MONDAY + timedelta(days=day % 5)).isoformat(),
                    "room": ROOMS[room] + ("" if day < 5 else f"-{day // 5}"),
                    "start": "08:00", "end": "17:00", "surgeon": surgeon})
    return out


def _case(rng: random.Random, index: int) -> dict[str, Any]:
    _, _, (d_low, d_high), (l_low, l_high) = _pick(rng, MIX)
    priority, _, target = _pick(rng, PRIORITIES)
    case: dict[str, Any] = {
        "id": f"C{index + 1}", "surgeon": rng.choice(SURGEONS),
        "duration_min": rng.randrange(d_low, d_high + 1, 15), "priority": priority,
        "waiting_days": rng.randint(0, max(1, target + target // 3)), "target_days": target,
        "los_days": rng.randint(l_low, l_high)}
    if priority == "P1" or rng.random() < 0.2:
        case["earliest"] = (MONDAY + timedelta(days=rng.randint(0, 3))).isoformat()
    return case


def _pick(rng: random.Random, table: list[Any]) -> Any:
    roll, total = rng.random(), 0.0
    for row in table:
        total += row[1]
        if roll < total:
            return row
    return table[-1]
