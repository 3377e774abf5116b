"""Thin names kept for older callers; the rules live in accounts/door.py (the one door)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tumorboard.accounts import door
from tumorboard.accounts.door import profile_of, require_site, role_of, site_ids

AnyUser = User | AnonymousUser

# Role sets read off the door's matrix, so that they cannot disagree with it.
READ_PATIENTS = door.roles_with(door.CLINICAL, door.VIEW)
WRITE_PATIENTS = door.roles_with(door.CLINICAL, door.CHANGE)
READ_IDENTITY = door.roles_with(door.IDENTITY, door.VIEW)
READ_AUDIT = door.roles_with(door.AUDIT, door.VIEW)

__all__ = [
    "READ_AUDIT",
    "READ_IDENTITY",
    "READ_PATIENTS",
    "WRITE_PATIENTS",
    "AnyUser",
    "has_role",
    "profile_of",
    "require_role",
    "require_site",
    "role_of",
    "site_ids",
]


def has_role(user: AnyUser, roles: frozenset[str]) -> bool:
    return role_of(user) in roles


def require_role(user: AnyUser, roles: frozenset[str]) -> None:
    if not has_role(user, roles):
        raise PermissionDenied(_("Your role does not allow this."))
