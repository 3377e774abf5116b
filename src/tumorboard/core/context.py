from __future__ import annotations

from django.http import HttpRequest

from tumorboard.accounts import access


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_role": access.role_of(user),
        "nav_can_read_patients": access.has_role(user, access.READ_PATIENTS),
        "nav_can_write_patients": access.has_role(user, access.WRITE_PATIENTS),
        "nav_can_read_audit": access.has_role(user, access.READ_AUDIT),
    }
