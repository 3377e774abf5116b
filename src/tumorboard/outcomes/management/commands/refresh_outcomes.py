"""`tumorboard manage refresh_outcomes [--all]`: rebuild the per-case outcome summaries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tumorboard.outcomes import summary, tallies
from tumorboard.patients.models import Case


class Command(BaseCommand):
    help = "Rebuild the outcome summaries the registry dashboard aggregates over."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="rebuild every case, not only cases without a summary, "
                                 "and recount the pre-aggregated tallies")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            count = summary.refresh_cases(Case.objects.values_list("id", flat=True))
            with transaction.atomic():  # and recount the dashboard's tallies from scratch
                tallies.rebuild()
        else:
            count = summary.refresh_missing()
        self.stdout.write(f"refreshed {count} case summaries")
