"""Lexicographic optimisation in phases on the CP-SAT model, seeded with a hint.

Phase 1 maximises priority-weighted scheduled consults; phase 2 keeps that and minimises
total waiting; phase 3 keeps both and minimises makespan (plus, when re-planning, the
number of moved appointments first). A phase is skipped when the incumbent already meets
its trivial bound (everything scheduled, zero waiting), so small days are proved optimal
in milliseconds and the time goes where it helps.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model, cp_model_helper

from .cpsat import ClinicModel, ConsultKey, ConsultVars, PoolKey
from .instance import Instance, topological_order
from .schedule import Appointment, Schedule

PHASE_SHARES = (0.3, 0.55, 0.15)
# the day's end only breaks ties between schedules equal on consults and waiting, and CP-SAT
# rarely proves it optimal on a whole day: the phase stops after this many seconds
MAKESPAN_SECONDS = 0.5
# CP-SAT's deterministic time per wall second on the one-worker group models (measured,
# ortools 9.15); a group run on an idle machine is then reproducible
DTIME_PER_SECOND = 0.05
MIN_PHASE_SECONDS = 1.5
Values = dict[int, int]  # variable index -> value
Repair = Callable[[Schedule], Schedule]


@dataclass(frozen=True)
class SolverSettings:
    time_limit: float = 8.0
    workers: int = 2
    seed: int = 0


def bookable_consults(
    instance: Instance, fixed: Mapping[ConsultKey, Appointment]
) -> dict[ConsultKey, bool]:
    """False for consults needing an absent specialty, and for everything after them."""
    present = {c.specialty for c in instance.clinicians}
    result: dict[ConsultKey, bool] = {}
    for patient in instance.patients:
        for consult in topological_order(patient):
            key = (patient.id, consult.id)
            result[key] = key in fixed or (
                all(s in present for s in consult.specialties)
                and all(result[(patient.id, a)] for a in consult.after)
            )
    return result


class PhasedSolver:
    def __init__(
        self,
        instance: Instance,
        hint: Schedule,
        settings: SolverSettings,
        fixed: Mapping[ConsultKey, Appointment] | None = None,
        previous: Mapping[ConsultKey, Appointment] | None = None,
        not_before: int = 0,
    ) -> None:
        self.began = time.perf_counter()
        self.instance = instance
        self.settings = settings
        self.fixed = dict(fixed or {})
        self.previous = dict(previous or {})
        bookable = bookable_consults(instance, self.fixed)
        self.built = ClinicModel(instance, bookable, self.fixed, not_before)
        self.model = self.built.model
        self.clinician_pool = {
            clinician: pool for pool, members in self.built.pools.items() for clinician in members
        }
        self.values = self._values_of(hint)
        self.improved = False
        self.kept: list[cp_model.IntVar] = []
        self.shares: tuple[float, ...] = PHASE_SHARES
        # the last phase's cap: the day's end; re-planning's moved appointments are not capped
        self.last_cap: float | None = None if self.previous else MAKESPAN_SECONDS
        self.unspent = settings.time_limit
        self.deterministic_time = 0.0  # spent by CP-SAT, a machine-independent clock

    def run(
        self, makespan_phase: bool = True, repair: Repair | None = None
    ) -> tuple[Values, bool, bool]:
        """(values, improved on the hint, proved optimal). `repair`, if given, gets the
        count phase's schedule when that phase booked more, and returns one at least as good
        on weighted consults (its waiting is then the next phase's starting point)."""
        weighted_bound = sum(
            v.patient.priority for v in self.built.consults.values() if v.fixed is None
        )
        self.shares = PHASE_SHARES if makespan_phase else PHASE_SHARES[:2]
        before = self._value(self.built.weighted)
        proved = [self._phase(self.built.weighted, maximise=True, bound=weighted_bound, share=0)]
        if repair is not None and self._value(self.built.weighted) > before:
            self._repair(repair)
        proved.append(self._phase(self.built.total_wait, maximise=False, bound=0, share=1))
        if not makespan_phase:
            return self.values, self.improved, False
        final_objective: cp_model.LinearExprT = self.built.makespan
        everything = self._value(self.built.weighted) == weighted_bound  # the set is fixed
        bound: int | None = self._makespan_bound() if everything else None
        moves = self._moves()
        if moves is not None:
            final_objective = moves * (self.instance.horizon + 1) + self.built.makespan
            bound = None  # moving few appointments matters during the day
        proved.append(self._phase(final_objective, False, bound=bound, share=2, cap=self.last_cap))
        return self.values, self.improved, all(proved)

    def _repair(self, repair: Repair) -> None:
        """The count phase ignores waiting, so its schedule waits a lot: let `repair` close
        the gaps before the waiting phase starts from it (kept only if no consult is lost)."""
        count = self._value(self.built.weighted)
        repaired = self._values_of(repair(self.schedule_from(self.values)))
        if _evaluate(self.built.weighted, repaired) >= count:
            self.values = repaired
        # the repair spent wall time: what is left of the clock is what later phases share
        self.unspent = min(self.unspent, max(0.0, self._left()))

    def _makespan_bound(self) -> int:
        """No schedule that books every bookable consult ends before the latest
        (arrival + longest chain of `after`) over patients, nor before a fixed appointment."""
        ends: dict[ConsultKey, int] = {}
        bound = 0
        for patient in self.instance.patients:
            begin = max(patient.arrival, self.built.not_before)
            for consult in topological_order(patient):
                key = (patient.id, consult.id)
                v = self.built.consults.get(key)
                if v is None:
                    continue
                if v.fixed is not None:
                    ends[key] = v.fixed.end
                else:
                    ready = [ends[key[0], a] for a in consult.after if (key[0], a) in ends]
                    ends[key] = max([begin, *ready]) + consult.duration
                bound = max(bound, ends[key])
        return bound

    # --- phases ----------------------------------------------------------------------

    def _value(self, expression: cp_model.LinearExprT) -> int:
        return _evaluate(expression, self.values)

    def _phase(
        self,
        objective: cp_model.LinearExprT,
        maximise: bool,
        bound: int | None,
        share: int,
        cap: float | None = None,
    ) -> bool:
        if isinstance(objective, int):  # nothing to optimise (no bookable consult)
            return True
        current = self._value(objective)
        if bound is not None and current == bound:
            self._fix(objective, maximise, current)
            return True
        # CP-SAT overruns short limits on the whole-day model (presolve): skip instead
        least = min(MIN_PHASE_SECONDS, 0.2 * self.settings.time_limit)
        least = least if self.settings.workers > 1 else 0.02
        least = least if cap is None else min(least, cap / 2)
        if self._left() < least:
            self._fix(objective, maximise, current)
            return False
        (self.model.maximize if maximise else self.model.minimize)(objective)
        self._hint()
        solver = cp_model.CpSolver()
        budget = self._budget(share)
        if cap is not None and budget > cap:
            self.unspent += budget - cap  # nothing later uses it; kept honest for callers
            budget = cap
        _limit(solver.parameters, budget, self.settings)
        began = time.perf_counter()
        status = solver.solve(self.model)
        # a phase that proved its level early leaves its time to the later ones
        self.unspent += max(0.0, budget - (time.perf_counter() - began))
        self.deterministic_time += solver.response_proto.deterministic_time
        self.model.clear_objective()
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = int(solver.value(objective))
            if (found > current) if maximise else (found < current):
                self.values = self._read(solver)
                self.improved = True
                current = found
        self._fix(objective, maximise, current)
        return status == cp_model.OPTIMAL or (bound is not None and current == bound)

    def _left(self) -> float:
        return self.settings.time_limit - (time.perf_counter() - self.began)

    def _fix(self, objective: cp_model.LinearExprT, maximise: bool, value: int) -> None:
        self.model.add(objective >= value if maximise else objective <= value)

    def _budget(self, share: int) -> float:
        """Seconds for a phase: its share of what earlier phases left (not of the clock)."""
        budget = self.unspent * self.shares[share] / sum(self.shares[share:])
        if share == len(self.shares) - 2 == 1 and self.last_cap is not None:
            # the capped last phase takes no more than its cap: this one gets the rest
            budget = max(budget, self.unspent - self.last_cap)
        self.unspent -= budget
        return budget

    def _moves(self) -> cp_model.LinearExpr | None:
        """Count of appointments of the previous schedule that change start or pool."""
        if not self.previous:
            return None
        terms = []
        for key, v in self.built.consults.items():
            before = self.previous.get(key)
            if v.fixed is not None or before is None:
                continue
            kept = self.model.new_bool_var(f"kept {key}")
            self.kept.append(kept)
            self.model.add(v.start == before.start).only_enforce_if(kept)
            self.model.add_implication(kept, v.presence)
            for specialty, clinician in zip(v.consult.specialties, before.clinicians, strict=True):
                pool = self.clinician_pool.get(clinician)
                literal = next((lit for p, lit in v.pools.get(specialty, []) if p == pool), None)
                if literal is None:
                    self.model.add(kept == 0)
                else:
                    self.model.add_implication(kept, literal)
            terms.append(1 - kept)
            same_start = self.values.get(v.start.index) == before.start
            self.values[kept.index] = int(same_start and self._same_pools(v, before))
        return cp_model.LinearExpr.sum(terms)

    def _same_pools(self, v: ConsultVars, before: Appointment) -> bool:
        for specialty, clinician in zip(v.consult.specialties, before.clinicians, strict=True):
            pool = self.clinician_pool.get(clinician)
            literal = next((lit for p, lit in v.pools.get(specialty, []) if p == pool), None)
            if literal is None or not self.values.get(literal.index):
                return False
        return bool(self.values.get(v.presence.index))

    # --- values <-> schedules --------------------------------------------------------

    def _hint(self) -> None:
        self.model.clear_hints()
        for var in self._variables():
            if var.index in self.values:
                self.model.add_hint(var, self.values[var.index])

    def _variables(self) -> list[cp_model.IntVar]:
        found = []
        for v in self.built.consults.values():
            found += [v.presence, v.start, *(lit for opts in v.pools.values() for _, lit in opts)]
        found += [*self.built.first.values(), *self.built.last.values()]
        found += [*self.built.wait.values(), self.built.makespan, *self.kept]
        # a lone pool's literal is the presence literal itself: hint each variable once
        return list({var.index: var for var in found}.values())

    def _read(self, solver: cp_model.CpSolver) -> Values:
        return {var.index: int(solver.value(var)) for var in self._variables()}

    def _values_of(self, schedule: Schedule) -> Values:
        values: Values = {}
        booked = {(a.patient, a.consult): a for a in schedule.appointments}
        spans: dict[str, list[int]] = {}
        for key, v in self.built.consults.items():
            appointment = booked.get(key)
            values[v.presence.index] = int(appointment is not None)
            if appointment is None:  # a complete hint: absent consults at their earliest start
                values[v.start.index] = v.start.proto.domain[0]
                for options in v.pools.values():
                    for _, literal in options:
                        values.setdefault(literal.index, 0)
                continue
            values[v.start.index] = appointment.start
            for specialty, clinician in zip(
                v.consult.specialties, appointment.clinicians, strict=True
            ):
                for pool, literal in v.pools.get(specialty, []):
                    values[literal.index] = int(pool == self.clinician_pool[clinician])
            span = spans.setdefault(key[0], [appointment.start, appointment.end, 0])
            span[0], span[1] = min(span[0], appointment.start), max(span[1], appointment.end)
            span[2] += appointment.end - appointment.start
        for patient_id, first in self.built.first.items():
            low, high, busy = spans.get(patient_id, [0, 0, 0])
            values[first.index] = low
            values[self.built.last[patient_id].index] = high
            values[self.built.wait[patient_id].index] = high - low - busy
        values[self.built.makespan.index] = max((a.end for a in booked.values()), default=0)
        return values

    def schedule_from(self, values: Values) -> Schedule:
        """Appointments from values, assigning clinicians inside each pool."""
        chosen: list[tuple[ConsultVars, int, list[PoolKey]]] = []
        fixed = []
        for v in self.built.consults.values():
            if v.fixed is not None:
                fixed.append(v.fixed)
            elif values.get(v.presence.index):
                pools = [
                    next(pool for pool, lit in v.pools[s] if values.get(lit.index))
                    for s in v.consult.specialties
                ]
                chosen.append((v, values[v.start.index], pools))
        return Schedule(fixed + self._assign(chosen), [])

    def _assign(self, chosen: list[tuple[ConsultVars, int, list[PoolKey]]]) -> list[Appointment]:
        """Greedy interval colouring per pool, keeping a previous clinician when free."""
        free_at: dict[str, int] = defaultdict(int)
        picked: dict[tuple[ConsultKey, int], str] = {}
        jobs = sorted(
            (
                (start, slot, v, pool)
                for v, start, pools in chosen
                for slot, pool in enumerate(pools)
            ),
            key=lambda job: (job[0], job[2].patient.id, job[2].consult.id, job[1]),
        )
        for start, slot, v, pool in jobs:
            key = (v.patient.id, v.consult.id)
            free = [c for c in self.built.pools[pool] if free_at[c] <= start]
            before = self.previous.get(key)
            wanted = before.clinicians[slot] if before is not None else None
            # best fit: the clinician who became free last, so gaps stay together
            clinician = wanted if wanted in free else max(free, key=lambda c: free_at[c])
            free_at[clinician] = start + v.consult.duration
            picked[(key, slot)] = clinician
        return [
            Appointment(
                v.patient.id,
                v.consult.id,
                tuple(picked[((v.patient.id, v.consult.id), slot)] for slot in range(len(pools))),
                start,
                start + v.consult.duration,
            )
            for v, start, pools in chosen
        ]


def _limit(
    parameters: cp_model_helper.SatParameters, budget: float, settings: SolverSettings
) -> None:
    """A whole day's phases (several workers) run for their wall-clock budget, in parallel:
    on a tight 20-patient day the deterministic limit stopped them after about a third of
    it (CP-SAT does 0.3-0.6 deterministic seconds a second on these models, not 0.05) and
    interleaved workers found less; both left twice the waiting (20 patients, seed 8:
    mean wait 19.8 -> 6.3 min). A group's model (one worker) keeps the deterministic limit,
    with the wall clock as a safety net for a loaded machine."""
    parameters.num_workers = settings.workers
    parameters.random_seed = settings.seed
    if settings.workers > 1:
        parameters.max_time_in_seconds = budget
        return
    parameters.max_deterministic_time = budget * DTIME_PER_SECOND
    parameters.max_time_in_seconds = budget * 1.5
    # small neighbourhood models: probing costs more than it saves (measured 3x)
    parameters.cp_model_probing_level = 0


def _evaluate(expression: cp_model.LinearExprT, values: Values) -> int:
    """Value of a linear expression under `values` (missing variables count as 0)."""
    if not isinstance(expression, cp_model.LinearExpr):
        return int(expression)
    flat = cp_model_helper.FlatIntExpr(expression)
    terms = zip(flat.vars, flat.coeffs, strict=True)
    return int(flat.offset + sum(c * values.get(v.index, 0) for v, c in terms))
