"""Bad input: each case gets a 4xx OperationOutcome naming the problem; nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.base import BaseTestCase
from tests.fhir.helpers import JENNY, as_transaction, load
from tumorboard.accounts.models import AuditEvent
from tumorboard.patients.models import Case, Patient

Breaker = Callable[[dict[str, Any]], Any]


def _set(path: list[Any], value: Any) -> Breaker:
    def apply(bundle: dict[str, Any]) -> Any:
        target: Any = bundle
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return bundle

    return apply


def _unknown_condition_system(bundle: dict[str, Any]) -> Any:
    bundle["entry"][1]["resource"]["code"]["coding"][0]["system"] = "http://example.org/codes"
    return bundle


# (name, how to break Jenny M's bundle, status, expression of the first error, reason)
CASES: list[tuple[str, Breaker, int, str, str]] = [
    ("malformed JSON", lambda b: json.dumps(b)[:-20], 400, "Bundle", "malformed JSON"),
    ("not a Bundle", _set(["resourceType"], "Patient"), 400, "Bundle.resourceType",
     "expected a Bundle"),
    ("wrong entry resourceType", _set(["entry", 1, "resource", "resourceType"], "Conditio"),
     422, "Bundle.entry[1].resource.resourceType", "not an R4 resource type"),
    ("reference to nothing", _set(["entry", 1, "resource", "subject", "reference"],
                                  "Patient/nobody"), 422, "Bundle.entry[1].resource.subject",
     "reference to nothing"),
    ("unknown code system", _unknown_condition_system, 422,
     "Bundle.entry[1].resource.code.coding.system", "unknown code system"),
    ("invalid date", _set(["entry", 0, "resource", "birthDate"], "1965-13-01"), 422,
     "Bundle.entry[0].resource.birthDate", "Date"),
    ("birth in the future", _set(["entry", 0, "resource", "birthDate"], "2999-01-01"), 422,
     "Bundle.entry[0].resource.birthDate", "future"),
    ("TNM category not in AJCC breast", _set(
        ["entry", 13, "resource", "valueCodeableConcept", "coding", 0],
        {"system": "http://cancerstaging.org", "code": "cT9"}), 422,
     "Bundle.entry[13].resource", "T9"),
    ("transaction entry without request", lambda b: (b["entry"][3].pop("request"), b)[1],
     422, "Bundle.entry[3].request", "request.method"),
]


class BadInputTest(BaseTestCase):
    def post(self, body: Any) -> Any:
        text = body if isinstance(body, str) else json.dumps(body)
        if not hasattr(self, "_headers"):
            self._headers = self.bearer(self.coordinator)  # issuing a token is audited
        return self.client.post("/fhir/R4/", text, content_type="application/fhir+json",
                                **self._headers)

    def test_it_refuses_each_kind_of_bad_input_and_writes_nothing(self) -> None:
        self.post("{}")  # the token (and its audit row) exists before counting
        for name, breaker, status, expression, reason in CASES:
            with self.subTest(name):
                before = (Patient.objects.count(), Case.objects.count(),
                          AuditEvent.objects.exclude(action="search").count())
                response = self.post(breaker(as_transaction(load(JENNY.name))))
                assert response.status_code == status, response.content
                body = response.json()
                assert body["resourceType"] == "OperationOutcome"
                errors = [i for i in body["issue"] if i["severity"] == "error"]
                assert errors[0]["expression"][0].startswith(expression), errors
                assert reason in errors[0]["diagnostics"], errors
                after = (Patient.objects.count(), Case.objects.count(),
                         AuditEvent.objects.exclude(action="search").count())
                assert after == before

    def test_it_lists_every_mapping_problem_of_a_bundle(self) -> None:
        bundle = as_transaction(load(JENNY.name))
        bundle["entry"][0]["resource"]["gender"] = "woman"
        bundle["entry"][13]["resource"]["subject"]["reference"] = "Patient/nobody"
        response = self.post(bundle)
        expressions = {i["expression"][0] for i in response.json()["issue"]
                       if i["severity"] == "error"}
        assert expressions == {"Bundle.entry[0].resource.gender",
                               "Bundle.entry[13].resource.subject"}

    def test_it_rolls_back_the_first_patient_when_the_second_fails(self) -> None:
        bundle = as_transaction(load(JENNY.name))
        second = json.loads(json.dumps(bundle["entry"][0]))
        second["fullUrl"] = "urn:uuid:2d0c0d8e-0000-4000-8000-000000000001"
        second["resource"].update(id="second", identifier=[{"value": "MRN9"}],
                                  birthDate="2999-01-01")
        bundle["entry"].append(second)
        response = self.post(bundle)
        assert response.status_code == 422
        assert not Patient.objects.filter(mrn__in=["MRN1234", "MRN9"]).exists()
