"""tumorboard welfare ledger --check: verify every invariant of the funds' ledger; exit 1
naming the first broken one (all of them on stderr), 0 when the ledger is sound.
tumorboard welfare remind [--site CODE]: mark reminders on overdue documents."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tumorboard.network.models import Site
from tumorboard.welfare import ledger, services


class Command(BaseCommand):
    help = "Welfare programme: check the fund ledger, send document reminders."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("ledger", help="the funds' double-entry ledger")
        check.add_argument("--check", action="store_true", required=True,
                           help="verify every invariant; exit 1 naming the first broken one")
        remind = sub.add_parser("remind", help="mark reminders on overdue documents")
        remind.add_argument("--site", default="", help="site code (default: every site)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            sites = Site.objects.all()
            if options["site"]:
                sites = sites.filter(code=options["site"])
                if not sites.exists():
                    raise CommandError(f"site: no site with code {options['site']!r}",
                                       returncode=2)
            count = sum(services.do_send_reminders(None, site) for site in sites)
            self.stdout.write(f"{count} reminders\n")
            return
        problems = ledger.check()
        if problems:
            for problem in problems:
                sys.stderr.write(f"{problem}\n")
            self.stderr.write(f"ledger check FAILED: first broken invariant: {problems[0]}")
            sys.exit(1)
        self.stdout.write("ledger check passed: every transaction balances, cached balances "
                          "equal the lines, no balance ever below zero, commitments match "
                          "their applications\n")
