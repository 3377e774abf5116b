"""Login is required for every page except login, health and static files."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

OPEN_PREFIXES = ("/accounts/login/", "/health", "/static/", "/i18n/")
# The API and FHIR endpoints authenticate themselves (session or bearer token).
SELF_AUTHENTICATING = ("/api/", "/fhir/")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated or path.startswith(OPEN_PREFIXES + SELF_AUTHENTICATING):
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            return JsonResponse({"error": "login required"}, status=401)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
