"""The trail resists the database user: TRUNCATE refused, flush and backwards migrations refused
in production, and an app role that can only read and append to the trail (PostgreSQL)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unittest
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase
from tumorboard.accounts.models import AuditEvent

TABLE = "accounts_auditevent"
ON_POSTGRES = connection.vendor == "postgresql"


class ProductionRefusalsTest(BaseTestCase):
    @override_settings(PRODUCTION=True)
    def test_it_refuses_flush_in_production(self) -> None:
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(CommandError, "refused in production"):
            call_command("flush", interactive=False, verbosity=0)
        self.assertEqual(AuditEvent.objects.count(), before)

    @override_settings(PRODUCTION=True)
    def test_it_refuses_to_unapply_accounts_migrations_in_production(self) -> None:
        for target in (("accounts", "0001"), ("accounts", "zero"), ("network", "zero")):
            with (self.subTest(target=target),
                  self.assertRaisesMessage(CommandError, "refused in production")):
                call_command("migrate", *target, plan=True, stdout=io.StringIO())

    @override_settings(PRODUCTION=True)
    def test_it_still_migrates_forwards_in_production(self) -> None:
        out = io.StringIO()
        call_command("migrate", plan=True, stdout=out)
        self.assertIn("No planned migration operations", out.getvalue())

    def test_it_lets_development_plan_a_backwards_migration(self) -> None:
        out = io.StringIO()
        call_command("migrate", "accounts", "0002", plan=True, stdout=out)
        self.assertIn("Undo", out.getvalue())


@unittest.skipUnless(ON_POSTGRES, "TRUNCATE triggers and roles are PostgreSQL features")
class TruncateTest(BaseTestCase):
    def setUp(self) -> None:
        # The test's rows carry deferred foreign-key checks, which TRUNCATE would refuse for
        # that reason alone; check them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_it_refuses_truncate_even_to_the_tables_owner(self) -> None:
        with (self.assertRaisesMessage(DatabaseError, "append-only"), transaction.atomic(),
              connection.cursor() as cursor):
            cursor.execute("TRUNCATE accounts_auditevent CASCADE")

    def test_it_lets_flush_empty_the_database_outside_production(self) -> None:
        with transaction.atomic():  # Django's TransactionTestCase relies on this
            call_command("flush", interactive=False, verbosity=0)
            self.assertEqual(AuditEvent.objects.count(), 0)
            transaction.set_rollback(True)


def _superuser(dbname: str) -> Any:
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432,
                           user=settings["USER"], dbname=dbname, autocommit=True)


@unittest.skipUnless(ON_POSTGRES, "database roles and grants are PostgreSQL features")
class AppRoleTest(BaseTestCase):
    role = f"tb_app_{os.getpid()}"

    def setUp(self) -> None:
        self.dbname = connection.settings_dict["NAME"]
        with _superuser(self.dbname) as admin:
            admin.execute(f"CREATE ROLE {self.role} LOGIN")
        self.addCleanup(self.drop_role)
        settings = connection.settings_dict
        url = (f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
               f"/{self.dbname}")
        # The grant must be committed for another connection to see it: a separate process.
        done = subprocess.run([sys.executable, "-m", "tumorboard", "manage", "db_app_role",
                               self.role], env={**os.environ, "DATABASE_URL": url},
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)

    def drop_role(self) -> None:
        with _superuser(self.dbname) as admin:
            admin.execute(f"DROP OWNED BY {self.role}")
            admin.execute(f"DROP ROLE {self.role}")

    def as_app(self, statement: str, params: list[object] | None = None) -> int:
        """Runs one statement as the app role, rolled back; returns the rows it touched."""
        import psycopg

        settings = connection.settings_dict
        # A lock timeout: were TRUNCATE allowed it would wait on this test's transaction.
        with psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432,
                             user=self.role, dbname=self.dbname,
                             options="-c lock_timeout=3000") as app:
            try:
                return app.execute(statement, params).rowcount
            finally:
                app.rollback()

    def test_it_cannot_rewrite_or_empty_the_trail(self) -> None:
        import psycopg

        for statement in ("TRUNCATE accounts_auditevent",
                          "ALTER TABLE accounts_auditevent DISABLE TRIGGER ALL",
                          "UPDATE accounts_auditevent SET username = 'x'",
                          "DELETE FROM accounts_auditevent",
                          "SET session_replication_role = replica"):
            with (self.subTest(statement=statement),
                  self.assertRaises(psycopg.errors.InsufficientPrivilege)):
                self.as_app(statement)

    def test_it_can_append_to_the_trail_and_work_on_other_tables(self) -> None:
        appended = self.as_app(
            "INSERT INTO accounts_auditevent (seq, at, username, action, object_type, object_id, "
            "patient_id, channel, path, detail, prev_hash, hash) "
            "VALUES (%s, %s, 'app', 'view', 'patient', '', '', 'web', '', '{}', '', '')",
            [10**15, timezone.now()])
        self.assertEqual(appended, 1)
        self.assertEqual(self.as_app("UPDATE accounts_loginfailure SET username = username"), 0)

    def test_it_refuses_a_superuser_or_a_missing_role(self) -> None:
        for role in (connection.settings_dict["USER"], "no_such_role_h3"):
            with self.subTest(role=role), self.assertRaises(CommandError) as raised:
                call_command("db_app_role", role)
            self.assertIn("role", str(raised.exception))


class AppRoleOnSqliteTest(BaseTestCase):
    @unittest.skipIf(ON_POSTGRES, "SQLite only")
    def test_it_explains_that_roles_need_postgresql(self) -> None:
        with self.assertRaisesMessage(CommandError, "PostgreSQL"):
            call_command("db_app_role", "app")
