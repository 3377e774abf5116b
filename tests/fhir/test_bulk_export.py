"""FHIR Bulk Data `$export` (Bulk Data Access IG): kick-off 202 + Content-Location, polling
202 with X-Progress then 200 with the manifest, NDJSON files, DELETE to cancel, run by the
django-tasks database worker; only the requester sees the job, only their sites' patients."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from tests.base import BaseTestCase
from tests.fhir.helpers import validate
from tumorboard.accounts.models import AuditEvent
from tumorboard.patients import services as patients

BASE = "/fhir/R4/"
ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp())
class BulkExportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # another site's patient: never in this site's export
        patients.do_create_patient(cls.outsider, cls.other_site, {
            "mrn": "W-1", "family_name": "West", "given_name": "Wendy", "sex": "female",
            "birth_date": dt.date(1970, 1, 1)})

    def _kickoff(self, user: Any, query: str = "") -> Any:
        client = self.client_for(user)
        with self.captureOnCommitCallbacks(execute=True):
            return client.get(f"{BASE}$export{query}", headers=ASYNC)

    def _run_worker(self) -> None:
        # The worker closes "old" connections between tasks; inside a test case that is the
        # test's own transaction (PostgreSQL really closes it, in-memory SQLite ignores it).
        with mock.patch(
                "django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    def test_it_exports_as_the_bulk_data_ig_describes(self) -> None:
        kickoff = self._kickoff(self.clinician)
        assert kickoff.status_code == 202
        status_url = kickoff["Content-Location"]
        assert "$export-status/" in status_url
        client = self.client_for(self.clinician)
        waiting = client.get(status_url)
        assert waiting.status_code == 202 and waiting["X-Progress"] == "queued"
        self._run_worker()
        done = client.get(status_url)
        assert done.status_code == 200
        manifest = done.json()
        assert manifest["requiresAccessToken"] is True and manifest["request"].endswith(
            "$export")
        by_type = {o["type"]: o for o in manifest["output"]}
        assert set(by_type) == {"Patient", "Condition", "BodyStructure", "Observation",
                                "Procedure", "CarePlan"}
        patients_file = client.get(by_type["Patient"]["url"])
        assert patients_file["Content-Type"] == "application/fhir+ndjson"
        streamed: Any = patients_file
        lines = b"".join(streamed.streaming_content).decode().splitlines()
        assert len(lines) == by_type["Patient"]["count"] == 1  # not the other site's patient
        assert json.loads(lines[0])["id"] == str(self.patient.external_id)
        validate(json.loads(lines[0]))
        assert AuditEvent.objects.filter(action="export", channel="fhir",
                                         patient_id=str(self.patient.external_id)).exists()

    def test_it_exports_only_the_types_asked_for(self) -> None:
        status_url = self._kickoff(self.clinician, "?_type=Patient")["Content-Location"]
        self._run_worker()
        manifest = self.client_for(self.clinician).get(status_url).json()
        assert [o["type"] for o in manifest["output"]] == ["Patient"]
        assert self._kickoff(self.clinician, "?_type=Specimen").status_code == 400

    def test_it_needs_prefer_respond_async(self) -> None:
        answer = self.client_for(self.clinician).get(f"{BASE}$export")
        assert answer.status_code == 400
        assert "respond-async" in answer.json()["issue"][0]["diagnostics"]

    def test_it_cancels_on_delete(self) -> None:
        status_url = self._kickoff(self.clinician)["Content-Location"]
        client = self.client_for(self.clinician)
        assert client.delete(status_url).status_code == 202
        self._run_worker()
        assert client.get(status_url).status_code == 404

    def test_it_shows_the_job_and_files_to_no_one_but_the_requester(self) -> None:
        status_url = self._kickoff(self.clinician)["Content-Location"]
        self._run_worker()
        manifest = self.client_for(self.clinician).get(status_url).json()
        file_url = manifest["output"][0]["url"]
        for other in (self.coordinator, self.outsider):
            client = self.client_for(other)
            assert client.get(status_url).status_code == 404
            assert client.get(file_url).status_code == 404
            assert client.delete(status_url).status_code == 404

    def test_it_refuses_roles_that_may_not_see_clinical_data(self) -> None:
        for user in (self.welfare, self.auditor):
            assert self._kickoff(user).status_code == 403

    def test_it_refuses_without_login(self) -> None:
        assert self.client_class().get(f"{BASE}$export", headers=ASYNC).status_code == 401
