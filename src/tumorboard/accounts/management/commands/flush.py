"""`flush`, refused in production: it would empty the audit trail with everything else."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

TABLE = "accounts_auditevent"
TRIGGER = "audit_no_truncate"


class Command(FlushCommand):
    help = FlushCommand.help + " Refused when TUMORBOARD_PRODUCTION=true."

    def handle(self, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("flush is refused in production (TUMORBOARD_PRODUCTION=true): "
                               "it would empty the audit trail")
        connection = connections[options["database"]]
        # Outside production the database owner may empty the trail: Django's own flush
        # (and TransactionTestCase) TRUNCATE every table, which the trigger refuses.
        paused = connection.vendor == "postgresql" and _has_trigger(connection)
        if paused:
            _set_trigger(connection, "DISABLE")
        try:
            super().handle(**options)
        finally:
            if paused:
                _set_trigger(connection, "ENABLE")


def _has_trigger(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [TRIGGER])
        return cursor.fetchone() is not None


def _set_trigger(connection: Any, state: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} {state} TRIGGER {TRIGGER}")
