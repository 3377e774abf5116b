"""Who may see and change what: roles and site membership."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from tumorboard.accounts.models import Profile, Role

AnyUser = User | AnonymousUser

READ_PATIENTS = frozenset({Role.COORDINATOR, Role.CLINICIAN, Role.WELFARE_OFFICER, Role.ADMIN})
WRITE_PATIENTS = frozenset({Role.COORDINATOR, Role.CLINICIAN, Role.ADMIN})
READ_AUDIT = frozenset({Role.AUDITOR, Role.ADMIN})


def profile_of(user: AnyUser) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile  # type: ignore[union-attr,no-any-return]
    except Profile.DoesNotExist:
        return None


def role_of(user: AnyUser) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def site_ids(user: AnyUser) -> set[int]:
    profile = profile_of(user)
    if profile is None:
        return set()
    cached: set[int] | None = getattr(profile, "_site_ids", None)
    if cached is None:
        cached = set(profile.memberships.values_list("site_id", flat=True))
        profile._site_ids = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: AnyUser, roles: frozenset[str]) -> bool:
    return role_of(user) in roles


def require_role(user: AnyUser, roles: frozenset[str]) -> None:
    if not has_role(user, roles):
        raise PermissionDenied("Your role does not allow this.")


def require_site(user: AnyUser, site_id: int) -> None:
    if site_id not in site_ids(user):
        raise PermissionDenied("This record belongs to a site you are not a member of.")
