"""`tumorboard manage db_app_role ROLE`: least privilege for the role the app runs as.

PostgreSQL only. The role may read and write the app's tables but only SELECT and INSERT
on the audit trail; not being the tables' owner nor a superuser, it cannot TRUNCATE, ALTER
or DISABLE TRIGGER, nor set session_replication_role. Migrations run as the owner; run this
again after each migrate that adds tables.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

AUDIT_TABLE = "accounts_auditevent"
READ_ONLY = {"django_migrations"}


def grant_statements(role: str, schema: str, tables: list[str], quote: Any) -> list[str]:
    who = quote(role)
    statements = [f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}"]
    for table in tables:
        name = quote(table)
        statements.append(f"REVOKE ALL ON {name} FROM {who}")
        if table == AUDIT_TABLE:
            privileges = "SELECT, INSERT"
        elif table in READ_ONLY:
            privileges = "SELECT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {privileges} ON {name} TO {who}")
    # Inserting needs the id sequences (identity columns); not altering them.
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} "
                      f"TO {who}")
    return statements


class Command(BaseCommand):
    help = "Grant an existing PostgreSQL role the app's least privileges (see README)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("role", help="an existing, ordinary (not superuser) role")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("db_app_role needs PostgreSQL (DATABASE_URL=postgres://...)",
                               returncode=2)
        role = options["role"]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _check_role(cursor, role)
            cursor.execute("SELECT current_schema()")
            schema = str(cursor.fetchone()[0])
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s"
                           " ORDER BY tablename", [schema])
            tables = [row[0] for row in cursor.fetchall()]
            for statement in grant_statements(role, schema, tables, connection.ops.quote_name):
                cursor.execute(statement)
        self.stdout.write(f"granted {role} on {len(tables)} tables of schema {schema}: "
                          f"only SELECT and INSERT on {AUDIT_TABLE}")


def _check_role(cursor: Any, role: str) -> None:
    cursor.execute("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = %s",
                   [role])
    found = cursor.fetchone()
    if found is None:
        raise CommandError(f"role: no PostgreSQL role {role!r}; create it first "
                           "(CREATE ROLE name LOGIN PASSWORD '...')", returncode=2)
    if found[0] or found[1]:
        raise CommandError(f"role: {role!r} is a superuser or owns the tables; name the "
                           "ordinary role the app connects as", returncode=2)
