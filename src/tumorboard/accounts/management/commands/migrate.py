"""`migrate`, refusing in production to unapply any accounts migration: going backwards
drops the audit trail's triggers (0002, 0003) and its chain columns."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections
from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.executor import MigrationExecutor

PROTECTED_APP = "accounts"


class Command(MigrateCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and unapplies_protected(options):
            raise CommandError(
                f"refused in production (TUMORBOARD_PRODUCTION=true): this would unapply "
                f"{PROTECTED_APP} migrations and remove the audit trail's protection")
        super().handle(*args, **options)


def unapplies_protected(options: dict[str, Any]) -> bool:
    app_label, name = options.get("app_label"), options.get("migration_name")
    if not app_label or not name:
        return False  # without a target, migrate only goes forwards
    executor = MigrationExecutor(connections[options["database"]])
    if name == "zero":
        target: tuple[str, str | None] = (app_label, None)
    else:
        try:
            target = (app_label, executor.loader.get_migration_by_prefix(app_label, name).name)
        except (AmbiguityError, KeyError):
            return False  # the parent command reports the bad name
    plan = executor.migration_plan([target])  # type: ignore[list-item]
    return any(backwards and migration.app_label == PROTECTED_APP
               for migration, backwards in plan)
