"""AJCC 8th edition T/N/M category strings as the screen reads them (`cT4d`, `T2`, `cN1a`).

Only the shape is checked here (prefix, letter, number, sub-category); which categories a
site uses is the staging module's business.
"""

from __future__ import annotations

import re

PREFIX = r"(?:c|p|yc|yp|r|rc|rp)?"
PATTERNS = {
    "clinical_t": re.compile(rf"^{PREFIX}T(?P<cat>X|0|is|1mi|[1-4])(?P<sub>[a-e])?$"),
    "clinical_n": re.compile(rf"^{PREFIX}N(?P<cat>X|0|1mi|[1-3])(?P<sub>[a-c])?"
                             r"(?:\((?:i\+|i-|mol\+|mol-|sn|f)\))?$"),
    "clinical_m": re.compile(rf"^{PREFIX}M(?P<cat>0|1)(?P<sub>[a-d])?(?:\((?:0|1|i\+)\))?$"),
}


def valid(field_name: str, value: str) -> bool:
    return PATTERNS[field_name].match(value) is not None


def category(field_name: str, value: str | None) -> str | None:
    """`cT4d` -> `4`, `cN0` -> `0`, `TX` -> `X`; None when not recorded."""
    if value is None:
        return None
    found = PATTERNS[field_name].match(value)
    return found.group("cat") if found else None


def full(field_name: str, value: str | None) -> str | None:
    """`cT4d` -> `4d`: category with its sub-category, prefix dropped."""
    if value is None:
        return None
    found = PATTERNS[field_name].match(value)
    return (found.group("cat") + (found.group("sub") or "")) if found else None
