"""`tumorboard backup` / `restore`, run as an operator would: fresh processes against scratch
databases of the engine the suite runs on (SQLite files, or PostgreSQL databases created and
dropped here when DATABASE_URL names PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tumorboard.core.backup import compare_tables, digest_rows

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "load"))
from crashcheck import lost_writes  # noqa: E402

pytestmark = pytest.mark.xdist_group("backup_restore")  # one worker builds the source once
PG = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
# SHA-256 of the empty message (FIPS 180-4 test vectors, NIST CSRC "SHA256.pdf" example, 2015).
SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class Scratch:
    """Throwaway databases of the suite's engine, each given as a DATABASE_URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[str] = []

    def new(self, label: str) -> str:
        name = f"tb_h4_{label}_{uuid.uuid4().hex[:10]}"
        if not PG:
            return f"sqlite:///{self.folder / name}.sqlite3"
        self.admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))

    def admin(self, sql: str) -> None:
        import psycopg

        base = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(sql)

    def drop_all(self) -> None:
        for name in self.created:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    if not PG:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url) as pg:
        return pg.execute(sql).fetchall()  # type: ignore[arg-type]


def tables(url: str) -> list[str]:
    sql = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
           if not PG else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(row[0] for row in query(url, sql))


def counts(url: str) -> dict[str, int]:
    return {t: query(url, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables(url)}  # noqa: S608


def tb(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    run_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATABASE_URL": url,
               "TUMORBOARD_VAR_DIR": str(Path(url.removeprefix("sqlite:///")).parent
                                         if not PG else ROOT / "var"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "tumorboard", *args], env=run_env,
                          capture_output=True, text=True, timeout=600)


@dataclass
class Source:
    url: str
    archive: Path
    patient: tuple[Any, ...]
    family_name: str
    counts: dict[str, int]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    made = Scratch(tmp_path_factory.mktemp("backup"))
    try:
        yield made
    finally:
        if PG:
            made.drop_all()


@pytest.fixture(scope="module")
def source(scratch: Scratch) -> Source:
    url = scratch.new("src")
    loaded = tb(url, "demo", "--no-serve", "--patients", "20")
    assert loaded.returncode == 0, loaded.stderr
    archive = scratch.folder / "backup.tar"
    done = tb(url, "backup", "--out", str(archive))
    assert done.returncode == 0, done.stderr
    patient = query(url, "SELECT * FROM patients_patient ORDER BY id LIMIT 1")[0]
    pick = f"SELECT family_name FROM patients_patient WHERE id = {patient[0]}"  # noqa: S608
    name = query(url, pick)[0][0]
    return Source(url, archive, patient, name, counts(url))


def manifest_of(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:*") as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return dict(json.load(handle))


def repack(archive: Path, out: Path, manifest: dict[str, Any] | None = None,
           dump: bytes | None = None) -> Path:
    """A copy of the archive with its manifest and/or its dump replaced."""
    with tarfile.open(archive, "r:*") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    if manifest is not None:
        members["manifest.json"] = json.dumps(manifest).encode()
    if dump is not None:
        members[next(n for n in members if n.startswith("database."))] = dump
    with tarfile.open(out, "w") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return out


def dump_bytes(archive: Path) -> bytes:
    with tarfile.open(archive, "r:*") as tar:
        name = next(n for n in tar.getnames() if n.startswith("database."))
        handle = tar.extractfile(name)
        assert handle is not None
        return handle.read()


def test_it_restores_a_backup_into_a_fresh_database_with_every_table_verified(
        source: Source, scratch: Scratch) -> None:
    manifest = manifest_of(source.archive)
    assert manifest["engine"] == ("postgresql" if PG else "sqlite")
    assert {t: v["rows"] for t, v in manifest["tables"].items()} == source.counts
    assert source.counts["patients_patient"] == 20
    assert stat.S_IMODE(source.archive.stat().st_mode) == 0o600  # patient data: owner only

    target = scratch.new("dst")
    restored = tb(target, "restore", str(source.archive))
    assert restored.returncode == 0, restored.stderr
    assert counts(target) == source.counts
    pick = f"SELECT * FROM patients_patient WHERE id = {source.patient[0]}"  # noqa: S608
    assert query(target, pick) == [source.patient]

    # A backup of the restored database carries the same checksum for every table.
    again = scratch.folder / "again.tar"
    assert tb(target, "backup", "--out", str(again)).returncode == 0
    assert manifest_of(again)["tables"] == manifest["tables"]
    # ... and the restored database is usable: the application starts on it.
    assert tb(target, "migrate", "--check").returncode == 0


def test_it_refuses_a_database_that_holds_data_unless_forced(
        source: Source, edited: Edited) -> None:
    pick = f"SELECT family_name FROM patients_patient WHERE id = {source.patient[0]}"  # noqa: S608
    before = counts(edited.url)
    refused = tb(edited.url, "restore", str(source.archive))
    assert refused.returncode == 2
    assert "--force" in refused.stderr and "holds data" in refused.stderr
    assert counts(edited.url) == before and query(edited.url, pick) == [("Forged",)]

    forced = tb(edited.url, "restore", "--force", str(source.archive))
    assert forced.returncode == 0, forced.stderr
    assert counts(edited.url) == source.counts
    assert query(edited.url, pick) == [(source.family_name,)]


def test_it_refuses_an_archive_whose_manifest_was_altered(
        source: Source, scratch: Scratch) -> None:
    manifest = manifest_of(source.archive)
    manifest["tables"]["patients_patient"]["rows"] += 1
    forged = repack(source.archive, scratch.folder / "forged-count.tar", manifest=manifest)
    target = scratch.new("forged")
    refused = tb(target, "restore", str(forged))
    assert refused.returncode == 2
    assert "patients_patient" in refused.stderr and "manifest" in refused.stderr
    assert "patients_patient" not in tables(target)  # nothing was restored


def test_it_refuses_an_archive_whose_dump_was_altered(source: Source, scratch: Scratch) -> None:
    dump = bytearray(dump_bytes(source.archive))
    dump[len(dump) // 2] ^= 0xFF
    forged = repack(source.archive, scratch.folder / "forged-dump.tar", dump=bytes(dump))
    target = scratch.new("dump")
    refused = tb(target, "restore", str(forged))
    assert refused.returncode == 2 and "SHA-256" in refused.stderr
    assert "patients_patient" not in tables(target)


def test_it_refuses_a_dump_whose_rows_differ_from_the_manifest_checksums(
        source: Source, edited: Edited, scratch: Scratch) -> None:
    """A forger who changes a row and the dump's hash still fails the per-table checksum."""
    manifest = manifest_of(source.archive)
    manifest["dump"]["sha256"] = hashlib.sha256(edited.dump).hexdigest()
    forged = repack(source.archive, scratch.folder / "forged-rows.tar", manifest, edited.dump)
    target = scratch.new("rows")
    refused = tb(target, "restore", str(forged))
    assert refused.returncode == 2
    assert "patients_patient: checksum differs" in refused.stderr
    assert "patients_patient" not in tables(target)


@dataclass
class Edited:
    url: str
    dump: bytes


@pytest.fixture(scope="module")
def edited(source: Source, scratch: Scratch) -> Edited:
    """The backup restored into a migrated (so not empty, but holding no data) database, then
    one patient's family name changed (same row count); its dump is taken before any test
    changes it."""
    work = scratch.new("edit")
    assert tb(work, "migrate").returncode == 0
    restored = tb(work, "restore", str(source.archive))
    assert restored.returncode == 0, restored.stderr
    assert counts(work) == source.counts
    sql = ("UPDATE patients_patient SET family_name = 'Forged' "  # noqa: S608
           f"WHERE id = {source.patient[0]}")
    out = scratch.folder / "edited.dump"
    if not PG:
        path = work.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(sql)
        conn.execute("VACUUM INTO ?", (str(out),))
        conn.close()
        return Edited(work, out.read_bytes())
    import psycopg

    with psycopg.connect(work) as pg:
        pg.execute(sql)  # type: ignore[arg-type]
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={out}", f"--dbname={work}"], check=True)
    return Edited(work, out.read_bytes())


def test_it_exits_2_for_a_missing_or_corrupt_file(scratch: Scratch, tmp_path: Path) -> None:
    target = scratch.new("bad")
    missing = tb(target, "restore", str(tmp_path / "nowhere.tar"))
    assert missing.returncode == 2 and "no backup file" in missing.stderr
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"this is not a tar file" * 100)
    corrupt = tb(target, "restore", str(junk))
    assert corrupt.returncode == 2 and "not a readable backup" in corrupt.stderr
    no_manifest = tmp_path / "empty.tar"
    with tarfile.open(no_manifest, "w"):
        pass
    assert tb(target, "restore", str(no_manifest)).returncode == 2


@pytest.mark.skipif(not PG, reason="pg_dump's version matters only on PostgreSQL")
def test_it_refuses_a_pg_dump_of_another_major_version(scratch: Scratch, tmp_path: Path) -> None:
    for tool in ("pg_dump", "pg_restore"):
        fake = tmp_path / tool
        fake.write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) 9.6.24'\n")
        fake.chmod(0o755)
    url = scratch.new("version")
    refused = tb(url, "backup", "--out", str(tmp_path / "b.tar"),
                 env={"TUMORBOARD_PG_BIN": str(tmp_path)})
    assert refused.returncode == 2
    assert "version 9" in refused.stderr and "TUMORBOARD_PG_BIN" in refused.stderr
    assert not (tmp_path / "b.tar").exists()


def test_it_hashes_rows_so_that_order_type_and_content_count() -> None:
    assert digest_rows([]).sha256 == SHA256_EMPTY
    one = digest_rows([(1, "Li")])
    assert one.rows == 1
    assert one.sha256 == hashlib.sha256(b'[1,"Li"]\n').hexdigest()
    assert digest_rows([(1, "Li"), (2, "Wang")]) != digest_rows([(2, "Wang"), (1, "Li")])
    assert digest_rows([("1", "Li")]) != one


def test_it_reports_each_table_that_differs_from_the_manifest() -> None:
    expected = {"a": {"rows": 1, "sha256": "x"}, "b": {"rows": 2, "sha256": "y"},
                "c": {"rows": 0, "sha256": SHA256_EMPTY}}
    actual = {"a": digest_rows([(1,)]), "b": digest_rows([(1,), (2,)]), "d": digest_rows([])}
    problems = compare_tables(expected, actual)
    assert problems[0] == "a: checksum differs from the manifest"
    assert problems[1] == "b: checksum differs from the manifest"
    assert problems[2] == "c: missing" and problems[3] == "d: not in the manifest"
    assert compare_tables({"a": actual["a"].as_json()}, {"a": actual["a"]}) == []


def test_it_counts_an_acknowledged_write_as_lost_only_when_the_database_lacks_it() -> None:
    acknowledged = {"patient:A": 0, "patient:B": 0, "case:1": 3, "case:2": 5}
    # B never reached the disk; case 2 holds an older value; case 1 holds a later,
    # unacknowledged write that was in flight when the server died (not a loss).
    found = {"patient:A": 0, "case:1": 4, "case:2": 4}
    assert lost_writes(acknowledged, found) == ["case:2", "patient:B"]
    assert lost_writes(acknowledged, {**found, "patient:B": 0, "case:2": 5}) == []
