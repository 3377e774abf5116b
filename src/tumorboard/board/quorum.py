"""Quorum of an MDT meeting: pure, no Django.

A meeting is quorate when every core specialty of its board is represented by at least one
attendee (the rule of the UK National Cancer Peer Review "core member or cover" measures,
simplified: a deputy counts when the deputy has the specialty). Attendees with no specialty
(e.g. a coordinator without one) count for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    present: tuple[str, ...]  # core specialties represented, in the board's order
    missing: tuple[str, ...]  # core specialties nobody present covers, in the board's order
    extra: tuple[str, ...]  # specialties present that the board does not require


def check_quorum(core: Sequence[str], attendee_specialties: Iterable[str]) -> QuorumResult:
    """Compare the specialties in the room with the board's core specialties.

    A board without core specialties cannot be quorate: that is a set-up error, and saying
    "quorate" would hide it.
    """
    here = {s for s in attendee_specialties if s}
    wanted = list(dict.fromkeys(s for s in core if s))
    present = tuple(s for s in wanted if s in here)
    missing = tuple(s for s in wanted if s not in here)
    extra = tuple(sorted(here - set(wanted)))
    return QuorumResult(quorate=bool(wanted) and not missing, present=present,
                        missing=missing, extra=extra)
