"""Writing to the append-only, hash-chained audit trail (chain: audit_chain.py)."""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from tumorboard.accounts.models import AuditEvent

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_ip(raw: str) -> str | None:
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def _trusted_networks() -> list[IpNetwork]:
    return [ipaddress.ip_network(item, strict=False)
            for item in getattr(settings, "TRUSTED_PROXIES", [])]


def _is_trusted(address: str, networks: list[IpNetwork]) -> bool:
    parsed = ipaddress.ip_address(address)
    return any(parsed in network for network in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR; behind a configured trusted proxy, the right-most address in its
    forwarding header that is not itself a trusted proxy (the left part is client-written)."""
    if request is None:
        return None
    remote = _parse_ip(request.META.get("REMOTE_ADDR") or "")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    networks = _trusted_networks()
    if remote is None or not header or not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop for hop in request.META.get(header, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse_ip(hop)
        if address is None:
            return remote  # a malformed hop: trust nothing further left of it
        if not _is_trusted(address, networks):
            return address
    return remote


def system_actor() -> str:
    """Who ran a command-line action: the operating-system account."""
    try:
        return f"system:{getpass.getuser()}"[:150]
    except (KeyError, OSError):
        return "system"


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
    ip_address: str | None = None,
) -> AuditEvent:
    real_user = user if isinstance(user, User) else None
    name = username or (real_user.get_username() if real_user is not None else "")
    if not name and request is None:
        name = system_actor()
    return AuditEvent.objects.create(
        user=real_user,
        username=name,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        patient_id=str(patient_id or ""),
        site_id=site_id,
        ip_address=ip_address or client_ip(request),
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


class RefusedAccessMiddleware:
    """Records every 403, whoever produced it (handler403, the API's and FHIR's error
    mapping, CSRF): all of them leave the view stack as a 403 response and pass here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            record(user=user, action="refused", object_type="request", request=request,
                   detail={"method": request.method, "status": 403})
        return response


def events_for_patient(patient: Any) -> QuerySet[AuditEvent]:
    """Events about one patient: those naming it, and lists whose detail names it among
    the patients shown (detail["patients"])."""
    key = str(patient.external_id)
    return (AuditEvent.objects.filter(Q(patient_id=key) | Q(detail__patients__icontains=key))
            .select_related("user").order_by("-at", "-id"))
