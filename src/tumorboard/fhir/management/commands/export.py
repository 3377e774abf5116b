"""`tumorboard export fhir --out DIR [--patient ID] [--bundle]`: FHIR Bulk Data NDJSON."""

from __future__ import annotations

import json
import sys
import uuid
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from tumorboard.accounts import audit
from tumorboard.fhir.export import patient_bundle, write_ndjson
from tumorboard.patients.models import Patient


def _fail(message: str, field: str) -> SystemExit:
    sys.stderr.write(json.dumps({"error": message, "field": field}) + "\n")
    return SystemExit(2)


class Command(BaseCommand):
    help = "Export patients as FHIR R4 / mCODE NDJSON files (one per resource type)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("format", choices=["fhir"])
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--patient", help="external id (UUID) of one patient")
        parser.add_argument("--bundle", action="store_true",
                            help="also write the mCODE patient bundle (needs --patient)")

    def handle(self, *args: Any, **options: Any) -> None:
        patients = Patient.objects.select_related("site")
        if options["patient"]:
            try:
                patients = patients.filter(external_id=uuid.UUID(options["patient"]))
            except ValueError:
                raise _fail("--patient must be a patient id (UUID)", "patient") from None
            if not patients.exists():
                raise _fail(f"no patient {options['patient']}", "patient")
        elif options["bundle"]:
            raise _fail("--bundle needs --patient", "bundle")
        out: Path = options["out"]
        progress = tqdm(total=patients.count(), desc="export fhir", unit="patient",
                        file=sys.stderr)

        def exported(patient: Patient) -> None:
            audit.record(user=None, username="cli", action="export", object_type="patient",
                         object_id=patient.external_id, patient_id=patient.external_id,
                         site_id=patient.site_id, channel="cli", detail={"format": "ndjson"})
            progress.update()

        counts = write_ndjson(patients, out, exported)
        progress.close()
        if options["bundle"]:
            patient = patients.get()
            path = out / f"Bundle-{patient.external_id}.json"
            path.write_text(json.dumps(patient_bundle(patient), ensure_ascii=False, indent=1))
        self.stdout.write(json.dumps({"out": str(out), "resources": counts}))
