"""`tumorboard manage screen_cases`: screen the cases the current ruleset has not screened.

After a new ruleset version, every open case is screened again and the cases whose options
changed are listed, old and new status side by side (also at /decisions/ruleset-changes/),
so clinicians see which earlier advice would now differ.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q
from tqdm import tqdm

from tumorboard.decisions.bulk import screen_in_bulk
from tumorboard.decisions.models import ScreeningResult, ScreeningTrigger
from tumorboard.decisions.ruleset_changes import changed_screenings
from tumorboard.pathways import RULESET_VERSION
from tumorboard.patients.models import Case, CaseStatus


class Command(BaseCommand):
    help = ("Screen every open case not yet screened with the current ruleset (after a new "
            "ruleset version, an import or a bulk load) and report whose options changed.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="screen every case again, closed ones included")
        parser.add_argument("--report", metavar="FILE",
                            help="write the changed cases as JSON to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if not options["all"]:
            current = ScreeningResult.objects.filter(case=OuterRef("pk"), is_latest=True,
                                                     ruleset_version=RULESET_VERSION)
            any_screening = ScreeningResult.objects.filter(case=OuterRef("pk"))
            # Never screened (an import, a bulk load): screen it whatever its status, so the
            # report counts it. Screened under an older ruleset: only while the case is open.
            cases = cases.exclude(Exists(current)).exclude(
                Exists(any_screening) & Q(status=CaseStatus.CLOSED))
        total = cases.count()
        with tqdm(total=total, desc="Screening cases", unit="case", file=sys.stderr) as bar:
            done = screen_in_bulk(cases, trigger=ScreeningTrigger.RULESET, progress=bar.update)
        changed = changed_screenings(RULESET_VERSION)
        self.stdout.write(f"Screened {done} cases with ruleset {RULESET_VERSION}; "
                          f"{len(changed)} have options that changed.")
        for row in changed:
            moves = "; ".join(f"{c['code']}: {c['before'] or '-'} -> {c['after'] or '-'}"
                              for c in row["changes"])
            self.stdout.write(f"  {row['site']} {row['mrn']} {row['pathway']}: {moves}")
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as handle:
                json.dump(changed, handle, ensure_ascii=False, indent=1, default=str)
