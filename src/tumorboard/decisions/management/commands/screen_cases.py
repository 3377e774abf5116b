from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from tumorboard.decisions.bulk import screen_in_bulk
from tumorboard.decisions.models import ScreeningResult
from tumorboard.pathways import RULESET_VERSION
from tumorboard.patients.models import Case


class Command(BaseCommand):
    help = ("Screen every case not yet screened with the current ruleset (after an import, "
            "a bulk load or a rule change), so that no case is left unscreened.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--all", action="store_true", help="screen every case again")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if not options["all"]:
            current = ScreeningResult.objects.filter(case=OuterRef("pk"), is_latest=True,
                                                     ruleset_version=RULESET_VERSION)
            cases = cases.exclude(Exists(current))
        total = cases.count()
        with tqdm(total=total, desc="Screening cases", unit="case", file=sys.stderr) as bar:
            done = screen_in_bulk(cases, progress=bar.update)
        self.stdout.write(f"Screened {done} cases with ruleset {RULESET_VERSION}.")
