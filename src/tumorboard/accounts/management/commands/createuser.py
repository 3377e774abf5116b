from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tumorboard.accounts.services import UserInputError, do_create_user


class Command(BaseCommand):
    help = "Create a user with a role and site membership."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True)
        parser.add_argument("--site", required=True, action="append",
                            help="site code; repeat for several sites")
        parser.add_argument("--specialty", default="")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            user = do_create_user(options["username"], role=options["role"],
                                  site_codes=options["site"], specialty=options["specialty"],
                                  password=password)
        except UserInputError as error:
            raise CommandError(f"{error.field}: {error.message}", returncode=2) from None
        self.stdout.write(f"created {user.get_username()} ({options['role']})")
