"""Pre-aggregated counts of the per-case summaries, kept in step with every CaseOutcome write.

The unfiltered dashboard (one pathway, the user's sites) needs, per treatment group and
day, the events and censorings of OS and DFS and the causes of the competing-risks
endpoint, plus a few totals. Grouping ~500,000 CaseOutcome rows for that at each request
is what made the 1M-patient dashboard slow, so two small tables hold those counts:

- ``OutcomeTimeTally`` per (pathway, site, treatment, day): os/dfs events and censorings,
  local recurrences, deaths without one, competing-risks censorings (a case adds 1 to the
  row of its ``os_days``, of its ``dfs_days`` and of its ``lr_days``);
- ``OutcomeTotalTally`` per (pathway, site, dead, last known date): cases, each rate's
  events and denominator, the CCI bins (the last known date of living cases gives the
  completeness count for any cutoff).

They are maintained by set-based SQL (the same statements on PostgreSQL and SQLite): the
summary rows about to be replaced are subtracted, the new ones added, in the transaction
that writes them (``summary.refresh_cases``), and a deleted CaseOutcome (a cascade from
its case) is subtracted by a pre_delete receiver. On PostgreSQL the tally writers of a
site take turns (a transaction-level advisory lock per site, taken in site order and held
to the commit), so the cells they update cannot deadlock; cells of different sites never
overlap, so a long write at one site does not hold up the others. Cells whose counts fall to zero
stay (the key space is bounded: pathways x sites x treatments x days); readers skip them.
``rebuild`` recomputes everything from CaseOutcome (migration, ``refresh_outcomes --all``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from tumorboard.network.models import Site
from tumorboard.outcomes.models import CaseOutcome, OutcomeTimeTally, OutcomeTotalTally

RATE_FLAGS = ("reconstruction", "sphincter_preserved", "permanent_stoma", "anastomotic_leak",
              "limb_salvage", "death_90d")
# The dashboard's CCI bins of the first operation (registry.CCI_BINS says the same in ORM terms).
CCI_BIN_SQL = ("index_cci = 0", "index_cci > 0 AND index_cci < 21",
               "index_cci >= 21 AND index_cci < 40", "index_cci >= 40 AND index_cci < 60",
               "index_cci >= 60 AND index_cci < 100", "index_cci >= 100")
TIME_KEY = ("pathway", "site_id", "treatment", "day")
TIME_COUNTS = ("os_events", "os_censored", "dfs_events", "dfs_censored", "lr_local",
               "lr_death", "lr_censored")
TOTAL_KEY = ("pathway", "site_id", "dead", "last_known")
TOTAL_COUNTS = ("cases", *(f"{f}_events" for f in RATE_FLAGS),
                *(f"{f}_total" for f in RATE_FLAGS), *(f"cci_{i}" for i in range(len(CCI_BIN_SQL))))
SOURCE = CaseOutcome._meta.db_table
TIME_TABLE = OutcomeTimeTally._meta.db_table
TOTAL_TABLE = OutcomeTotalTally._meta.db_table
SITE_LOCK_CLASS = 0x7574  # arbitrary, constant: the tallies' advisory locks are (this, site)
ENDPOINT_COLUMNS = {"os": ("os_events", "os_censored"), "dfs": ("dfs_events", "dfs_censored")}


@dataclass(frozen=True)
class Scope:
    """Which CaseOutcome rows a statement covers: a SQL condition on case_id and its params."""

    condition: str
    params: tuple[Any, ...]

    @classmethod
    def cases(cls, ids: Sequence[int]) -> Scope:
        ordered = sorted(set(ids))
        if not ordered:
            return cls("1 = 0", ())
        if ordered[-1] - ordered[0] + 1 == len(ordered):  # a contiguous chunk: a range
            return cls("case_id BETWEEN %s AND %s", (ordered[0], ordered[-1]))
        return cls(f"case_id IN ({', '.join(['%s'] * len(ordered))})", tuple(ordered))


EVERYTHING = Scope("1 = 1", ())


def _upsert(table: str, key: Sequence[str], counts: Sequence[str], select: str) -> str:
    """INSERT ... SELECT ... ON CONFLICT adding the counts to existing cells (PG and SQLite).

    The SELECT has a WHERE clause, which keeps SQLite from reading ON CONFLICT as a join's.
    """
    update = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    return (f"INSERT INTO {table} ({', '.join([*key, *counts])}) {select} "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {update}")


def _time_statement(sign: int, scope: Scope) -> tuple[str, list[Any]]:
    """Each case counted three times (k = 1 OS, 2 DFS, 3 local recurrence), each at its day."""
    day = "CASE k WHEN 1 THEN os_days WHEN 2 THEN dfs_days ELSE lr_days END"
    cells = ["CASE WHEN k = 1 THEN os_event ELSE 0 END",
             "CASE WHEN k = 1 THEN 1 - os_event ELSE 0 END",
             "CASE WHEN k = 2 THEN dfs_event ELSE 0 END",
             "CASE WHEN k = 2 THEN 1 - dfs_event ELSE 0 END",
             *(f"CASE WHEN k = 3 AND lr_cause = {cause} THEN 1 ELSE 0 END" for cause in (1, 2, 0))]
    endpoints = "(SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) AS endpoints"
    select = (f"SELECT pathway, site_id, treatment, {day} AS cell_day, "  # noqa: S608
              + ", ".join(f"{sign} * SUM({cell})" for cell in cells)
              + f" FROM {SOURCE} CROSS JOIN {endpoints} WHERE {scope.condition} "
              "GROUP BY pathway, site_id, treatment, cell_day "
              "ORDER BY pathway, site_id, treatment, cell_day")
    return _upsert(TIME_TABLE, TIME_KEY, TIME_COUNTS, select), list(scope.params)


def _total_statement(sign: int, scope: Scope) -> tuple[str, list[Any]]:
    cells = ["COUNT(*)", *(f"COALESCE(SUM({f}), 0)" for f in RATE_FLAGS),
             *(f"COUNT({f})" for f in RATE_FLAGS),
             *(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in CCI_BIN_SQL)]
    select = ("SELECT pathway, site_id, dead, last_known, "  # noqa: S608
              + ", ".join(f"{sign} * {cell}" for cell in cells)
              + f" FROM {SOURCE} WHERE {scope.condition} "
              "GROUP BY pathway, site_id, dead, last_known "
              "ORDER BY pathway, site_id, dead, last_known")
    return _upsert(TOTAL_TABLE, TOTAL_KEY, TOTAL_COUNTS, select), list(scope.params)


def lock_sites(site_ids: Iterable[int | None]) -> None:
    """Subtracting and adding lock two sorted sets of cells one after the other, so two
    writers could each hold a cell the other needs next: writers of the same site take
    turns instead (to the end of the transaction; SQLite has a single writer anyway).
    Always in ascending site order, so writers spanning several sites cannot deadlock."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for site in sorted({s for s in site_ids if s is not None}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SITE_LOCK_CLASS, site])


