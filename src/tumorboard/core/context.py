from __future__ import annotations

from django.http import HttpRequest

from tumorboard.accounts import access
from tumorboard.accounts.models import Role
from tumorboard.accounts.people import display_name


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = access.role_of(user)
    return {
        "nav_role": role,
        # People read a name and a role, never an account name or a role code.
        "nav_name": display_name(user),
        "nav_role_label": str(dict(Role.choices).get(role or "", "")),
        "nav_can_read_patients": access.has_role(user, access.READ_PATIENTS),
        "nav_can_write_patients": access.has_role(user, access.WRITE_PATIENTS),
        "nav_can_read_audit": access.has_role(user, access.READ_AUDIT),
    }
