from __future__ import annotations

import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tumorboard.core.backup import BackupError, compare_tables, gettext_noop, read_archive
from tumorboard.core.backup_engines import engine_for
from tumorboard.core.management.commands.backup import refusal


class Command(BaseCommand):
    help = _("Restore a backup file after checking the dump against its manifest; refuses a "
             "database that holds data unless --force.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("backup file written by `backup`"))
        parser.add_argument("--force", action="store_true",
                            help=_("overwrite a database that already holds data"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="tumorboard-restore-") as work:
                restored, extra = self.restore(options["file"], Path(work), options["force"])
        except BackupError as error:
            raise refusal(error) from None
        for table in extra:
            self.stderr.write(_("warning: table %(table)s is not in the backup and was left "
                                "as it was") % {"table": table})
        self.stdout.write(_("Restored %(tables)d tables, %(rows)d rows from %(path)s; every "
                            "table's row count and SHA-256 match the manifest.")
                          % {"tables": len(restored), "rows": sum(restored.values()),
                             "path": options["file"]})

    def restore(self, path: Path, work: Path, force: bool) -> tuple[dict[str, int], list[str]]:
        manifest, dump = read_archive(path, work)
        engine = engine_for(dict(settings.DATABASES["default"]))
        if manifest["engine"] != engine.name:
            raise BackupError("file", gettext_noop(
                "this is a backup of a %(theirs)s database; DATABASE_URL names a %(ours)s "
                "database"), theirs=manifest["engine"], ours=engine.name)
        engine.check_tools()
        expected = manifest["tables"]
        problems = compare_tables(expected, engine.sums_of_dump(dump))
        if problems:
            raise BackupError("file", gettext_noop(
                "the manifest does not match the dump's content, nothing was restored: "
                "%(problems)s"), problems="; ".join(problems[:10]))
        holding = engine.tables_with_data()
        if holding and not force:
            raise BackupError("database", gettext_noop(
                "the database already holds data (%(tables)s): refused; use --force to "
                "overwrite it"), tables=", ".join(holding[:5]) + (", ..." if holding[5:] else ""))
        engine.restore(dump)
        actual = engine.sums()
        problems = compare_tables(expected, {t: s for t, s in actual.items() if t in expected})
        if problems:
            raise BackupError("database", gettext_noop(
                "the restored database does not match the manifest: %(problems)s"),
                problems="; ".join(problems[:10]))
        return ({t: int(v["rows"]) for t, v in expected.items()},
                sorted(set(actual) - set(expected)))
