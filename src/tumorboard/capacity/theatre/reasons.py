"""Why a case is left off the lists, in words a theatre coordinator uses.

Each reason is an English template marked for `makemessages` with the local identity
`gettext_noop` plus its parameters, so that the Django side translates the template and then
fills it in (`_(msgid) % params`); the CLI prints the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from .pins import stay_days

if TYPE_CHECKING:
    from .instance import Case, Instance, Session

Reason = tuple[str, dict[str, str | int]]


def gettext_noop(message: str) -> str:
    """Mark a string for extraction; translation happens where it is shown."""
    return message


NO_SESSION = gettext_noop("its surgeon has no session this week")
AFTER_LAST = gettext_noop(
    "its earliest date %(earliest)s is after the last session of its surgeon (%(last)s)")
TOO_LONG = gettext_noop("its %(minutes)s minutes are longer than any session of its surgeon")
NO_TIME = gettext_noop("no session of its surgeon has %(minutes)s free minutes")
NO_BED = gettext_noop("no bed for %(los)s days: beds full on %(date)s")
DISPLACED = gettext_noop("left out to keep higher-priority cases on the lists")


def unscheduled_reason(instance: Instance, free: Mapping[str, list[tuple[int, int]]],
                       case: Case, beds: Mapping[date, int]) -> Reason:
    """The first thing that keeps `case` out of the final plan (`free`: the stretches left
    free in each session, `beds`: the patients of the plan in a bed each day)."""
    own = [s for s in instance.sessions if s.surgeon == case.surgeon]
    if not own:
        return NO_SESSION, {}
    allowed = [s for s in own if case.earliest is None or s.date >= case.earliest]
    if not allowed:
        assert case.earliest is not None
        last = max(s.date for s in own)
        return AFTER_LAST, {"earliest": case.earliest.isoformat(), "last": last.isoformat()}
    if all(s.end - s.start < case.duration for s in allowed):
        return TOO_LONG, {"minutes": case.duration}
    timely = [s for s in sorted(allowed, key=lambda s: (s.date, s.start))
              if any(b - a >= case.duration for a, b in free[s.id])]
    if not timely:
        return NO_TIME, {"minutes": case.duration}
    for session in timely:
        full = _full_day(instance, case, session, beds)
        if full is not None:
            return NO_BED, {"los": case.los_days, "date": full.isoformat()}
    return DISPLACED, {}


def _full_day(instance: Instance, case: Case, session: Session,
              beds: Mapping[date, int]) -> date | None:
    return next((d for d in stay_days(case, session.date)
                 if beds.get(d, 0) >= instance.free_beds(d)), None)
