"""Every route of the app, whoever wrote it, needs a login: only login, health, the
language switch, static files and the FHIR CapabilityStatement (read before login by
SMART clients, as the FHIR specification expects) are open."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

OPEN = ("accounts/login/", "health", "i18n/", "static/", "fhir/R4/metadata")
# Fixed, so that parallel test workers collect the same tests.
SOME_UUID = uuid.UUID("6f1d2c3b-0a4e-4b5c-9d8e-7f6a5b4c3d2e")
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        else:
            yield text


def concrete(route: str) -> str | None:
    """A path for a route with every parameter filled in; None for regex-only routes."""
    if route.startswith("^") or "(?P" in route:
        return None
    return "/" + PARAMETER.sub(lambda m: "1" if m.group(1) == "int" else str(SOME_UUID)
                               if m.group(1) == "uuid" else "x", route).lstrip("/")


PATHS = sorted({p for r in routes(get_resolver().url_patterns)
                if (p := concrete(r)) and not p.lstrip("/").startswith(("admin/", *OPEN))})


def test_it_finds_the_routes_of_every_app() -> None:
    for prefix in ("/patients/", "/decisions/", "/clinic/", "/board/", "/outcomes/",
                   "/api/v1/", "/fhir/R4/", "/audit/"):
        assert any(path.startswith(prefix) for path in PATHS), prefix


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_it_refuses_anonymous_requests(path: str) -> None:
    client = Client()
    for method in (client.get, client.post):
        response = method(path)
        if path.startswith(("/api/", "/fhir/")):
            # 405/404: the API answers a wrong method or an unknown path before it
            # authenticates; neither reveals data.
            assert response.status_code in {401, 404, 405}, (method, path, response.status_code)
        else:
            assert response.status_code == 302, (method, path, response.status_code)
            assert response["Location"].startswith("/accounts/login/")
