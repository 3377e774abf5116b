"""The API of "was the recommendation carried out" (issue 12): GET the records of a signed
recommendation, POST a new one; a coded reason is required when it was not carried out;
another site's user can neither read nor record."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.board.helpers import BoardTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.board.models import Implementation, Recommendation


class ImplementationApiTest(BoardTestCase):
    def url(self, rec: Recommendation) -> str:
        return f"/api/v1/recommendations/{rec.external_id}/implementation"

    def post(self, client: Client, rec: Recommendation, body: dict[str, Any]) -> Any:
        return client.post(self.url(rec), json.dumps(body), content_type="application/json")

    def test_it_records_and_reads_back_a_plan_not_carried_out(self) -> None:
        rec = self.signed()
        self.clinician.first_name, self.clinician.last_name = "敏", "林"
        self.clinician.save(update_fields=["first_name", "last_name"])
        client = self.client_for(self.clinician)
        assert client.get(self.url(rec)).json()["current"] is None
        created = self.post(client, rec, {"implemented": False, "reason": "patient_refusal",
                                          "note": "Chose another hospital"})
        assert created.status_code == 201, created.content
        assert created.json()["reason_label"] == "Patient's choice"
        data = client.get(self.url(rec)).json()
        current = data["current"]
        assert (current["implemented"], current["reason"]) == (False, "patient_refusal")
        assert current["recorded_by"]["name"] == "林敏"
        assert current["recorded_by"]["id"] == str(self.clinician.profile.external_id)
        assert "clinician" not in json.dumps(data, ensure_ascii=False)  # no username
        assert [row["id"] for row in data["history"]] == [current["id"]]
        assert "patient_refusal" in data["reasons"]
        assert AuditEvent.objects.filter(action="create", object_type="implementation").exists()

    def test_it_needs_a_coded_reason_when_not_carried_out(self) -> None:
        rec = self.signed()
        client = self.client_for(self.clinician)
        for body, field in (({"implemented": False}, "reason"),
                            ({"implemented": False, "reason": "bored"}, "reason"),
                            ({"reason": "other"}, "implemented"),
                            ({"implemented": True, "reason": "other"}, "reason"),
                            ({"implemented": True, "note": "x" * 501}, "note")):
            with self.subTest(body=body):
                response = self.post(client, rec, body)
                assert response.status_code == 422
                assert response.json()["field"] == field
        assert Implementation.objects.count() == 0

    def test_it_refuses_a_draft(self) -> None:
        rec = self.saved()
        response = self.post(self.client_for(self.clinician), rec, {"implemented": True})
        assert response.status_code == 422 and response.json()["field"] == "recommendation"
        assert Implementation.objects.count() == 0

    def test_it_refuses_another_site_s_user(self) -> None:
        rec = self.signed()
        self.post(self.client_for(self.clinician), rec, {"implemented": True})
        other = self.client_for(self.outsider)
        assert other.get(self.url(rec)).status_code == 403
        assert self.post(other, rec, {"implemented": True}).status_code == 403
        assert Implementation.objects.count() == 1