def sites_of(scope: Scope) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT site_id FROM {SOURCE} "  # noqa: S608
                       f"WHERE {scope.condition}", list(scope.params))
        return [row[0] for row in cursor.fetchall()]


def _apply(sign: int, scope: Scope) -> None:
    if connection.vendor == "postgresql":
        lock_sites(sites_of(scope))  # already held when summary.refresh_cases took them
    with connection.cursor() as cursor:
        for sql, params in (_time_statement(sign, scope), _total_statement(sign, scope)):
            cursor.execute(sql, params)


def subtract(scope: Scope) -> None:
    """Take the current CaseOutcome rows in ``scope`` out of the tallies (before replacing them)."""
    _apply(-1, scope)


def add(scope: Scope) -> None:
    """Count the CaseOutcome rows in ``scope`` into the tallies (after writing them)."""
    _apply(1, scope)


def rebuild() -> None:
    """Recompute every tally from CaseOutcome (the caller provides the transaction)."""
    lock_sites(Site.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TIME_TABLE}")  # noqa: S608 - table names are ours
        cursor.execute(f"DELETE FROM {TOTAL_TABLE}")  # noqa: S608
    add(EVERYTHING)


def outcome_deleted(sender: type[CaseOutcome], instance: CaseOutcome, **kwargs: Any) -> None:
    """pre_delete receiver: a summary deleted through the ORM (e.g. its case) leaves the tallies."""
    subtract(Scope.cases([instance.pk]))


def _where(pathway: str, site_ids: Collection[int]) -> tuple[str, list[Any]]:
    sites = sorted(site_ids)
    if not sites:
        return "1 = 0", []
    return (f"pathway = %s AND site_id IN ({', '.join(['%s'] * len(sites))})",
            [pathway, *sites])


def time_counts(pathway: str, site_ids: Collection[int]) -> list[tuple[Any, ...]]:
    """(treatment, day, *TIME_COUNTS) summed over the sites; cells of zero left out."""
    where, params = _where(pathway, site_ids)
    sums = ", ".join(f"SUM({c})" for c in TIME_COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT treatment, day, {sums} FROM {TIME_TABLE} "  # noqa: S608
                       f"WHERE {where} GROUP BY treatment, day", params)
        return [row for row in cursor.fetchall() if any(row[2:])]


def totals(pathway: str, site_ids: Collection[int], cutoff: dt.date) -> dict[str, int]:
    """Cases, living cases, living cases last known before ``cutoff``, every TOTAL_COUNTS sum."""
    where, params = _where(pathway, site_ids)
    cells = ["SUM(cases)", "SUM(CASE WHEN dead = 0 THEN cases ELSE 0 END)",
             "SUM(CASE WHEN dead = 0 AND last_known < %s THEN cases ELSE 0 END)",
             *(f"SUM({c})" for c in TOTAL_COUNTS)]
    names = ["n", "alive", "lacking", *TOTAL_COUNTS]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(cells)} FROM {TOTAL_TABLE} WHERE {where}",  # noqa: S608
                       [cutoff, *params])
        row = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}
