from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tumorboard.accounts import access, audit, services
from tumorboard.accounts.models import AuditAction, AuditEvent


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        ip = audit.client_ip(self.request)
        if username and services.login_locked(username, ip):
            raise ValidationError(
                _("Too many failed attempts. Try again in a few minutes."), code="locked"
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                services.do_record_login_failure(username, ip)
            raise
        services.do_clear_login_failures(username)
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def audit_trail(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, access.READ_AUDIT)
    events = AuditEvent.objects.filter(site_id__in=access.site_ids(request.user)) | (
        AuditEvent.objects.filter(site__isnull=True)
    )
    filters = {
        "username": request.GET.get("username", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
        "patient_id": request.GET.get("patient_id", "").strip(),
        "date_from": request.GET.get("date_from", "").strip(),
        "date_to": request.GET.get("date_to", "").strip(),
    }
    if filters["username"]:
        events = events.filter(username=filters["username"])
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["object_type"]:
        events = events.filter(object_type=filters["object_type"])
    if filters["patient_id"]:
        events = events.filter(patient_id=filters["patient_id"])
    if filters["date_from"]:
        events = events.filter(at__date__gte=filters["date_from"])
    if filters["date_to"]:
        events = events.filter(at__date__lte=filters["date_to"])
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(request, "accounts/audit.html", {
        "page": page, "filters": filters, "actions": AuditAction.choices, "query": query,
    })
