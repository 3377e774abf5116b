"""schemathesis generates requests from the published OpenAPI schema: whatever it sends,
the API must never answer with a server error, and must answer what the schema says."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tumorboard.accounts.services import do_create_user
from tumorboard.accounts.tokens import do_issue_token
from tumorboard.network.models import Site
from tumorboard.patients import services


@pytest.fixture
def token(db: None) -> str:
    site = Site.objects.create(code="EAST", name="East")
    user = do_create_user("fuzzer", role="clinician", site_codes=["EAST"],
                          password="a long enough passphrase")
    patient = services.do_create_patient(user, site, {
        "mrn": "F1", "family_name": "Li", "given_name": "Na", "sex": "female",
        "birth_date": dt.date(1970, 1, 1)})
    services.do_create_case(user, patient, {
        "pathway": "breast", "primary_site_code": "C50.4", "histology_code": "8500/3",
        "diagnosis_date": dt.date(2025, 1, 1)}, details={})
    return do_issue_token(user)


# 50 examples per operation: about 2,300 requests, 70-80 s on 2 cores. A deeper search:
# FUZZ_EXAMPLES=200 pytest tests/api (FUZZ_MIN_CASES is the total the run must reach).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
MIN_CASES = int(os.environ.get("FUZZ_MIN_CASES", "2000"))
# Every answer must be declared for its operation, in the declared content type, matching
# the declared (typed) schema.
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Like Django's test client: the WSGI handler must not close the test's connection
    (its transaction holds the data) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_it_never_fails_with_a_server_error(token: str, keep_connection: None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(),
                                            headers={"Authorization": f"Bearer {token}"})
    checked, cases = 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            nonlocal cases
            cases += 1
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, response.text[:500])
            case.validate_response(response, checks=CHECKS)

        call()
        checked += 1
    assert checked >= 20  # every router contributes operations
    assert cases >= MIN_CASES, cases
    print(f"schemathesis: {checked} operations, {cases} cases, no 5xx")
