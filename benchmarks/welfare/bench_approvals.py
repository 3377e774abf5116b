"""Approvals per second against ONE fund: a single client one after the other, then 20
concurrent clients (threads, each with its own database connection) racing for the same
fund, whose money covers only part of the applications. Every approval is the real
service (decisions.do_decide: locks, means-test amount, ledger commit, decision row,
history, audit).

Checks after the race: exactly the affordable approvals succeeded (the rest refused naming
`amount`), no application committed twice, the fund's committed money equals the sum of
the approved applications' commitments, and `ledger --check` finds nothing.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tb_bench_welfare \\
        PYTHONPATH=src .venv/bin/python benchmarks/welfare/bench_approvals.py

The named PostgreSQL database is dropped and created first (it must be a throwaway). With
no DATABASE_URL a throwaway SQLite file is used (writers are serialised there).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

AID_FEN = 2_240_000  # what the means test gives the benchmark's household (standard@2)


def _prepare_database(url: str | None, folder: str) -> str:
    if not url:
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def _setup(count: int, budget_fen: int, label: str) -> tuple[Any, list[Any], Any]:
    import datetime as dt

    from django.utils import timezone

    from tumorboard.accounts.services import do_create_user
    from tumorboard.network.models import Site
    from tumorboard.patients import services as patients
    from tumorboard.welfare import decisions, services

    site = Site.objects.create(code=label, name=f"Bench {label}")
    officer = do_create_user(f"{label}-officer", role="welfare_officer", site_codes=[label],
                             password="bench-password-123")
    approver = do_create_user(f"{label}-approver", role="welfare_officer",
                              site_codes=[label], password="bench-password-123")
    patient = patients.do_create_patient(None, site, {
        "mrn": f"{label}1", "family_name": "王", "given_name": "伟", "sex": "male",
        "birth_date": dt.date(1965, 1, 1)})
    case = patients.do_create_case(None, patient, {
        "pathway": "rectum", "primary_site_code": "C20.9", "histology_code": "8140/3",
        "diagnosis_date": dt.date(2026, 1, 5)}, details={})
    today = timezone.localdate()
    fund = decisions.do_create_fund(None, site, {
        "name": f"Fund {label}", "donor": "Bench Foundation", "donor_kind": "donor",
        "starts": today - dt.timedelta(days=1), "ends": today + dt.timedelta(days=365),
        "policy": "standard@2", "budget": f"{budget_fen / 100:.2f}"})
    apps = []
    for _ in range(count):
        app = services.do_create_application(officer, case, {
            "planned_treatment": "low anterior resection", "insurance": "none",
            "food": "15000", "estimated_cost": "80000", "oop_percent": "40"},
            [{"relation": "self", "age": 60, "income": "36000"},
             {"relation": "spouse", "age": 58, "income": "24000"}])
        apps.append(services.do_assess(officer, app, fund))
    return fund, apps, approver


def _run(apps: list[Any], approver: Any, clients: int) -> tuple[float, dict[str, int],
                                                                  list[float]]:
    from django.db import connection

    from tumorboard.patients.validation import InvalidInput
    from tumorboard.welfare import decisions

    latencies: list[float] = []
    lock = threading.Lock()

    def approve(app: Any) -> str:
        began = time.perf_counter()
        try:
            decisions.do_decide(approver, app, approve=True)
            return "approved"
        except InvalidInput as refused:
            return f"refused:{refused.field}"
        finally:
            with lock:
                latencies.append(time.perf_counter() - began)
            if clients > 1:
                connection.close()

    began = time.perf_counter()
    if clients == 1:
        results = [approve(app) for app in apps]
    else:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(approve, apps))
    elapsed = time.perf_counter() - began
    counts: dict[str, int] = {}
    for result in results:
        counts[result] = counts.get(result, 0) + 1
    return elapsed, counts, latencies


def _verify(fund: Any, affordable: int) -> dict[str, Any]:
    from django.db.models import Count, Sum

    from tumorboard.welfare import ledger
    from tumorboard.welfare.models import Application, Fund, LedgerTransaction

    fund = Fund.objects.get(pk=fund.pk)
    commits = LedgerTransaction.objects.filter(fund=fund, kind="commit")
    doubles = commits.values("application").annotate(n=Count("id")).filter(n__gt=1).count()
    held = Application.objects.filter(fund=fund).aggregate(s=Sum("committed_fen"))["s"] or 0
    return {"commitments": commits.count(), "expected": affordable, "double": doubles,
            "lost": affordable - commits.count(), "fund_committed_fen": fund.committed_fen,
            "applications_committed_fen": held, "available_fen": fund.available_fen,
            "ledger_check": [str(p) for p in ledger.check()] or "passed"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=100, help="approvals, one client")
    parser.add_argument("--concurrent", type=int, default=200, help="approvals, raced")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--affordable", type=float, default=0.75,
                        help="share of the raced applications the fund can pay for")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tb-welfare-bench-")
    os.environ["DATABASE_URL"] = _prepare_database(os.environ.get("DATABASE_URL"), folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    os.environ.setdefault("TUMORBOARD_VAR_DIR", folder)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    out: dict[str, Any] = {"database": connection.vendor, "clients": args.clients}
    for label, count, clients in (("SINGLE", args.single, 1),
                                  ("RACE", args.concurrent, args.clients)):
        affordable = int(count * args.affordable) if clients > 1 else count
        fund, apps, approver = _setup(count, affordable * AID_FEN + AID_FEN // 2, label)
        elapsed, counts, latencies = _run(apps, approver, clients)
        out[label.lower()] = {
            "applications": count, "seconds": round(elapsed, 2),
            "approvals_per_second": round(counts.get("approved", 0) / elapsed, 1),
            "decisions_per_second": round(count / elapsed, 1), "outcomes": counts,
            "latency_ms_median": round(1000 * statistics.median(latencies), 1),
            "latency_ms_p95": round(1000 * statistics.quantiles(latencies, n=20)[18], 1),
            "verify": _verify(fund, affordable)}
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
