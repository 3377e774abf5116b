"""`tumorboard manage import_followup FILE --user USERNAME`: all rows or none, within the
size and row limits (OUTCOMES_IMPORT_MAX_BYTES, OUTCOMES_IMPORT_MAX_ROWS)."""

from __future__ import annotations

import json
import os
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tumorboard.outcomes import importer


class Command(BaseCommand):
    help = "Import follow-up events from a CSV file (case,type,date,cause_of_death[,notes])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True,
                            help="the user recorded in the audit trail (needs write access)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(json.dumps({"error": f"no user {options['user']!r}",
                                           "field": "user", "line": None}))
        try:
            importer.check_size(os.path.getsize(options["file"]))  # before reading it
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(json.dumps({"error": f"cannot read {options['file']}: {error}",
                                           "field": "file", "line": None})) from None
        except importer.ImportFailed as failure:
            raise CommandError(json.dumps(failure.to_dict())) from None
        try:
            result = importer.import_follow_up(user, data, filename=options["file"])
        except importer.ImportFailed as failure:
            raise CommandError(json.dumps(failure.to_dict())) from None
        self.stdout.write(f"imported {result.imported} follow-up events")
