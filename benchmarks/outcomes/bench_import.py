"""CSV follow-up import: the old row-by-row path against the bounded bulk path, same run.

    PYTHONPATH=src .venv/bin/python benchmarks/outcomes/bench_import.py --rows 20000

Creates a throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres, trust auth;
``--sqlite`` uses a temporary SQLite file instead), migrates it, loads the demo data set
(``--patients``) and writes a CSV of ``--rows`` follow-up events (last contacts, local
recurrences and deaths over the coordinator's EAST cases). Then it times:
- old: the previous importer, kept here verbatim in behaviour: one transaction, each row
  looked up with queries.get_case and written with services.do_record_follow_up (its own
  validation queries, insert, summary refresh and audit row per row), over the first
  ``--old-rows`` rows (the whole file takes minutes), then rolled back;
- new: importer.import_follow_up on the whole file (checked in memory, bulk inserts, one
  summary refresh, bulk audit rows), committed;
- baseline: a bare FollowUpEvent.objects.bulk_create of the same rows, rolled back.
Prints seconds and rows/s for each, and new/baseline and old/new ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sibling modules


class Rollback(Exception):
    """Raised at the end of a timed block to undo its writes."""


def setup(args: argparse.Namespace) -> Any:
    if args.sqlite:
        folder = tempfile.mkdtemp(prefix="bench-import-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        cleanup = None
    else:
        from bench_registry import create_database, drop_database

        name = "bench_followup_import"
        create_database(name)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"

        def cleanup() -> None:
            from django.db import connections
            connections.close_all()
            drop_database(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    os.environ["OUTCOMES_IMPORT_MAX_ROWS"] = str(max(args.rows, 20_000))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return cleanup


def load(patients: int) -> None:
    from tumorboard.core import demo_data, demo_loader

    sites = demo_loader.do_create_demo_sites()
    demo_loader.do_create_demo_users()
    demo_loader.do_load_patients(demo_data.generate(patients), sites)


def make_csv(rows: int, seed: int = 7) -> tuple[str, Any]:
    from django.contrib.auth.models import User

    from tumorboard.accounts import access
    from tumorboard.outcomes.follow_up import load_states
    from tumorboard.patients.models import Case

    user = User.objects.get(username="coordinator")
    cases = list(Case.objects.filter(site_id__in=access.site_ids(user),
                                     patient__date_of_death__isnull=True).order_by("pk"))
    states = load_states({c.patient_id for c in cases})
    today = dt.date.today()
    rng = random.Random(seed)
    lines = ["case,type,date,cause_of_death"]
    per_case = max(1, rows // len(cases) + 1)
    for case in cases:
        state = states[case.patient_id]
        if state.death is not None:
            continue
        start = max(case.diagnosis_date, state.latest[0] if state.latest else case.diagnosis_date)
        span = (today - start).days
        if span < per_case + 2:
            continue
        days = sorted(rng.sample(range(1, span), per_case))
        for i, offset in enumerate(days):
            kind = "last_contact" if i % 5 else "local_recurrence"
            lines.append(f"{case.external_id},{kind},{start + dt.timedelta(days=offset)},")
        if len(lines) > rows:
            break
    lines = lines[:rows + 1]
    return "\n".join(lines) + "\n", user


def old_path(user: Any, text: str) -> int:
    """The importer before issue 11: row by row through the single-entry service."""
    import csv
    import io

    from django.db import transaction

    from tumorboard.outcomes import services
    from tumorboard.patients import queries

    count = 0
    with transaction.atomic():
        for row in csv.DictReader(io.StringIO(text)):
            count += 1
            case = queries.get_case(user, row["case"], write=True)
            services.do_record_follow_up(user, case, {
                "type": row["type"], "date": dt.date.fromisoformat(row["date"]),
                "cause_of_death": row["cause_of_death"] or "", "notes": ""})
    return count


def timed(label: str, fn: Any, rollback: bool) -> tuple[float, int]:
    from django.db import transaction

    start = time.perf_counter()
    result: list[int] = []
    try:
        if rollback:
            with transaction.atomic():
                result.append(fn())
                elapsed = time.perf_counter() - start
                raise Rollback
        result.append(fn())
        elapsed = time.perf_counter() - start
    except Rollback:
        pass
    rate = result[0] / elapsed
    print(f"  {label:<10} {result[0]:>7} rows {elapsed:>9.2f} s {rate:>10.0f} rows/s", flush=True)
    return elapsed, result[0]


def baseline(user: Any, text: str) -> int:
    import csv
    import io

    from tumorboard.outcomes.models import FollowUpEvent
    from tumorboard.patients.models import Case

    rows = list(csv.DictReader(io.StringIO(text)))
    ids = dict(Case.objects.filter(external_id__in={r["case"] for r in rows})
               .values_list("external_id", "pk"))
    import uuid
    FollowUpEvent.objects.bulk_create([
        FollowUpEvent(case_id=ids[uuid.UUID(r["case"])], type=r["type"],
                      date=dt.date.fromisoformat(r["date"]), recorded_by=user)
        for r in rows], batch_size=1000)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--old-rows", type=int, default=2_000,
                        help="rows of the file timed through the old path (0: skip it)")
    parser.add_argument("--patients", type=int, default=5_000)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    cleanup = setup(args)
    try:
        from django.db import connection

        started = time.perf_counter()
        load(args.patients)
        text, user = make_csv(args.rows)
        rows = text.count("\n") - 1
        print(f"{connection.vendor}: {args.patients} demo patients loaded in "
              f"{time.perf_counter() - started:.0f} s; file: {rows} rows, "
              f"{len(text.encode()) / 1e6:.2f} MB", flush=True)
        from tumorboard.outcomes import importer

        old = None
        if args.old_rows:
            part = "\n".join(text.splitlines()[:args.old_rows + 1]) + "\n"
            old = timed("old", lambda: old_path(user, part), rollback=True)
        base = timed("baseline", lambda: baseline(user, text), rollback=True)
        new = timed("new", lambda: importer.import_follow_up(user, text).imported,
                    rollback=False)
        per_row_new = new[0] / new[1]
        print(f"  new / bare bulk_create: {new[0] / base[0]:.1f}x")
        if old is not None:
            per_row_old = old[0] / old[1]
            print(f"  old per row {per_row_old * 1000:.1f} ms, new {per_row_new * 1000:.3f} ms: "
                  f"new is {per_row_old / per_row_new:.0f}x faster; the old path would take "
                  f"~{per_row_old * rows:.0f} s for all {rows} rows")
    finally:
        if cleanup:
            cleanup()


if __name__ == "__main__":
    main()
