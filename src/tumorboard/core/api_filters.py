"""Filters shared by the list endpoints: a filter naming something that does not exist is
refused naming the filter, instead of quietly answering an empty list."""

from __future__ import annotations

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser


def site_filter(user: AnyUser, code: str | None, field: str = "site") -> str:
    """The site code to filter on ("" for none). A code that is not one of the user's sites
    is 403 naming the filter whether or not it exists — the one rule of every list and
    report (door.report_sites), so that no answer tells which codes other sites use."""
    code = (code or "").strip()
    if code:
        door.report_sites(user, code, field)
    return code
