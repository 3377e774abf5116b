"""Login required everywhere but login and health; the second factor; security headers;
idempotent API creates."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from tumorboard.accounts import idempotency
from tumorboard.accounts.two_factor import needs_second_factor

GetResponse = Callable[[HttpRequest], HttpResponse]

OPEN_PREFIXES = ("/accounts/login/", "/health", "/static/", "/i18n/")
# The API and FHIR endpoints authenticate themselves (session or bearer token).
SELF_AUTHENTICATING = ("/api/", "/fhir/")
# Reachable with a password-only session of a user who still owes the second factor.
SECOND_FACTOR_OPEN = (*OPEN_PREFIXES, "/accounts/two-factor/", "/accounts/logout/")

# No inline script can run: scripts, styles and everything else come from this origin.
# Style *attributes* stay allowed because the server-drawn charts (matplotlib SVG inlined in
# the page) carry their colours in them; a style attribute cannot run script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class LoginRequiredMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated or path.startswith(OPEN_PREFIXES + SELF_AUTHENTICATING):
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            return JsonResponse({"error": "login required"}, status=401)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class TwoFactorMiddleware:
    """With TUMORBOARD_REQUIRE_2FA, a clinical role's session needs the TOTP step first.

    API tokens are unaffected; a password-only session simply does not count on the API.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not needs_second_factor(request.user):
            return self.get_response(request)
        if request.path.startswith(SELF_AUTHENTICATING):
            request.user = AnonymousUser()
            return self.get_response(request)
        if request.path.startswith(SECOND_FACTOR_OPEN):
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            return JsonResponse({"error": "second factor required"}, status=401)
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('two-factor')}?{query}")


class SecurityHeadersMiddleware:
    """CSP on every page; nothing that may hold patient data is kept in any cache."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


class IdempotencyMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        handled = idempotency.handle(request, self.get_response)
        return handled if handled is not None else self.get_response(request)
