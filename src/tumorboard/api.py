"""The JSON API under /api/v1 (django-ninja); each app contributes a router."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from tumorboard.accounts import access
from tumorboard.accounts.tokens import user_for_token
from tumorboard.core.api_schemas import responses
from tumorboard.network.models import Site
from tumorboard.patients.validation import InvalidInput, StaleVersion


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user  # type: ignore[assignment]
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        return request.user if request.user.is_authenticated else None


def logged_in_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its browsable docs, like everything else, need a session or a token."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not request.user.is_authenticated and not (token and user_for_token(token)):
            return JsonResponse({"error": "authentication required (session or Bearer token)",
                                 "field": None}, status=401)
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="tumorboard API",
    version="1",
    urls_namespace="api-v1",
    auth=[BearerToken(), SessionAuth(csrf=True)],
    docs_decorator=logged_in_docs,
)


def _error(request: HttpRequest, status: int, message: str, field: str | None,
           errors: list[dict[str, str]] | None = None) -> HttpResponse:
    body = {"error": message, "field": field, "errors": errors or [{"field": field or "",
                                                                    "error": message}]}
    return api.create_response(request, body, status=status)


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    errors = [{"field": k, "error": v} for k, v in exc.errors.items()]
    if isinstance(exc, StaleVersion):  # 409 with both versions, nothing written
        body = {"error": errors[0]["error"], "field": "version", "errors": errors,
                "your_version": exc.expected, "current_version": exc.current}
        return api.create_response(request, body, status=409)
    return _error(request, 422, errors[0]["error"], exc.field, errors)


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc), "error": str(item.get("msg", "invalid"))})
    first = errors[0] if errors else {"field": "", "error": "invalid input"}
    return _error(request, 422, first["error"], first["field"] or None, errors)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "forbidden", getattr(exc, "field", None))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not found", None)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "authentication required (session or Bearer token)", None)


class MeOut(Schema):
    username: str
    role: str | None
    specialty: str | None
    sites: list[str]


@api.get("/me", tags=["accounts"], response=responses({200: MeOut}))
def me(request: HttpRequest) -> dict[str, object]:
    """Who the caller is: username, role, specialty and site codes."""
    profile = access.profile_of(request.user)
    return {
        "username": request.user.get_username(),
        "role": profile.role if profile else None,
        "specialty": profile.specialty if profile else None,
        "sites": sorted(Site.objects.filter(pk__in=access.site_ids(request.user))
                        .values_list("code", flat=True)),
    }


def register_routers() -> None:
    from tumorboard.decisions.api import router as decisions_router
    from tumorboard.patients.api import router as patients_router

    api.add_router("/", patients_router)
    from tumorboard.patients.report_api import router as reports_router

    api.add_router("/", reports_router)
    api.add_router("/", decisions_router)
    from tumorboard.outcomes.api import router as outcomes_router

    api.add_router("/", outcomes_router)
    from tumorboard.clinic.api import router as clinic_router

    api.add_router("/", clinic_router)
    from tumorboard.board.api import router as board_router

    api.add_router("/", board_router)
    from tumorboard.capacity.api import router as capacity_router

    api.add_router("/", capacity_router)
    from tumorboard.welfare.api import router as welfare_router

    api.add_router("/", welfare_router)
    from tumorboard.network.api import router as network_router

    api.add_router("/", network_router)


register_routers()
