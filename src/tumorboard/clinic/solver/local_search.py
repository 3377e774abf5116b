"""Pure-Python local search that cuts waiting on big days, around the group pass.

The group pass re-plans five patients at a time with everyone else fixed, at some 30 ms a
group; cheap moves over the whole day complement it (on a big day's start they cut waiting
faster than the groups, measured; solve.py runs this before and after the groups). On a
`Day` (the clinicians' free time, their bookings sorted by start for bisection, and each
patient's appointments), in rounds until nothing moves or the deadline passes:

- insert (exchange.py): book ready unscheduled consults where they fit, else after taking
  out up to two patients in the way and putting them back;
- swap and shift (swaps.py): two patients trade appointments of the same specialties, or
  one appointment moves next to another of hers;
- replace (exchange.py): a gapped last consult gives its place to an unscheduled one of a
  patient of at least the same priority;
- eject (here): per waiting patient, find times where her visit fits back to back if at
  most MAX_EJECT other patients' visits (the "blockers") are taken out; take them out, book
  her there, put them back (gap-free where they fit, else with gaps closed, else re-planned
  by CP-SAT around her).

Every move is kept only if the patients it touched book at least as many priority-weighted
consults and, on an equal count, wait less in total; otherwise everything goes back. Nobody
else's bookings change, so the day's objective improves exactly as the touched patients'.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .constructive import _best_chain, _book_with_gaps, _close_gaps, _topological_orders
from .instance import Clinician, Consult, Instance, Patient, topological_order
from .optimise import PhasedSolver, SolverSettings
from .schedule import Appointment, Schedule, patient_waits
from .timeline import Calendar

MAX_EJECT = 3  # blockers taken out per move; more rarely fit back without waiting
# candidate placements tried per patient in a sweep: few first (cheap sweeps find the easy
# moves), more in later sweeps
CANDIDATES = (12, 20, 30, 40)
MAX_ORDERS = 4  # topological orders of her consults scanned for placements
EXACT_SECONDS = 0.2  # nominal CP-SAT budget to re-plan the blockers; most finish sooner
EXACT_TRIES = 3  # placements per patient whose blockers CP-SAT may re-plan
PACE_SECONDS = 0.25  # stretch over which the search's pace is measured
STEP = 5  # minutes between scanned start times (durations and windows are multiples of 5)
Busy = tuple[int, int, str]  # (start, end, patient) of one clinician's appointment


@dataclass(frozen=True)
class Placement:
    """A gap-free visit: start, consult order, clinicians per consult, who is in the way."""

    blockers: frozenset[str]
    start: int
    order: tuple[Consult, ...]
    clinicians: tuple[tuple[str, ...], ...]


class Day:
    """The schedule being improved: free time (Calendar), each clinician's bookings sorted
    by start (bisection finds who is in the way) and each patient's appointments."""

    def __init__(self, instance: Instance, schedule: Schedule) -> None:
        self.instance = instance
        self.calendar = Calendar(instance)
        self.patients = {p.id: p for p in instance.patients}
        self.windows = {
            c.id: [(s, min(e, instance.horizon)) for s, e in c.available]
            for c in instance.clinicians
        }
        self.busy: dict[str, list[Busy]] = {c.id: [] for c in instance.clinicians}
        self.longest = max((k.duration for p in instance.patients for k in p.consults), default=0)
        self.visits: dict[str, list[Appointment]] = {p.id: [] for p in instance.patients}
        for appointment in schedule.appointments:
            self.add([appointment])

    def add(self, appointments: Iterable[Appointment]) -> None:
        for a in appointments:
            for clinician in a.clinicians:
                self.calendar.book(clinician, a.start, a.end)
                bisect.insort(self.busy[clinician], (a.start, a.end, a.patient))
            self.visits[a.patient].append(a)

    def remove(self, patient_id: str) -> list[Appointment]:
        taken = self.visits[patient_id]
        for a in taken:
            for clinician in a.clinicians:
                self.calendar.release(clinician, a.start, a.end)
                self.busy[clinician].remove((a.start, a.end, a.patient))
        self.visits[patient_id] = []
        return taken

    def drop(self, appointment: Appointment) -> None:
        """Take one appointment out (the caller keeps `after` satisfied)."""
        for clinician in appointment.clinicians:
            self.calendar.release(clinician, appointment.start, appointment.end)
            self.busy[clinician].remove((appointment.start, appointment.end, appointment.patient))
        self.visits[appointment.patient].remove(appointment)

    def in_the_way(self, clinician: str, start: int, end: int) -> set[str]:
        """Patients with an appointment of `clinician` overlapping [start, end)."""
        busy = self.busy[clinician]
        # bookings of one clinician do not overlap: their ends are sorted like their starts
        index = bisect.bisect_right(busy, start, key=lambda b: b[1])
        found = set()
        while index < len(busy) and busy[index][0] < end:
            found.add(busy[index][2])
            index += 1
        return found

    def inside_window(self, clinician: str, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.windows[clinician])

    def score(self, patient_ids: Iterable[str]) -> tuple[int, int]:
        """(-weighted consults, total waiting) of these patients: lower is better."""
        weighted, waiting = 0, 0
        for pid in patient_ids:
            visit = self.visits[pid]
            weighted += self.patients[pid].priority * len(visit)
            waiting += sum(patient_waits(visit).values())
        return (-weighted, waiting)

    def schedule(self, unscheduled: Schedule) -> Schedule:
        appointments = [a for visit in self.visits.values() for a in visit]
        return Schedule(appointments, list(unscheduled.unscheduled))


