"""Free time of clinicians, for the constructive heuristics.

Each clinician has a sorted list of free gaps [start, end) (her windows, minus what is
booked). A booking must lie wholly inside one gap, which also keeps it inside one window.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .instance import Consult, Instance


class Calendar:
    def __init__(self, instance: Instance) -> None:
        self.horizon = instance.horizon
        self.gaps: dict[str, list[tuple[int, int]]] = {
            c.id: [(s, min(e, instance.horizon)) for s, e in c.available]
            for c in instance.clinicians
        }
        # a released gap must not merge across the seam of two adjacent windows
        self.seams: dict[str, set[int]] = {
            c.id: {s for s, _ in c.available} for c in instance.clinicians
        }
        self.ends = {c: [e for _, e in gaps] for c, gaps in self.gaps.items()}
        self.by_specialty: dict[str, list[str]] = {}
        for clinician in instance.clinicians:
            self.by_specialty.setdefault(clinician.specialty, []).append(clinician.id)

    def earliest_for(self, clinician: str, not_before: int, duration: int) -> int | None:
        gaps = self.gaps[clinician]
        # gap ends are sorted: skip every gap that ends too early to hold the booking
        for index in range(
            bisect.bisect_left(self.ends[clinician], not_before + duration), len(gaps)
        ):
            start, end = gaps[index]
            begin = max(start, not_before)
            if end - begin >= duration:
                return begin
        return None

    def slack_at(self, clinician: str, start: int, duration: int) -> int | None:
        """Length of the free gap holding [start, start+duration), or None if not free."""
        for gap_start, gap_end in self.gaps[clinician]:
            if gap_start <= start and start + duration <= gap_end:
                return gap_end - gap_start
        return None

    def earliest_consult(self, consult: Consult, not_before: int) -> int | None:
        """Earliest start >= not_before with a free clinician for every specialty."""
        time = not_before
        while time + consult.duration <= self.horizon:
            latest = time
            for specialty in consult.specialties:
                options = [
                    t
                    for c in self.by_specialty.get(specialty, [])
                    if (t := self.earliest_for(c, time, consult.duration)) is not None
                ]
                if not options:
                    return None
                latest = max(latest, min(options))
            if latest == time:
                return time
            time = latest
        return None

    def earliest_chain(self, chain: Sequence[Consult], not_before: int) -> int | None:
        """Earliest start of the chain booked back to back with no gap."""
        offsets = []
        total = 0
        for consult in chain:
            offsets.append(total)
            total += consult.duration
        time = not_before
        while time + total <= self.horizon:
            latest = time
            for consult, offset in zip(chain, offsets, strict=True):
                start = self.earliest_consult(consult, time + offset)
                if start is None:
                    return None
                latest = max(latest, start - offset)
            if latest == time:
                return time
            time = latest
        return None

    def pick_clinicians(self, consult: Consult, start: int) -> tuple[str, ...]:
        """One free clinician per specialty; best fit (smallest gap) to limit fragmentation."""
        chosen = []
        for specialty in consult.specialties:
            fits = [
                (slack, c)
                for c in self.by_specialty.get(specialty, [])
                if (slack := self.slack_at(c, start, consult.duration)) is not None
            ]
            chosen.append(min(fits)[1])
        return tuple(chosen)

    def book(self, clinician: str, start: int, end: int) -> None:
        gaps = self.gaps[clinician]
        for index, (gap_start, gap_end) in enumerate(gaps):
            if gap_start <= start and end <= gap_end:
                pieces = [(gap_start, start), (end, gap_end)]
                gaps[index : index + 1] = [p for p in pieces if p[1] > p[0]]
                self.ends[clinician] = [e for _, e in gaps]
                return
        raise ValueError(f"{clinician} is not free on [{start}, {end})")

    def release(self, clinician: str, start: int, end: int) -> None:
        gaps = self.gaps[clinician]
        merged = [*gaps, (start, end)]
        merged.sort()
        result: list[tuple[int, int]] = []
        for gap in merged:
            if result and result[-1][1] == gap[0] and gap[0] not in self.seams[clinician]:
                result[-1] = (result[-1][0], gap[1])
            else:
                result.append(gap)
        self.gaps[clinician] = result
        self.ends[clinician] = [e for _, e in result]
