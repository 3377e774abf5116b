from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tumorboard.accounts import access, audit, audit_labels, services, tokens
from tumorboard.accounts.forms import AuditFilterForm
from tumorboard.accounts.models import Role


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses before checking the password while a throttling rule holds (services)."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        ip = audit.client_ip(self.request)
        if username and services.login_refusal(username, ip):
            raise ValidationError(
                _("Too many failed attempts. Try again in a few minutes."), code="locked"
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                services.do_record_login_failure(username, ip)
            raise
        services.do_clear_login_failures(username, ip)
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        audit.record(user=user, action="login", object_type="user", object_id=user.pk,
                     request=self.request)
        return response


def audit_trail(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, access.READ_AUDIT)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "accounts/audit.html", {"form": form, "page": None}, status=400)
    events = audit.events_visible_to(request.user, form.cleaned_data)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "accounts/audit.html", {"form": form, "page": page, "query": query,
                                                   "rows": audit_labels.rows_for(page)})


class PasswordChange(PasswordChangeView):
    """Django's view: this session stays signed in, the user's other sessions end (the
    session's password hash no longer matches)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Password changed. Your other sessions have ended."))
        return response


def token_list(request: HttpRequest) -> HttpResponse:
    listed = tokens.tokens_visible_to(request.user)
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/tokens.html", {
        "page": page, "now": timezone.now(),
        "all_users": access.has_role(request.user, frozenset({Role.ADMIN})),
    })


@require_POST
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = tokens.do_revoke_token(request.user, str(token_id))
    messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("token-list")