def wanted_consults(instance: Instance, patient: Patient) -> list[Consult]:
    """Her consults that could be booked at all (every specialty has a clinician)."""
    present = {c.specialty for c in instance.clinicians}
    possible: set[str] = set()
    for consult in topological_order(patient):
        if all(s in present for s in consult.specialties) and all(
            a in possible for a in consult.after
        ):
            possible.add(consult.id)
    return [c for c in topological_order(patient) if c.id in possible]


def placements(day: Day, patient: Patient, consults: Sequence[Consult]) -> list[Placement]:
    """Gap-free placements of her consults with at most MAX_EJECT blockers, fewest first.
    Assumes her own visit is taken out of `day`."""
    total = sum(c.duration for c in consults)
    found: list[tuple[int, int, Placement]] = []
    orders = list(itertools.islice(_topological_orders(consults), MAX_ORDERS))
    for start in range(patient.arrival, day.instance.horizon - total + 1, STEP):
        for order in orders:
            placement = _placement_at(day, order, start)
            if placement is not None:
                # fewest blockers first, then the earliest (a short day helps the last ones)
                found.append((len(placement.blockers), start, placement))
    found.sort(key=lambda f: (f[0], f[1]))
    return [p for _, _, p in found]


def _placement_at(day: Day, order: Sequence[Consult], start: int) -> Placement | None:
    blockers: set[str] = set()
    chosen: list[tuple[str, ...]] = []
    time_ = start
    for consult in order:
        end = time_ + consult.duration
        picked = []
        for specialty in consult.specialties:
            best: tuple[int, str, set[str]] | None = None
            for clinician in day.calendar.by_specialty.get(specialty, []):
                if not day.inside_window(clinician, time_, end):
                    continue
                extra = day.in_the_way(clinician, time_, end) - blockers
                if best is None or len(extra) < best[0]:
                    best = (len(extra), clinician, extra)
                    if not extra:
                        break
            if best is None:
                return None
            blockers |= best[2]
            if len(blockers) > MAX_EJECT:
                return None
            picked.append(best[1])
        chosen.append(tuple(picked))
        time_ = end
    return Placement(frozenset(blockers), start, tuple(order), tuple(chosen))


def rebook(day: Day, patient: Patient, consults: Sequence[Consult]) -> list[Appointment]:
    """Her consults gap-free at the earliest fitting time, else with gaps closed."""
    chain = _best_chain(day.calendar, patient, consults)
    if chain is not None:
        start, order = chain
        block = []
        for consult in order:
            clinicians = day.calendar.pick_clinicians(consult, start)
            end = start + consult.duration
            block.append(Appointment(patient.id, consult.id, clinicians, start, end))
            # book as we go: a later consult of the chain must not take the same minutes
            day.add(block[-1:])
            start = end
        return block
    trial = Schedule([], [])
    booked = _book_with_gaps(day.calendar, trial, patient, consults, best_fit=True)
    _close_gaps(day.calendar, trial, booked)
    # the calendar holds them already: record them without booking twice
    for a in trial.appointments:
        for clinician in a.clinicians:
            bisect.insort(day.busy[clinician], (a.start, a.end, a.patient))
        day.visits[patient.id].append(a)
    return trial.appointments


def replan_exactly(day: Day, patient_ids: Sequence[str]) -> None:
    """Re-plan these patients by CP-SAT (most weighted consults, then least waiting) in the
    time the others leave free; their current visits are the hint."""
    group = [day.patients[pid] for pid in patient_ids]
    needs = {s for p in group for c in p.consults for s in c.specialties}
    current = Schedule([a for pid in patient_ids for a in day.visits[pid]], [])
    old = {pid: day.remove(pid) for pid in patient_ids}
    clinicians = tuple(
        Clinician(c.id, c.specialty, tuple(day.calendar.gaps[c.id]))
        for c in day.instance.clinicians
        if c.specialty in needs
    )
    sub = Instance(day.instance.horizon, clinicians, tuple(group))
    settings = SolverSettings(time_limit=EXACT_SECONDS, workers=1)
    phased = PhasedSolver(sub, current, settings)
    values, improved, _ = phased.run(makespan_phase=False)
    if not improved:
        for visit in old.values():
            day.add(visit)
        return
    day.add(phased.schedule_from(values).appointments)


