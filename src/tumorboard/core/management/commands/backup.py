from __future__ import annotations

import datetime as dt
import tempfile
from argparse import ArgumentParser
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tumorboard.core.backup import DUMP_NAMES, BackupError, build_manifest, write_archive
from tumorboard.core.backup_engines import engine_for


def app_version() -> str:
    try:
        return version("tumorboard")
    except PackageNotFoundError:
        return "unknown"


def refusal(error: BackupError) -> CommandError:
    message = _(error.message) % error.params if error.params else _(error.message)
    return CommandError(f"{error.field}: {message}", returncode=2)


class Command(BaseCommand):
    help = _("Write one backup file: the database dump and a manifest of row counts and "
             "SHA-256 checksums per table.")
    # Checks would open a Django connection; the backup reads the database on its own.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help=_("backup file to write"))

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError("out: " + _("no directory %(path)s") % {"path": out.parent},
                               returncode=2)
        try:
            engine = engine_for(dict(settings.DATABASES["default"]))
            with tempfile.TemporaryDirectory(prefix="tumorboard-backup-", dir=out.parent) as work:
                dump = Path(work) / DUMP_NAMES[engine.name]
                tables = engine.dump(dump)
                manifest = build_manifest(
                    engine=engine.name, server_version=engine.server_version(),
                    app_version=app_version(), dump=dump, tables=tables,
                    created=dt.datetime.now(dt.UTC))
                write_archive(out, manifest, dump)
        except BackupError as error:
            raise refusal(error) from None
        rows = sum(t.rows for t in tables.values())
        self.stdout.write(_("Backup of the %(engine)s database written to %(path)s: %(tables)d "
                            "tables, %(rows)d rows, manifest with a SHA-256 per table.")
                          % {"engine": engine.name, "path": out, "tables": len(tables),
                             "rows": rows})
