"""Writing to the append-only audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from tumorboard.accounts.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    user: User | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object = "",
    patient_id: object = "",
    site_id: int | None = None,
    request: HttpRequest | None = None,
    channel: str | None = None,
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> AuditEvent:
    real_user = user if isinstance(user, User) else None
    name = username or (real_user.get_username() if real_user is not None else "")
    return AuditEvent.objects.create(
        user=real_user,
        username=name,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        patient_id=str(patient_id or ""),
        site_id=site_id,
        ip_address=client_ip(request),
        channel=channel or _channel_of(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
        detail=detail or {},
    )


def _channel_of(request: HttpRequest | None) -> str:
    if request is None:
        return "cli"
    if request.path.startswith("/api/"):
        return "api"
    if request.path.startswith("/fhir/"):
        return "fhir"
    return "web"


def events_visible_to(user: User | AnonymousUser,
                      filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Events of the user's sites, and site-less events such as logins."""
    from tumorboard.accounts.access import site_ids

    events = AuditEvent.objects.filter(Q(site_id__in=site_ids(user)) | Q(site__isnull=True))
    exact = {key: filters[key] for key in ("username", "action", "object_type", "patient_id")
             if filters.get(key)}
    events = events.filter(**exact)
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events.order_by("-at", "-id")