def try_move(
    day: Day,
    patient: Patient,
    consults: Sequence[Consult],
    where: Placement,
    exact: bool = False,
    keep: Sequence[Appointment] = (),
) -> bool:
    """Book her at `where` (besides `keep`, appointments of hers that stay) after taking
    the blockers out, put them back; keep it if the touched patients score better, else
    restore everything. True if kept."""
    touched = [patient.id, *sorted(where.blockers)]
    before = day.score(touched)
    old = {pid: day.remove(pid) for pid in touched}
    day.add(keep)
    time_ = where.start
    for consult, clinicians in zip(where.order, where.clinicians, strict=True):
        end = time_ + consult.duration
        day.add([Appointment(patient.id, consult.id, clinicians, time_, end)])
        time_ = end
    # the hardest to place first: higher priority, then longer visits
    for pid in sorted(where.blockers, key=lambda p: (-day.patients[p].priority, p)):
        ids = {a.consult for a in old[pid]}
        mine = [c for c in topological_order(day.patients[pid]) if c.id in ids]
        rebook(day, day.patients[pid], mine)
    if day.score(touched) < before:
        return True
    if exact and where.blockers:
        # the greedy put-back lost a consult or made someone wait: let CP-SAT re-plan the
        # blockers around her new visit (it starts from the greedy one, so never worse)
        replan_exactly(day, sorted(where.blockers))
        if day.score(touched) < before:
            return True
    for pid in touched:
        day.remove(pid)
    for visit in old.values():
        day.add(visit)
    return False


def improve_patient(day: Day, patient: Patient, tries: int, deadline: float) -> bool:
    """The first of up to `tries` placements (her booked consults, then all she wants if
    some are unscheduled) that the touched patients gain from."""
    booked = {a.consult for a in day.visits[patient.id]}
    wanted = wanted_consults(day.instance, patient)
    waits = sum(patient_waits(day.visits[patient.id]).values()) > 0
    sets = [[c for c in wanted if c.id in booked]] if waits else []
    if len(booked) < len(wanted):
        sets.insert(0, wanted)  # booking more comes first in the objective
    for consults in sets:
        if not consults:
            continue
        old = day.remove(patient.id)
        options = placements(day, patient, consults)[:tries]
        day.add(old)
        for rank, where in enumerate(options):
            if time.perf_counter() > deadline:
                return False
            exact = rank < EXACT_TRIES and time.perf_counter() + EXACT_SECONDS < deadline
            if try_move(day, patient, consults, where, exact=exact):
                return True
    return False


class Pace:
    """Whether the search still cuts at least `min_rate` minutes of waiting per second
    (or books more), measured over stretches of PACE_SECONDS: below it, the time is
    better spent elsewhere (the group pass, before the final search)."""

    def __init__(self, day: Day, min_rate: float) -> None:
        self.day = day
        self.min_rate = min_rate
        self.since = time.perf_counter()
        self.score = day.score(day.patients)

    def slow(self) -> bool:
        now = time.perf_counter()
        if self.min_rate <= 0 or now - self.since < PACE_SECONDS:
            return False
        score = self.day.score(self.day.patients)
        rate = (self.score[1] - score[1]) / (now - self.since)
        slow = score[0] == self.score[0] and rate < self.min_rate
        self.since, self.score = now, score
        return slow


def local_search(
    instance: Instance, schedule: Schedule, deadline: float, min_rate: float = 0.0
) -> Schedule:
    """Sweeps over waiting or partly booked patients until a sweep changes nothing with
    the most candidates, `deadline` (time.perf_counter()) passes, or (if `min_rate`)
    the search slows below `min_rate` minutes of waiting cut per second."""
    from .exchange import insert_by_ejection, insert_unscheduled, replace_last

    day = Day(instance, schedule)
    pace = Pace(day, min_rate)
    level = 0
    while level < len(CANDIDATES):
        changed = insert_unscheduled(day)
        changed = insert_by_ejection(day, deadline) or changed
        changed = _swaps_until_stuck(day, deadline) or changed
        for patient in _worst_first(day):
            if time.perf_counter() > deadline or pace.slow():
                return day.schedule(schedule)
            changed = replace_last(day, patient) or changed
            changed = improve_patient(day, patient, CANDIDATES[level], deadline) or changed
        level = level if changed else level + 1
    return day.schedule(schedule)


def _swaps_until_stuck(day: Day, deadline: float) -> bool:
    """Swaps and shifts are cheap and find the most: sweep until a full sweep finds
    nothing; between full sweeps, only over the patients the previous sweep moved."""
    from .swaps import sweep

    changed = False
    while time.perf_counter() < deadline:
        moved = sweep(day, _worst_first(day), deadline)
        if not moved:
            break
        changed = True
        while moved and time.perf_counter() < deadline:
            moved = sweep(day, [p for p in _worst_first(day) if p.id in moved], deadline)
    return changed


def _worst_first(day: Day) -> list[Patient]:
    """Patients who wait or miss a consult, most waiting first (missing counts as most)."""
    keyed = []
    for patient in day.instance.patients:
        visit = day.visits[patient.id]
        wait = sum(patient_waits(visit).values())
        missing = len(wanted_consults(day.instance, patient)) - len(visit)
        if wait > 0 or missing > 0:
            keyed.append((-missing, -wait, patient.id, patient))
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]
