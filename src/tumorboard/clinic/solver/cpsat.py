"""The CP-SAT model of a clinic day.

Clinicians of one specialty with identical windows are interchangeable, so they form a
*pool*: a consult chooses a pool per specialty (one optional interval per pool, not per
clinician), each pool is a cumulative resource of capacity = its size (NoOverlap when it
has one clinician), and clinicians are assigned inside each pool afterwards by greedy
interval colouring, which never fails on intervals whose overlap never exceeds the
capacity. Being inside a window is a start-domain constraint enforced by the pool literal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .instance import Consult, Instance, Patient, Window, topological_order
from .schedule import Appointment

PoolKey = tuple[str, tuple[Window, ...]]  # (specialty, windows)
ConsultKey = tuple[str, str]  # (patient id, consult id)


@dataclass
class ConsultVars:
    patient: Patient
    consult: Consult
    presence: cp_model.IntVar
    start: cp_model.IntVar
    interval: cp_model.IntervalVar
    # specialty -> [(pool, literal)]
    pools: dict[str, list[tuple[PoolKey, cp_model.IntVar]]] = field(default_factory=dict)
    fixed: Appointment | None = None


def feasible_starts(windows: Sequence[Window], duration: int, low: int, high: int) -> list[Window]:
    """Closed ranges [a, b] of starts such that [s, s+duration) fits one window."""
    ranges = []
    for start, end in windows:
        a, b = max(start, low), min(end - duration, high)
        if a <= b:
            ranges.append((a, b))
    return ranges


def domain_of(ranges: Sequence[Window]) -> cp_model.Domain:
    return cp_model.Domain.from_intervals([list(r) for r in ranges])


class ClinicModel:
    """Variables and constraints; objectives are set by the caller (phases)."""

    def __init__(
        self,
        instance: Instance,
        bookable: Mapping[ConsultKey, bool],
        fixed: Mapping[ConsultKey, Appointment],
        not_before: int = 0,
    ) -> None:
        self.instance = instance
        self.not_before = not_before  # re-planning: nothing new starts before "now"
        self.model = cp_model.CpModel()
        self.pools: dict[PoolKey, list[str]] = defaultdict(list)
        for clinician in instance.clinicians:
            self.pools[(clinician.specialty, clinician.available)].append(clinician.id)
        self.pool_intervals: dict[PoolKey, list[cp_model.IntervalVar]] = defaultdict(list)
        self.consults: dict[ConsultKey, ConsultVars] = {}
        self.first: dict[str, cp_model.IntVar] = {}
        self.last: dict[str, cp_model.IntVar] = {}
        for patient in instance.patients:
            for consult in topological_order(patient):
                key = (patient.id, consult.id)
                if key in fixed:
                    self.consults[key] = self._fixed_consult(patient, consult, fixed[key])
                elif bookable.get(key, False):
                    self.consults[key] = self._consult(patient, consult)
        self._resources()
        self._precedence()
        self._patients()
        self.weighted = sum(
            v.patient.priority * v.presence for v in self.consults.values() if v.fixed is None
        )
        self.total_wait = sum(self.wait.values())
        self.makespan = self.model.new_int_var(0, instance.horizon, "makespan")
        for v in self.consults.values():
            self.model.add(self.makespan >= v.start + v.consult.duration).only_enforce_if(
                v.presence
            )

    # --- variables -------------------------------------------------------------------

    def _fixed_consult(
        self, patient: Patient, consult: Consult, booked: Appointment
    ) -> ConsultVars:
        name = f"{patient.id}/{consult.id}"
        presence = self.model.new_bool_var(f"present {name}")
        self.model.add(presence == 1)
        start = self.model.new_int_var(booked.start, booked.start, f"start {name}")
        interval = self.model.new_optional_fixed_size_interval_var(
            start, consult.duration, presence, f"visit {name}"
        )
        return ConsultVars(patient, consult, presence, start, interval, fixed=booked)

    def _consult(self, patient: Patient, consult: Consult) -> ConsultVars:
        name = f"{patient.id}/{consult.id}"
        low = max(patient.arrival, self.not_before)
        high = self.instance.horizon - consult.duration
        options: dict[str, list[tuple[PoolKey, list[Window]]]] = {}
        allowed = domain_of([(low, high)]) if low <= high else cp_model.Domain(0, -1)
        for specialty in consult.specialties:
            options[specialty] = []
            for pool in self.pools:
                if pool[0] == specialty:
                    ranges = feasible_starts(pool[1], consult.duration, low, high)
                    if ranges:
                        options[specialty].append((pool, ranges))
            union = domain_of([r for _, ranges in options[specialty] for r in ranges])
            allowed = allowed.intersection_with(union)
        presence = self.model.new_bool_var(f"present {name}")
        if allowed.is_empty():
            self.model.add(presence == 0)
            allowed = cp_model.Domain(low, low)
        start = self.model.new_int_var_from_domain(allowed, f"start {name}")
        interval = self.model.new_optional_fixed_size_interval_var(
            start, consult.duration, presence, f"visit {name}"
        )
        made = ConsultVars(patient, consult, presence, start, interval)
        for specialty, choices in options.items():
            made.pools[specialty] = self._pool_choice(made, choices, name)
        return made

    def _pool_choice(
        self,
        made: ConsultVars,
        choices: list[tuple[PoolKey, list[Window]]],
        name: str,
    ) -> list[tuple[PoolKey, cp_model.IntVar]]:
        literals = []
        for pool, ranges in choices:
            literal = made.presence if len(choices) == 1 else self.model.new_bool_var(f"{name} in")
            if len(choices) > 1:
                self.model.add_linear_expression_in_domain(
                    made.start, domain_of(ranges)
                ).only_enforce_if(literal)
            interval = self.model.new_optional_fixed_size_interval_var(
                made.start, made.consult.duration, literal, f"{name} pool"
            )
            self.pool_intervals[pool].append(interval)
            literals.append((pool, literal))
        if len(choices) > 1:
            self.model.add(sum(lit for _, lit in literals) == made.presence)
        return literals

    # --- constraints -----------------------------------------------------------------

    def _resources(self) -> None:
        for pool, intervals in self.pool_intervals.items():
            capacity = len(self.pools[pool])
            if capacity == 1:
                self.model.add_no_overlap(intervals)
            else:
                self.model.add_cumulative(intervals, [1] * len(intervals), capacity)

    def _precedence(self) -> None:
        for (patient_id, _), v in self.consults.items():
            for before_id in v.consult.after:
                before = self.consults.get((patient_id, before_id))
                if before is None:  # its predecessor is not bookable, so neither is it
                    self.model.add(v.presence == 0)
                    continue
                self.model.add_implication(v.presence, before.presence)
                self.model.add(before.start + before.consult.duration <= v.start).only_enforce_if(
                    v.presence
                )

    def _patients(self) -> None:
        by_patient: dict[str, list[ConsultVars]] = defaultdict(list)
        for v in self.consults.values():
            by_patient[v.patient.id].append(v)
        self.wait: dict[str, cp_model.IntVar] = {}
        horizon = self.instance.horizon
        for patient_id, items in by_patient.items():
            self.model.add_no_overlap([v.interval for v in items])
            first = self.model.new_int_var(0, horizon, f"first {patient_id}")
            last = self.model.new_int_var(0, horizon, f"last {patient_id}")
            self.model.add(last >= first)
            for v in items:
                self.model.add(first <= v.start).only_enforce_if(v.presence)
                self.model.add(last >= v.start + v.consult.duration).only_enforce_if(v.presence)
            wait = self.model.new_int_var(0, horizon, f"wait {patient_id}")
            own = sum(v.consult.duration * v.presence for v in items)
            self.model.add(wait == last - first - own)
            self.first[patient_id], self.last[patient_id] = first, last
            self.wait[patient_id] = wait
