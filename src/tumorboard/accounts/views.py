from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tumorboard.accounts import access, audit, services
from tumorboard.accounts.forms import AuditFilterForm


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
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "accounts/audit.html", {"form": form, "page": None}, status=400)
    events = audit.events_visible_to(request.user, form.cleaned_data)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "accounts/audit.html", {"form": form, "page": page, "query": query})
