"""How people are named on pages and letters: by name (and title), never by username."""

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


def title_of(user: Any) -> str:
    """The user's professional title in the current language ('' when none is recorded)."""
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is None or not getattr(profile, "title", ""):
        return ""
    return str(profile.get_title_display())


def display_name_with_title(user: Any) -> str:
    """'王秀英 主任医师' / 'Sarah Clarke, Chief physician': how a clinician is named on a
    case, an agenda or a letter."""
    name, title = display_name(user), title_of(user)
    if user is None or not title:
        return name
    return gettext("%(name)s, %(title)s") % {"name": name, "title": title}


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
