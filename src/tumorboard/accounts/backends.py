"""The admin role manages reference data in the Django admin without being a superuser.

Django's admin asks the authentication backends for model permissions; this backend
answers yes for an active user of the admin role, for the reference models listed here
only (templates and settings, never patient data or the audit trail). Sites and
departments answer for themselves (network/admin.py)."""

from __future__ import annotations

from typing import Any

from tumorboard.accounts import door
from tumorboard.accounts.models import Role

# app_label -> model names (lower case) that are reference data.
REFERENCE_MODELS: dict[str, frozenset[str]] = {
    "clinic": frozenset({"clinictemplate", "templatestep"}),
    "capacity": frozenset({"sessiontemplate"}),
}
ACTIONS = ("view", "add", "change", "delete")


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and door.role_of(user) == Role.ADMIN


class AdminRoleBackend:
    """Authenticates nobody; grants the admin role the reference models' permissions."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        app_label, _dot, codename = perm.partition(".")
        action, _sep, model = codename.partition("_")
        return (action in ACTIONS and model in REFERENCE_MODELS.get(app_label, frozenset())
                and _is_admin(user))

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return app_label in REFERENCE_MODELS and _is_admin(user)
