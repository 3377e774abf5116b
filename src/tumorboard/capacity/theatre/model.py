"""The CP-SAT model of a theatre week, solved one objective level at a time.

Variables: x[c, b] = 1 when unpinned case c goes into gap b (a session, or the part of one
left free by pinned cases) of its own surgeon, on or after its earliest date. Constraints:
each case at most once; each gap's knapsack (see pins.py); on each day, the beds left after
the occupied ones and the pinned cases. Start times follow from the order inside a gap.

Levels (never traded): maximise the weighted count, then, with it held at its optimum (or at
the best value found when time ran out), minimise breaches, then maximise booked minutes.
Every level starts from the incumbent (the baseline at first), which satisfies every bound
added so far, so no level can end worse than the baseline.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from .instance import Case, Instance
from .pins import Bin, bins, stay_days
from .plan import Placed, fcfs_order, pinned_plan

Key = tuple[str, int]  # (case id, gap index)


@dataclass
class Level:
    coefficients: dict[Key, int]
    constant: int
    maximise: bool

    def value(self, values: Mapping[Key, int]) -> int:
        return self.constant + sum(c * values.get(k, 0) for k, c in self.coefficients.items())

    def better(self, a: Mapping[Key, int], b: Mapping[Key, int]) -> bool:
        """Is plan `a` strictly better than plan `b` on this level?"""
        return self.value(a) > self.value(b) if self.maximise else self.value(a) < self.value(b)


@dataclass
class LevelResult:
    placed: Placed
    proved: list[bool] = field(default_factory=list)


class WeekModel:
    def __init__(self, instance: Instance, workers: int = 2) -> None:
        self.instance = instance
        self.workers = workers
        self.bins = bins(instance)
        self.model = cp_model.CpModel()
        self.x: dict[Key, cp_model.IntVar] = {}
        for case in (c for c in instance.cases if c.fixed is None):
            for index, gap in enumerate(self.bins):
                if _eligible(case, gap):
                    self.x[(case.id, index)] = self.model.new_bool_var(f"{case.id} in {index}")
        self._at_most_once()
        self._gaps()
        self._beds()
        self.levels = self._objectives()

    def _at_most_once(self) -> None:
        by_case: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (cid, _), var in self.x.items():
            by_case[cid].append(var)
        for choices in by_case.values():
            self.model.add_at_most_one(choices)

    def _gaps(self) -> None:
        turnover = self.instance.turnover
        load: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
        for (cid, index), var in self.x.items():
            load[index].append((self.instance.case(cid).duration + turnover) * var)
        for index, terms in load.items():
            self.model.add(sum(terms) <= self.bins[index].room)

    def _beds(self) -> None:
        taken: dict[date, int] = defaultdict(int)
        for case in self.instance.cases:
            if case.fixed is not None:
                for day in stay_days(case, self.instance.session(case.fixed.session).date):
                    taken[day] += 1
        terms: dict[date, list[cp_model.IntVar]] = defaultdict(list)
        for (cid, index), var in self.x.items():
            for day in stay_days(self.instance.case(cid), self.bins[index].session.date):
                terms[day].append(var)
        for day, variables in terms.items():
            room = max(0, self.instance.free_beds(day) - taken[day])
            if len(variables) > room:
                self.model.add(sum(variables) <= room)

    def _objectives(self) -> list[Level]:
        """Each level as coefficients of x plus a constant; pinned cases are left out (they
        add the same to every plan)."""
        instance, last = self.instance, self.instance.last_date
        weighted, breaches, minutes = Level({}, 0, True), Level({}, 0, False), Level({}, 0, True)
        for case in instance.cases:
            if case.fixed is None and instance.breaches_on(case, last):
                breaches.constant += 1  # unless booked, it breaches on the last session date
        for (cid, index), _ in self.x.items():
            case = instance.case(cid)
            weighted.coefficients[(cid, index)] = case.weight
            minutes.coefficients[(cid, index)] = case.duration
            breaches.coefficients[(cid, index)] = int(
                instance.breaches_on(case, self.bins[index].session.date)) - int(
                instance.breaches_on(case, last))
        return [weighted, breaches, minutes]

    def _expression(self, level: Level) -> cp_model.LinearExprT:
        return sum(coef * self.x[key] for key, coef in level.coefficients.items() if coef)

    # --- solving -----------------------------------------------------------------------

    def solve(self, incumbent: Placed, deadline: float) -> LevelResult:
        """Lexicographic levels from `incumbent` (the baseline) until `deadline`."""
        values = self._values_of(incumbent)
        start: dict[Key, int] | None = values  # the baseline, while it ties on the levels done
        proved = []
        for number, level in enumerate(self.levels):
            if start is not None and level.better(start, values):
                # the baseline meets every bound so far (they are ties) and wins this level
                values = start
            # level 1 is the hard one: it gets half the time; whatever it leaves passes on
            remaining = deadline - time.perf_counter()
            share = remaining / 2 if number < len(self.levels) - 1 else remaining
            expression = self._expression(level)
            solved, status = (self._level(expression, level.maximise, values, share)
                              if share > 0.05 else (None, cp_model.UNKNOWN))
            proved.append(status == cp_model.OPTIMAL)
            if solved is not None and not level.better(values, solved):
                values = solved
            reached = level.value(values) - level.constant
            # hold this level at the value reached: the incumbent meets it by construction
            self.model.add(expression >= reached if level.maximise else expression <= reached)
            if start is not None and level.value(start) != level.value(values):
                start = None
        return LevelResult(self._placed(values), proved)

    def _level(self, expression: cp_model.LinearExprT, maximise: bool, hint: dict[Key, int],
               seconds: float) -> tuple[dict[Key, int] | None, Any]:
        if maximise:
            self.model.maximize(expression)
        else:
            self.model.minimize(expression)
        self.model.clear_hints()
        for key, var in self.x.items():
            self.model.add_hint(var, hint.get(key, 0))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = self.workers
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, status
        return {key: int(solver.value(var)) for key, var in self.x.items()}, status

    def _values_of(self, placed: Placed) -> dict[Key, int]:
        values: dict[Key, int] = {}
        for cid, (sid, start) in placed.items():
            for index, gap in enumerate(self.bins):
                if gap.session.id == sid and gap.left <= start <= gap.right:
                    if (cid, index) in self.x:
                        values[(cid, index)] = 1
                    break
        return values

    def _placed(self, values: Mapping[Key, int]) -> Placed:
        """Pinned cases where they are; the others packed from each gap's left edge."""
        placed = pinned_plan(self.instance)
        in_gap: dict[int, list[Case]] = defaultdict(list)
        for (cid, index), value in values.items():
            if value:
                in_gap[index].append(self.instance.case(cid))
        for index, cases in in_gap.items():
            gap, start = self.bins[index], self.bins[index].left
            for case in fcfs_order(cases):
                placed[case.id] = (gap.session.id, start)
                start += case.duration + self.instance.turnover
        return placed


def _eligible(case: Case, gap: Bin) -> bool:
    return (gap.session.surgeon == case.surgeon and case.duration <= gap.right - gap.left
            and (case.earliest is None or gap.session.date >= case.earliest))
