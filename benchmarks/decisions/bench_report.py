"""Screen a 100,000-case registry and time the missed-opportunity report.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/decisions/bench_report.py [-n 100000]

Builds a temporary SQLite database (the demo generator and bulk loader), screens every case
with decisions.bulk (bulk inserts), documents a decision for about 60% of the raised
options, then times the report for one site over one year of diagnoses (median of several
runs) against a trivial query measured in the same run: counting that site-year's cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any


def setup_django(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["TUMORBOARD_VAR_DIR"] = str(directory)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(n: int) -> tuple[float, Any]:
    from django.contrib.auth.models import User

    from tumorboard.core.demo_data import generate
    from tumorboard.core.demo_loader import (
        do_create_demo_sites,
        do_create_demo_users,
        do_load_patients,
    )

    start = time.perf_counter()
    sites = do_create_demo_sites()
    do_create_demo_users()
    do_load_patients(generate(n, seed=11), sites, lead=User.objects.get(username="clinician"))
    return time.perf_counter() - start, sites


def screen_all() -> tuple[int, float]:
    from tumorboard.decisions.bulk import screen_in_bulk
    from tumorboard.patients.models import Case

    start = time.perf_counter()
    done = screen_in_bulk(Case.objects.all())
    return done, time.perf_counter() - start


def screen_memory(sample: int) -> tuple[int, int]:
    """tracemalloc peak of re-screening `sample` cases (a separate pass: tracemalloc slows
    Python several-fold, so the timed pass runs without it). Work is streamed in batches,
    so the peak depends on the batch size, not on the number of cases."""
    from tumorboard.decisions.bulk import screen_in_bulk
    from tumorboard.patients.models import Case

    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    tracemalloc.start()
    done = screen_in_bulk(Case.objects.filter(pk__in=ids))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return done, peak


def spread_and_decide(seed: int = 5) -> int:
    """Raise dates spread after diagnosis, and decisions for ~60% of raised options."""
    from django.db import transaction
    from django.utils import timezone

    from tumorboard.decisions.models import OptionDecision, ScreenedOption

    rng = random.Random(seed)
    now = timezone.now()
    rows = list(ScreenedOption.objects.filter(is_current=True, raised=True)
                .select_related("case").only("id", "code", "case_id", "screening_id",
                                             "case__diagnosis_date"))
    decisions = []
    with transaction.atomic():
        for row in rows:
            raised = dt.datetime.combine(row.case.diagnosis_date, dt.time(9),
                                         tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 20))
            row.raised_at = min(raised, now)
            if rng.random() < 0.6:
                decisions.append(OptionDecision(case_id=row.case_id, option_code=row.code,
                                                screening_id=row.screening_id,
                                                decision=rng.choice(["offered_accepted",
                                                                     "offered_declined"])))
        ScreenedOption.objects.bulk_update(rows, ["raised_at"], batch_size=5000)
        OptionDecision.objects.bulk_create(decisions, batch_size=5000)
    return len(decisions)


def time_report(sites: Any, repeat: int) -> list[tuple[str, float, str]]:
    from django.utils import timezone

    from tumorboard.decisions import report
    from tumorboard.patients.models import Case

    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    east = sites["EAST"].pk
    site_year = report.ReportFilters(site_ids=frozenset({east}), date_from=year_ago,
                                     date_to=today)
    everything = report.ReportFilters(site_ids=frozenset(s.pk for s in sites.values()))

    def baseline() -> int:
        return Case.objects.filter(site_id=east, diagnosis_date__range=(year_ago,
                                                                        today)).count()

    sample = report.missed_opportunities(site_year)
    described = (f"{sample['cases']} cases, {sample['options_raised']} raised, "
                 f"{sample['overdue']} overdue")
    return [
        ("baseline: count site-year cases", median_seconds(baseline, repeat), ""),
        ("report: one site, one year", median_seconds(
            lambda: report.missed_opportunities(site_year), repeat), described),
        ("report: figures only, all sites", median_seconds(
            lambda: report.missed_opportunities(everything, with_cases=False), repeat), ""),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100_000, help="cases (one per patient)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        load_s, sites = load(args.n)
        done, screen_s = screen_all()
        sampled, peak = screen_memory(min(args.n, 10_000))
        decided = spread_and_decide()
        rows = time_report(sites, args.repeat)
        print(f"{args.n} synthetic cases in a temporary SQLite DB, Python "
              f"{sys.version.split()[0]}")
        print(f"load (bulk_create): {load_s:.1f} s")
        print(f"screen every case:  {done} cases in {screen_s:.1f} s = "
              f"{done / screen_s:,.0f} cases/s (facts, screen, bulk insert of results)")
        print(f"screen memory:      tracemalloc peak {peak / 2**20:.1f} MiB while re-screening "
              f"{sampled} cases in batches of 2000")
        print(f"decisions documented (synthetic): {decided}")
        base = rows[0][1]
        print(f"{'query':34} {'median ms':>10} {'x baseline':>11}  notes")
        for name, seconds, notes in rows:
            print(f"{name:34} {seconds * 1000:10.1f} {seconds / base:11.1f}  {notes}")
        print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
