"""FHIR date search values (R4 search, "date"): a prefix and a partial date that stands for
a range (`1967` = 1967-01-01 .. 1967-12-31). Pure: no Django."""

from __future__ import annotations

import calendar
import datetime as dt
import re

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")
DATE_RE = re.compile(r"^(eq|ne|gt|lt|ge|le|sa|eb)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateValueError(ValueError):
    pass


def parse(raw: str) -> tuple[str, dt.date, dt.date]:
    """(prefix, first day, last day) of a search value; DateValueError when malformed."""
    match = DATE_RE.match(raw.strip())
    if not match:
        raise DateValueError(raw)
    prefix, year, month, day = match.group(1) or "eq", int(match.group(2)), match.group(3), \
        match.group(4)
    try:
        if day:
            first = last = dt.date(year, int(month), int(day))
        elif month:
            first = dt.date(year, int(month), 1)
            last = first.replace(day=calendar.monthrange(year, int(month))[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise DateValueError(raw) from None
    return prefix, first, last


def matches(prefix: str, first: dt.date, last: dt.date, value: dt.date) -> bool:
    """Whether a resource's date (a single day) satisfies the search value's range."""
    return {"eq": first <= value <= last, "ne": not first <= value <= last,
            "gt": value > last, "sa": value > last, "lt": value < first, "eb": value < first,
            "ge": value >= first, "le": value <= last}[prefix]


def lookups(prefix: str, first: dt.date, last: dt.date) -> tuple[bool, dict[str, object]]:
    """(exclude?, ORM lookup suffixes) for a date field: ('__range', ...) and so on."""
    if prefix in ("eq", "ne"):
        return prefix == "ne", {"__range": (first, last)}
    suffix = {"gt": ("__gt", last), "sa": ("__gt", last), "lt": ("__lt", first),
              "eb": ("__lt", first), "ge": ("__gte", first), "le": ("__lte", last)}[prefix]
    return False, {suffix[0]: suffix[1]}
