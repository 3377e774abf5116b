"""How people are named on pages and letters: by name (and specialty), never by username."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext


def display_name(user: Any) -> str:
    """'王秀英' in Chinese (family name first, no space), 'Jane Smith' otherwise."""
    if user is None:
        return "—"
    first, last = (getattr(user, "first_name", "") or "").strip(), \
        (getattr(user, "last_name", "") or "").strip()
    if not (first or last):
        return gettext("a member of staff")
    if (get_language() or "").startswith("zh") or _is_cjk(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
