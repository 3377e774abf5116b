"""Filters shared by the list endpoints: a filter naming something that does not exist is
refused naming the filter, instead of quietly answering an empty list."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Site


def site_filter(user: AnyUser, code: str | None, field: str = "site") -> str:
    """The site code to filter on ("" for none): an unknown code is 422 naming the filter,
    another site's code 403 (door.own_sites, as in every report)."""
    from tumorboard.patients.validation import InvalidInput  # the domain's error type

    code = (code or "").strip()
    if not code:
        return ""
    site = Site.objects.filter(code=code).first()
    if site is None:
        raise InvalidInput({field: _("No site with code %(code)s.") % {"code": repr(code)}})
    door.own_sites(user, [site.pk])
    return code
