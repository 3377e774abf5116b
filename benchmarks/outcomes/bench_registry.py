"""Registry dashboard at scale on PostgreSQL: SQL GROUP BY + pure core vs pandas + lifelines.

    PYTHONPATH=src .venv/bin/python benchmarks/outcomes/bench_registry.py --patients 1000000

Creates a throwaway database on 127.0.0.1:5432 (user postgres, trust auth), migrates it,
fills it with benchmarks/outcomes/registry_db_generator.py (COPY), builds the per-case
summaries and the pre-aggregated tallies with the application's own code
(outcomes.summary.refresh_cases), then times for one pathway without filters:
- tumorboard: registry.compute_registry (every figure of the dashboard: OS and DFS by
  treatment with 5-year survival, CIs, medians, at-risk tables and log-rank; cumulative
  incidence of local recurrence; the rates with Wilson intervals; CCI bins; completeness),
  which reads the tallies; and, for reference, the same call forced onto the GROUP BY over
  CaseOutcome that year / surgeon / stage filters use;
- baseline: the same figures from patient-level rows loaded into pandas, fitted per group
  with lifelines (KM, multivariate log-rank) and scikit-survival (cumulative incidence);
checks that the two agree to 1e-9 and prints a table. Peak memory: tracemalloc (Python
allocations of each path, measured in a second run) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any
from unittest import mock

import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sibling modules
DSN = "host=127.0.0.1 port=5432 user=postgres"
TODAY = dt.date(2026, 6, 30)


def create_database(name: str) -> None:
    with psycopg.connect(f"{DSN} dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with psycopg.connect(f"{DSN} dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(name: str, *, migrate: bool) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def populate_in_child(name: str, n: int) -> dict[str, Any]:
    """Generate in a child process, so the peak RSS measured here is the dashboard's."""
    child = subprocess.run([sys.executable, __file__, "--populate", name, "--patients", str(n)],
                           capture_output=True, text=True, check=True)
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def populate(n: int) -> tuple[dict[str, int], float, float]:
    from django.db import connection
    from registry_db_generator import generate

    from tumorboard.accounts.services import do_create_user
    from tumorboard.network.models import Site
    from tumorboard.outcomes import summary

    sites = [Site.objects.create(code=f"S{i}", name=f"Site {i}") for i in range(3)]
    surgeons = [[do_create_user(f"surgeon{s}{k}", role="clinician", site_codes=[site.code],
                                password=None).pk for k in range(4)]
                for s, site in enumerate(sites)]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        counts = generate(cursor.cursor, n, [s.pk for s in sites], surgeons)
        for table in ("patients_patient", "patients_case", "outcomes_operation",
                      "outcomes_complication", "outcomes_followupevent"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
            cursor.execute(f"ANALYZE {table}")
    generated = time.perf_counter() - started
    started = time.perf_counter()
    summary.refresh_cases(range(1, n + 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE outcomes_caseoutcome")
    return counts, generated, time.perf_counter() - started


def timed(run: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return result, best


def traced_peak(run: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--pathway", default="breast", choices=["breast", "rectum", "sarcoma"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--populate", metavar="DATABASE", help=argparse.SUPPRESS)
    parser.add_argument("--database", help="measure an existing database kept with --keep")
    args = parser.parse_args(argv)
    if args.populate:
        setup_django(args.populate, migrate=True)
        counts, generated, summarised = populate(args.patients)
        print(json.dumps({"counts": counts, "generated": generated, "summarised": summarised}))
        return 0
    name = args.database or f"tumorboard_bench_{os.getpid()}"
    if args.database:
        args.keep = True
    else:
        create_database(name)
    try:
        built: dict[str, Any] = ({"counts": {}, "generated": 0.0, "summarised": 0.0}
                                 if args.database else populate_in_child(name, args.patients))
        counts, generated, summarised = built["counts"], built["generated"], built["summarised"]
        setup_django(name, migrate=False)
        import registry_baseline as baseline

        from tumorboard.outcomes import charts, registry

        filters = registry.RegistryFilters(args.pathway, frozenset(
            registry.Site.objects.values_list("pk", flat=True)))

        def ours() -> registry.Registry:
            return registry.compute_registry(filters, suppress=False, today=TODAY)

        def theirs() -> dict[str, Any]:
            return baseline.compute(args.pathway, TODAY)

        def ours_grouped() -> registry.Registry:  # the path a year/surgeon/stage filter takes
            with mock.patch.object(registry.RegistryFilters, "tallied",
                                   new=property(lambda self: False)):
                return ours()

        result, our_seconds = timed(ours, args.repeat)
        our_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        grouped, grouped_seconds = timed(ours_grouped, args.repeat)
        expected, their_seconds = timed(theirs, 1)
        _, chart_seconds = timed(lambda: [charts.km_svg(c, "x", suppress=False)
                                          for c in result.curves.values()], 1)
        our_peak, their_peak = traced_peak(ours), traced_peak(theirs)
        difference = baseline.largest_difference(result, expected)
        grouped_difference = baseline.largest_difference(grouped, expected)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"patients {args.patients:,}  ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")
        print(f"pathway {args.pathway}: {result.figures['n']:,} cases, "
              f"{len(result.curves['os']) - 1} treatment groups")
        print(f"generate + COPY {generated:.1f} s; build case summaries (refresh_cases) "
              f"{summarised:.1f} s")
        print(f"{'path':<58}{'seconds':>9}{'peak MiB':>10}")
        best = f"(best of {args.repeat})"
        print(f"{'tumorboard: tallies -> fit on counts ' + best:<58}"
              f"{our_seconds:>9.3f}{our_peak:>10.1f}")
        print(f"{'  same figures by GROUP BY over CaseOutcome ' + best:<58}"
              f"{grouped_seconds:>9.3f}")
        print(f"{'  + drawing the KM charts (SVG)':<58}{chart_seconds:>9.3f}")
        print(f"{'baseline: rows -> pandas -> lifelines + scikit-survival':<58}"
              f"{their_seconds:>9.3f}{their_peak:>10.1f}")
        print(f"speed-up {their_seconds / our_seconds:.1f}x; largest difference {difference:.2e} "
              f"(GROUP BY path: {their_seconds / grouped_seconds:.1f}x, "
              f"{grouped_difference:.2e})")
        print(f"process peak RSS: {our_rss:,.0f} MiB after the tumorboard path (Django, numpy, "
              f"matplotlib loaded), {rss:,.0f} MiB after the baseline too")
        ok = (max(difference, grouped_difference) <= 1e-9 and their_seconds >= 10 * our_seconds
              and our_rss < 2048)
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(name)


if __name__ == "__main__":
    sys.exit(main())
