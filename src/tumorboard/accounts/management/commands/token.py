from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tumorboard.accounts.tokens import do_issue_token


class Command(BaseCommand):
    help = "Print a new API token for a user (send it as 'Authorization: Bearer TOKEN')."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS,
                            help="days until the token expires (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {options['username']!r}", returncode=2)
        if options["days"] < 1:
            raise CommandError("days: must be at least 1", returncode=2)
        self.stdout.write(do_issue_token(user, days=options["days"]))
