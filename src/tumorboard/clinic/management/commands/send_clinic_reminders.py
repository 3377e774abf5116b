"""Send the clinic reminders that are due (run from cron every 15 minutes or so).

    tumorboard manage send_clinic_reminders [--today 2026-12-01 --now 07:00]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tumorboard.clinic.reminders import do_send_due_reminders


class Command(BaseCommand):
    help = "Send due clinic reminders (day before, morning of) through the configured sender."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="date YYYY-MM-DD (default: today)")
        parser.add_argument("--now", help="time HH:MM (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        local = timezone.localtime()
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else local.date()
            now = dt.time.fromisoformat(options["now"]) if options["now"] else local.time()
        except ValueError as error:
            raise CommandError(f"--today/--now: {error}", returncode=2) from None
        counts = do_send_due_reminders(today, now)
        self.stdout.write(f"sent {counts['sent']}, failed {counts['failed']}")
