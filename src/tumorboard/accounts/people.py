"""How people are named on pages and letters: by name (and specialty), never by username."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


def display_name(user: Any) -> str:
    """A Chinese name family name first without a space ('王秀英'); any other name as it
    is written ('Sarah Clarke'), in either language."""
    if user is None:
        return "—"
    first, last = (getattr(user, "first_name", "") or "").strip(), \
        (getattr(user, "last_name", "") or "").strip()
    if not (first or last):
        return gettext("a member of staff")
    if _is_cjk(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
