"""Dump, restore and checksum one database: SQLite (online backup API) or PostgreSQL
(pg_dump/pg_restore of the same major version as the server). Takes Django's settings dict for
the database but no Django machinery, so the commands never hold a Django connection open.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tumorboard.core.backup import (
    BOOKKEEPING_TABLES,
    BackupError,
    TableSum,
    gettext_noop,
    quote,
    sum_table,
)

Sums = dict[str, TableSum]


def engine_for(db: dict[str, Any]) -> SqliteEngine | PostgresEngine:
    if db["ENGINE"].endswith("sqlite3"):
        return SqliteEngine(db)
    if db["ENGINE"].endswith("postgresql"):
        return PostgresEngine(db)
    raise BackupError("DATABASE_URL", gettext_noop("backups support SQLite and PostgreSQL, "
                                                   "not %(engine)s"), engine=db["ENGINE"])


class SqliteEngine:
    name = "sqlite"

    def __init__(self, db: dict[str, Any]) -> None:
        self.path = Path(str(db["NAME"]))
        if str(db["NAME"]) == ":memory:" or "mode=memory" in str(db["NAME"]):
            raise BackupError("DATABASE_URL", gettext_noop("an in-memory SQLite database "
                                                           "cannot be backed up or restored"))

    def server_version(self) -> str:
        return sqlite3.sqlite_version

    def check_tools(self) -> None:
        """SQLite needs no client programs."""

    def dump(self, dump: Path) -> Sums:
        if not self.path.is_file():
            raise BackupError("DATABASE_URL", gettext_noop("no SQLite database at %(path)s"),
                              path=str(self.path))
        with _closing(sqlite3.connect(self.path, timeout=20)) as live, \
                _closing(sqlite3.connect(dump)) as copy:
            live.backup(copy)  # one consistent snapshot, even while the server writes
            copy.execute("PRAGMA journal_mode=DELETE")  # self-contained: no -wal file
            return sqlite_sums(copy)

    def sums_of_dump(self, dump: Path) -> Sums:
        with _closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            try:
                return sqlite_sums(conn)
            except sqlite3.DatabaseError as bad:
                raise BackupError("file", gettext_noop("the SQLite dump is unreadable: "
                                                       "%(reason)s"), reason=str(bad)) from None

    def tables_with_data(self) -> list[str]:
        if not self.path.is_file():
            return []
        with _closing(sqlite3.connect(self.path, timeout=20)) as conn:
            try:
                return [t for t in sqlite_tables(conn)
                        if t not in BOOKKEEPING_TABLES and _has_rows(conn.cursor(), t)]
            except sqlite3.DatabaseError as bad:
                raise BackupError("DATABASE_URL", gettext_noop(
                    "%(path)s is not a SQLite database: %(reason)s"), path=str(self.path),
                    reason=str(bad)) from None

    def restore(self, dump: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as src, \
                _closing(sqlite3.connect(self.path, timeout=20)) as dst:
            src.backup(dst)  # replaces every page of the target, in one transaction
            dst.execute("PRAGMA journal_mode=WAL")  # as settings.py opens it

    def sums(self) -> Sums:
        with _closing(sqlite3.connect(self.path, timeout=20)) as conn:
            return sqlite_sums(conn)


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Table -> primary-key columns in key order (SQLite's own sqlite_* tables left out)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name")]
    tables = {}
    for name in names:
        info = conn.execute(f"PRAGMA table_info({quote(name)})").fetchall()
        tables[name] = [col[1] for col in sorted(info, key=lambda c: c[5]) if col[5] > 0]
    return tables


def sqlite_sums(conn: sqlite3.Connection) -> Sums:
    return {t: sum_table(conn.cursor(), t, keys) for t, keys in sqlite_tables(conn).items()}


def _has_rows(cursor: Any, table: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - quoted name
    return cursor.fetchone() is not None


@contextmanager
def _closing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


PG_TABLES = """
SELECT c.relname, array(
    SELECT a.attname FROM pg_index i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.n)
FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
WHERE c.relkind = 'r' AND ns.nspname = current_schema()
ORDER BY c.relname
"""


class PostgresEngine:
    name = "postgresql"

    def __init__(self, db: dict[str, Any]) -> None:
        self.db = db
        self.dbname = str(db["NAME"])

    def _connect(self, dbname: str | None = None, autocommit: bool = False) -> Any:
        import psycopg

        try:
            return psycopg.connect(self._conninfo(dbname), autocommit=autocommit)
        except psycopg.OperationalError as down:
            raise BackupError("DATABASE_URL", gettext_noop("cannot connect to PostgreSQL: "
                                                           "%(reason)s"),
                              reason=str(down).strip()) from None

    def _conninfo(self, dbname: str | None) -> str:
        from psycopg.conninfo import make_conninfo

        options = {k: v for k, v in (self.db.get("OPTIONS") or {}).items()
                   if k in {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"}}
        parts = {"dbname": dbname or self.dbname, "user": self.db.get("USER"),
                 "password": self.db.get("PASSWORD"), "host": self.db.get("HOST"),
                 "port": self.db.get("PORT"), **options}
        return make_conninfo(**{k: str(v) for k, v in parts.items() if v not in (None, "")})

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                         ("PASSWORD", "PGPASSWORD")):
            if self.db.get(key):
                env[var] = str(self.db[key])
        if (self.db.get("OPTIONS") or {}).get("sslmode"):
            env["PGSSLMODE"] = str(self.db["OPTIONS"]["sslmode"])
        return env

    def server_version(self) -> str:
        with self._connect() as conn:
            return str(conn.execute("SHOW server_version").fetchone()[0])

    def check_tools(self) -> None:
        with self._connect() as conn:
            server = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
        for tool in ("pg_dump", "pg_restore"):
            client = _tool_major(_tool(tool))
            if client != server:
                raise BackupError("TUMORBOARD_PG_BIN", gettext_noop(
                    "%(tool)s is version %(client)s but the server is PostgreSQL %(server)s: "
                    "install the client programs of version %(server)s and point "
                    "TUMORBOARD_PG_BIN at their directory (e.g. /usr/lib/postgresql/"
                    "%(server)s/bin)"), tool=tool, client=client, server=server)

    def dump(self, dump: Path) -> Sums:
        self.check_tools()
        with self._connect() as conn:
            # pg_dump reads the snapshot this transaction exported, so the dump and the
            # manifest describe the same instant even while the server keeps writing.
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            self._run("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                      f"--snapshot={snapshot}", f"--file={dump}", f"--dbname={self.dbname}")
            return pg_sums(conn)

    def sums_of_dump(self, dump: Path) -> Sums:
        """Restore into a scratch database and checksum it there: the target is not touched
        until the dump's content is known to match its manifest."""
        scratch = f"{self.dbname[:40]}_verify_{uuid.uuid4().hex[:12]}"
        with self._connect(autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {quote(scratch)} TEMPLATE template0")
        try:
            self._restore_into(scratch, dump)
            with self._connect(scratch) as conn:
                return pg_sums(conn)
        finally:
            with self._connect(autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {quote(scratch)} WITH (FORCE)")

    def tables_with_data(self) -> list[str]:
        with self._connect() as conn:
            tables = [r[0] for r in conn.execute(PG_TABLES).fetchall()]
            return [t for t in tables
                    if t not in BOOKKEEPING_TABLES and _has_rows(conn.cursor(), t)]

    def restore(self, dump: Path) -> None:
        self._restore_into(self.dbname, dump)

    def sums(self) -> Sums:
        with self._connect() as conn:
            return pg_sums(conn)

    def _restore_into(self, dbname: str, dump: Path) -> None:
        # One transaction: a failed restore leaves the database as it was.
        self._run("pg_restore", "--exit-on-error", "--single-transaction", "--no-owner",
                  "--no-privileges", "--clean", "--if-exists", f"--dbname={dbname}", str(dump))

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([_tool(tool), *args], env=self._env(), capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise BackupError("file" if tool == "pg_restore" else "DATABASE_URL",
                              gettext_noop("%(tool)s failed: %(reason)s"), tool=tool,
                              reason=done.stderr.strip()[-2000:])


def pg_sums(conn: Any) -> Sums:
    conn.execute("SET TIME ZONE 'UTC'")
    tables = conn.execute(PG_TABLES).fetchall()
    sums = {}
    for number, (table, keys) in enumerate(tables):
        # A server-side cursor streams a large table instead of loading it whole.
        with conn.cursor(name=f"tb_backup_{number}") as cursor:
            sums[table] = sum_table(cursor, table, list(keys))
    return sums


def _tool(name: str) -> str:
    folder = os.environ.get("TUMORBOARD_PG_BIN")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).is_file():
        raise BackupError("TUMORBOARD_PG_BIN", gettext_noop(
            "%(tool)s was not found: install the PostgreSQL client programs (Debian: "
            "postgresql-client) or set TUMORBOARD_PG_BIN"), tool=name)
    return found


def _tool_major(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"\)\s+(\d+)", out.stdout)
    return int(match.group(1)) if match else -1

