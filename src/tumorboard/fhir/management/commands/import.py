"""`tumorboard import fhir FILE... [--site CODE]`: import Bundles, all files or none.

Files are read and written in batches (import_bundles: one lookup and one bulk insert per
table per batch) inside one transaction, with one outcome-summary refresh at the end."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundles
from tumorboard.fhir.problems import FhirInputError, outcome, reasons
from tumorboard.network.models import Site
from tumorboard.outcomes.hooks import deferred_refresh

BATCH = 200  # files held in memory and written together


def _fail(message: str, field: str, extra: dict[str, Any] | None = None) -> SystemExit:
    sys.stderr.write(json.dumps({"error": message, "field": field, **(extra or {})}) + "\n")
    return SystemExit(2)


def _site(code: str | None) -> Site:
    if code:
        site = Site.objects.filter(code=code).first()
        if site is None:
            raise _fail(f"no site with code {code!r}", "site")
        return site
    sites = list(Site.objects.all()[:2])
    if len(sites) != 1:
        raise _fail("name the site for imported patients with --site CODE", "site")
    return sites[0]


class Command(BaseCommand):
    help = "Import FHIR R4 transaction or collection Bundles (mCODE) into tumorboard."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("format", choices=["fhir"])
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--site", help="site code for patients whose identifiers are "
                            "not tumorboard MRNs (default: the only site)")

    def handle(self, *args: Any, **options: Any) -> None:
        site = _site(options["site"])
        context = ImportContext(AnonymousUser(), site, None)
        totals: dict[str, Any] = {"files": 0, "resources": 0, "patients": 0, "cases": 0,
                                   "not_stored": 0, "not_stored_by_reason": {}}
        paths: list[Path] = options["files"]
        self._current = paths[0]
        try:
            with transaction.atomic(), deferred_refresh(), tqdm(
                    total=len(paths), desc="import fhir", unit="bundle", file=sys.stderr,
                    disable=len(paths) < 2) as progress:
                for start in range(0, len(paths), BATCH):
                    self._batch(paths[start:start + BATCH], context, totals)
                    progress.update(len(paths[start:start + BATCH]))
        except FhirInputError as error:
            raise _fail(str(error), error.problems.errors[0].expression,
                        {"file": str(self._current),
                         "outcome": outcome(error.problems.issues)}) from None
        self.stdout.write(json.dumps(totals))

    def _batch(self, paths: list[Path], context: ImportContext,
               totals: dict[str, Any]) -> None:
        raws = []
        for path in paths:
            self._current = path
            try:
                raws.append(path.read_bytes())
            except OSError as error:
                raise _fail(f"cannot read {path}: {error.strerror}", "files") from None
        try:
            results = import_bundles(raws, context)
        except FhirInputError as error:
            self._current = paths[error.index]
            raise
        for result in results:
            _count(result, totals)


def _count(result: ImportResult, totals: dict[str, Any]) -> None:
    totals["files"] += 1
    totals["resources"] += result.resources
    totals["patients"] += result.patients
    totals["cases"] += result.cases
    by_reason: dict[str, int] = totals["not_stored_by_reason"]
    for reason, count in reasons(result.issues).items():
        by_reason[reason] = by_reason.get(reason, 0) + count
        totals["not_stored"] += count
