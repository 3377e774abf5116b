"""`tumorboard import fhir` / `export fhir`, in process and as a user runs them, and a real
FHIR client (fhirclient) reading and searching a running `tumorboard serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from tests.base import BaseTestCase
from tests.fhir.helpers import JENNY, load, validate
from tumorboard.accounts.models import AuditEvent
from tumorboard.cli import main
from tumorboard.fhir.export import read_ndjson
from tumorboard.patients.models import Patient

SRC = str(Path(__file__).resolve().parents[2] / "src")


class CommandTest(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _tools(self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.tmp = capsys, tmp_path
        # A management command closes every connection when it ends; in a test that
        # would end the transaction holding the test's data (PostgreSQL).
        monkeypatch.setattr(connections, "close_all", lambda: None)

    def test_it_imports_then_exports_ndjson_that_validates(self) -> None:
        assert main(["import", "fhir", str(JENNY), "--site", "WEST"]) == 0
        totals = json.loads(self.capsys.readouterr().out)
        assert (totals["files"], totals["patients"], totals["cases"]) == (1, 1, 1)
        jenny = Patient.objects.get(mrn="MRN1234")
        assert jenny.site == self.other_site
        out = self.tmp / "out"
        assert main(["export", "fhir", "--out", str(out), "--patient", str(jenny.external_id),
                     "--bundle"]) == 0
        written = sorted(p.name for p in out.iterdir())
        # Of Jenny's four Procedures the surgical one (64368001) becomes a registry operation.
        assert written == ["BodyStructure.ndjson", f"Bundle-{jenny.external_id}.json",
                           "CarePlan.ndjson",
                           "Condition.ndjson", "Observation.ndjson", "Patient.ndjson",
                           "Procedure.ndjson"]
        resources = read_ndjson(sorted(out.glob("*.ndjson")))
        assert len(resources) == 1 + 1 + 1 + 6 + 1  # the Tumor her TumorSize is about
        for resource in resources:
            validate(resource)
        assert AuditEvent.objects.filter(action="export", channel="cli",
                                         patient_id=str(jenny.external_id)).exists()

    def test_it_exports_every_patient_without_patient(self) -> None:
        assert main(["export", "fhir", "--out", str(self.tmp)]) == 0
        patients = read_ndjson([self.tmp / "Patient.ndjson"])
        assert [p["id"] for p in patients] == [str(self.patient.external_id)]

    def test_it_exits_2_with_json_and_an_operation_outcome_on_bad_input(self) -> None:
        broken = load(JENNY.name)
        broken["entry"][1]["resource"]["subject"]["reference"] = "Patient/nobody"
        bad = self.tmp / "bad.json"
        bad.write_text(json.dumps(broken))
        assert main(["import", "fhir", str(JENNY), str(bad), "--site", "EAST"]) == 2
        captured = self.capsys.readouterr()
        assert captured.out == ""
        error = json.loads(captured.err.strip().splitlines()[-1])
        assert error["field"] == "Bundle.entry[1].resource.subject"
        assert error["outcome"]["resourceType"] == "OperationOutcome"
        assert not Patient.objects.filter(mrn="MRN1234").exists()  # all files or none

    def test_it_needs_a_site_when_there_are_several(self) -> None:
        assert main(["import", "fhir", str(JENNY)]) == 2
        assert json.loads(self.capsys.readouterr().err)["field"] == "site"


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tumorboard", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tumorboard", "serve", "--port",
                               str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    _wait(f"http://127.0.0.1:{port}/health")
    return server, f"http://127.0.0.1:{port}/fhir/R4/"


def test_it_serves_fhirclient_reads_and_searches(tmp_path: Path) -> None:
    from fhirclient import client
    from fhirclient.models.condition import Condition
    from fhirclient.models.observation import Observation
    from fhirclient.models.patient import Patient as ClientPatient

    env = {**os.environ, "PYTHONPATH": SRC, "TUMORBOARD_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'fhir.sqlite3'}"}
    assert _run(env, "demo", "--no-serve", "--patients", "5").returncode == 0
    imported = _run(env, "import", "fhir", str(JENNY), "--site", "EAST")
    assert imported.returncode == 0, imported.stderr
    token = _run(env, "token", "clinician").stdout.strip()
    server, base = _serve(env)
    try:
        smart = client.FHIRClient(settings={"app_id": "tumorboard-test", "api_base": base})
        smart.server.session.headers["Authorization"] = f"Bearer {token}"
        found: Any = list(ClientPatient.where({"identifier": "MRN1234"}).perform_resources_iter(
            smart.server))
        assert [(p.name[0].family, p.birthDate.isostring) for p in found] == [
            ("M", "1965-01-01")]
        jenny = ClientPatient.read(found[0].id, smart.server)
        assert jenny.gender == "female"
        conditions = list(Condition.where({"patient": jenny.id}).perform_resources_iter(
            smart.server))
        assert [c.as_json()["onsetDateTime"] for c in conditions] == ["2018-03-16"]
        stage = list(Observation.where({"patient": jenny.id, "code": "399537006"}) \
            .perform_resources_iter(smart.server))
        assert stage[0].valueCodeableConcept.coding[0].display == "IIB"
    finally:
        server.terminate()
        server.wait(timeout=10)
