"""Idempotency-Key on API creates: a replay returns the first answer and creates nothing."""

from __future__ import annotations

import json
from typing import Any

from tests.base import BaseTestCase
from tumorboard.patients.models import Patient


def new_patient(**overrides: Any) -> dict[str, Any]:
    body = {"mrn": "E777", "family_name": "Smith", "given_name": "Mary", "sex": "female",
            "birth_date": "1961-02-03"}
    body.update(overrides)
    return body


class IdempotencyTest(BaseTestCase):
    def post(self, body: dict[str, Any], key: str | None = "create-e777", user: Any = None) -> Any:
        headers = self.bearer(user or self.coordinator)
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return self.client.post("/api/v1/patients", json.dumps(body),
                                content_type="application/json", **headers)

    def test_it_replays_the_first_response_and_creates_one_row(self) -> None:
        first = self.post(new_patient())
        self.assertEqual(first.status_code, 201, first.content)
        again = self.post(new_patient())
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(Patient.objects.filter(mrn="E777").count(), 1)

    def test_it_refuses_a_different_body_with_the_same_key(self) -> None:
        self.assertEqual(self.post(new_patient()).status_code, 201)
        other = self.post(new_patient(mrn="E778"))
        self.assertEqual(other.status_code, 422)
        self.assertEqual(other.json()["field"], "Idempotency-Key")
        self.assertFalse(Patient.objects.filter(mrn="E778").exists())

    def test_it_keeps_keys_per_user(self) -> None:
        self.assertEqual(self.post(new_patient()).status_code, 201)
        second = self.post(new_patient(mrn="E779"), user=self.clinician)
        self.assertEqual(second.status_code, 201)
        self.assertTrue(Patient.objects.filter(mrn="E779").exists())

    def test_it_creates_again_without_a_key(self) -> None:
        self.assertEqual(self.post(new_patient(), key=None).status_code, 201)
        # the same MRN a second time is a conflict the API reports, not a replay
        self.assertNotEqual(self.post(new_patient(), key=None).status_code, 201)

    def test_it_forgets_a_key_after_a_day(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        from tumorboard.accounts.models import IdempotencyKey

        self.assertEqual(self.post(new_patient()).status_code, 201)
        IdempotencyKey.objects.update(created=timezone.now() - timedelta(hours=25))
        self.assertEqual(self.post(new_patient(mrn="E780")).status_code, 201)
        self.assertTrue(Patient.objects.filter(mrn="E780").exists())
