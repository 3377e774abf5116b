"""Backup archives and their manifest (no Django here: plain DB-API connections and files).

An archive is one tar file holding `manifest.json` and the dump (`database.sqlite3`, a copy
made with SQLite's online backup API, or `database.pgdump`, pg_dump's custom format).

The manifest records, per table, the row count and a SHA-256 over the rows in primary-key
order (all columns when a table has no primary key). Each row is hashed as one line of
canonical JSON built from the values the engine's driver returns (sqlite3 or psycopg with
the session time zone set to UTC). The checksum is therefore **per engine**: a manifest
written on SQLite verifies only on SQLite, one written on PostgreSQL only on PostgreSQL,
which is also what the dumps allow (a pg_dump archive does not load into SQLite).
The manifest also holds the SHA-256 of the dump file, so a changed dump is refused before
anything is restored.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import shutil
import tarfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol


def gettext_noop(message: str) -> str:
    return message


FORMAT = "tumorboard-backup/1"
MANIFEST_NAME = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHECKSUM_RULE = (
    "per table: row count and SHA-256 over the rows in primary-key order, one line of "
    "canonical JSON per row from the values the engine's driver returns (per engine; "
    "PostgreSQL session time zone UTC)"
)
# Rows that `migrate` itself writes: a migrated database holding only these counts as empty.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
FETCH_ROWS = 2000


class BackupError(Exception):
    """A refusal a person must read: exit 2. `message` is a gettext_noop template."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str

    def as_json(self) -> dict[str, object]:
        return {"rows": self.rows, "sha256": self.sha256}


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ...) -> Any: ...
    def fetchmany(self, size: int = ...) -> Sequence[Sequence[Any]]: ...
    def close(self) -> Any: ...


def _plain(value: object) -> object:
    """JSON stand-in for the driver types json does not know; typed so 1 and '1' differ."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.timedelta):
        return {"interval": str(value)}
    if isinstance(value, uuid.UUID):
        return {"uuid": str(value)}
    return {type(value).__name__: str(value)}


def canonical_row(row: Sequence[object]) -> bytes:
    text = json.dumps(list(row), default=_plain, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return text.encode() + b"\n"


def digest_rows(rows: Iterable[Sequence[object]]) -> TableSum:
    sha = hashlib.sha256()
    count = 0
    for row in rows:
        sha.update(canonical_row(row))
        count += 1
    return TableSum(count, sha.hexdigest())


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ordered_select(table: str, order: Sequence[str]) -> str:
    """All columns in primary-key order; unordered without a key (sorted in Python then)."""
    select = f"SELECT * FROM {quote(table)}"  # noqa: S608 - a quoted identifier
    return f"{select} ORDER BY {', '.join(quote(c) for c in order)}" if order else select


def _fetch(cursor: Cursor) -> Iterator[Sequence[object]]:
    while batch := cursor.fetchmany(FETCH_ROWS):
        yield from batch


def sum_table(cursor: Cursor, table: str, order: Sequence[str]) -> TableSum:
    cursor.execute(ordered_select(table, order))
    if order:
        return digest_rows(_fetch(cursor))
    # A table without a primary key is small (none of ours has one): sort canonical rows.
    return _digest_sorted(list(_fetch(cursor)))


def _digest_sorted(rows: list[Sequence[object]]) -> TableSum:
    lines = sorted(canonical_row(r) for r in rows)
    sha = hashlib.sha256()
    for line in lines:
        sha.update(line)
    return TableSum(len(lines), sha.hexdigest())


def compare_tables(expected: dict[str, dict[str, Any]],
                   actual: dict[str, TableSum]) -> list[str]:
    """Differences between a manifest's tables and a database's, one line each."""
    problems = []
    for name in sorted(expected):
        want = expected[name]
        got = actual.get(name)
        if got is None:
            problems.append(f"{name}: missing")
        elif got.rows != want.get("rows"):
            problems.append(f"{name}: {got.rows} rows, manifest says {want.get('rows')}")
        elif got.sha256 != want.get("sha256"):
            problems.append(f"{name}: checksum differs from the manifest")
    problems += [f"{name}: not in the manifest" for name in sorted(set(actual) - set(expected))]
    return problems


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def build_manifest(*, engine: str, server_version: str, app_version: str, dump: Path,
                   tables: dict[str, TableSum], created: dt.datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created": created.isoformat(),
        "engine": engine,
        "server_version": server_version,
        "tumorboard_version": app_version,
        "checksum_rule": CHECKSUM_RULE,
        "dump": {"name": dump.name, "bytes": dump.stat().st_size, "sha256": file_sha256(dump)},
        "tables": {name: tables[name].as_json() for name in sorted(tables)},
    }


def write_archive(out: Path, manifest: dict[str, Any], dump: Path) -> None:
    """Written beside `out` and renamed, so a crash never leaves a half archive named FILE."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)  # patient data: owner only, whatever the umask
    mode = "w:gz" if manifest["engine"] == "sqlite" else "w"  # pg_dump -Fc is compressed
    with tarfile.open(partial, mode) as archive:  # type: ignore[call-overload]
        body = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(body)
        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
        archive.addfile(info, io.BytesIO(body))
        archive.add(dump, arcname=dump.name)
    partial.replace(out)


def _check_manifest(manifest: object) -> dict[str, Any]:
    ok = (isinstance(manifest, dict) and manifest.get("format") == FORMAT
          and manifest.get("engine") in DUMP_NAMES and isinstance(manifest.get("tables"), dict)
          and isinstance(manifest.get("dump"), dict)
          and manifest["dump"].get("name") == DUMP_NAMES[manifest["engine"]])
    if not ok:
        raise BackupError("file", gettext_noop("the manifest is not a %(format)s manifest"),
                          format=FORMAT)
    return manifest  # type: ignore[return-value]


def read_archive(path: Path, workdir: Path) -> tuple[dict[str, Any], Path]:
    """The manifest and the extracted dump, whose SHA-256 has been checked against it."""
    if not path.is_file():
        raise BackupError("file", gettext_noop("no backup file at %(path)s"), path=str(path))
    try:
        with tarfile.open(path, "r:*") as archive:
            manifest = _check_manifest(json.loads(_member(archive, MANIFEST_NAME).read()))
            dump = workdir / DUMP_NAMES[manifest["engine"]]
            with dump.open("wb") as out:  # streamed: a dump can be larger than memory
                shutil.copyfileobj(_member(archive, dump.name), out, 1 << 20)
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as broken:
        raise BackupError("file", gettext_noop("%(path)s is not a readable backup: %(reason)s"),
                          path=str(path), reason=str(broken) or type(broken).__name__) from None
    if file_sha256(dump) != manifest["dump"].get("sha256"):
        raise BackupError("file", gettext_noop(
            "the dump in %(path)s does not match its manifest (SHA-256 differs): refused"),
            path=str(path))
    return manifest, dump


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    member = archive.getmember(name)
    handle = archive.extractfile(member) if member.isfile() else None
    if handle is None:
        raise KeyError(name)
    return handle
