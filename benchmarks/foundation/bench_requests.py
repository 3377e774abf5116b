"""Patient search, the case page (and its on-demand panels) and the registry dashboard with
a large registry, against a trivial logged-in view measured in the same run.

    .venv/bin/python benchmarks/foundation/bench_requests.py [--patients 100000]

Targets (issue 18): the case page costs at most 3x the trivial view at 100k patients; the
registry dashboard answers within 300 ms at the demo's size (2,000 patients).

Uses a temporary SQLite database unless DATABASE_URL is set (then it must name an empty,
throwaway PostgreSQL database).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def setup(var: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var}/bench.sqlite3")
    os.environ["TUMORBOARD_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(n: int) -> None:
    from django.contrib.auth.models import User

    from tumorboard.core import demo_data, demo_loader

    sites = demo_loader.do_create_demo_sites()
    demo_loader.do_create_demo_users()
    started = time.perf_counter()
    demo_loader.do_load_patients(demo_data.generate(n, seed=7), sites,
                                 User.objects.get(username="clinician"))
    print(f"loaded {n} patients in {time.perf_counter() - started:.1f} s")
    screen_all()


def screen_all() -> None:
    """As after `tumorboard demo`: every case screened, so a case view measures the page,
    not a first screening."""
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("screen_cases", stdout=StringIO(), stderr=StringIO())
    print(f"screened every unscreened case in {time.perf_counter() - started:.1f} s")


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm up caches and connections
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


PANELS = ("decisions", "mdt", "clinic", "outcomes")


def whole_case(ok: Callable[..., Callable[[], object]], case_id: object) -> None:
    """The page and every panel a reader scrolls to, one after another."""
    ok(f"/cases/{case_id}/")()
    for panel in PANELS:
        ok(f"/cases/{case_id}/panels/{panel}/")()


def whole_dashboard(ok: Callable[..., Callable[[], object]], fresh: bool) -> None:
    """The dashboard and the three charts its page then loads (drawn anew, or cached)."""
    from django.core.cache import cache

    if fresh:
        cache.clear()
    ok("/outcomes/registry/")()
    for chart in ("os", "dfs", "incidence"):
        ok(f"/outcomes/registry/charts/{chart}.svg")()


def paired_ratio(baseline: Callable[[], object], page: Callable[[], object],
                 args: argparse.Namespace) -> float:
    """The target's ratio, robust to a machine whose speed drifts: baseline and page are
    timed in alternating blocks (a block each per round); the median of the rounds'
    ratios is the answer, and every round is printed."""
    ratios = []
    for _ in range(args.rounds):
        base = statistics.median(timed(baseline, args.repeat))
        ratios.append(statistics.median(timed(page, args.repeat)) / base)
    print("\ncase page / baseline per round: " + " ".join(f"{r:.2f}" for r in ratios))
    return statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=7,
                        help="paired rounds of baseline and case page for the target")
    parser.add_argument("--keep", metavar="DIR",
                        help="keep (or reuse) the SQLite registry in DIR between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        var = args.keep or scratch
        Path(var).mkdir(parents=True, exist_ok=True)
        reuse = args.keep and (Path(var) / "bench.sqlite3").exists()
        setup(var)
        if not reuse:
            load(args.patients)
        else:
            screen_all()
        from django.contrib.auth.models import User
        from django.test import Client

        from tumorboard.patients.models import Case, Patient

        client = Client()
        client.force_login(User.objects.get(username="clinician"))
        rng = random.Random(1)
        east = list(Case.objects.filter(site__code="EAST").values_list("external_id", flat=True))
        mrns = list(Patient.objects.filter(site__code="EAST").values_list("mrn", flat=True))

        def ok(path: str, **params: str) -> Callable[[], object]:
            def call() -> object:
                response = client.get(path, params)
                assert response.status_code == 200, (path, response.status_code)
                return response
            return call

        rows = {
            "baseline: GET /api/v1/me": timed(ok("/api/v1/me"), args.repeat),
            "trivial page (password form)": timed(ok("/accounts/password/"), args.repeat),
            "search by MRN": timed(lambda: ok("/patients/", q=rng.choice(mrns))(), args.repeat),
            "search by family name 王": timed(ok("/patients/", q="王"), args.repeat),
            "search by name, page 20": timed(ok("/patients/", q="Smith", page="20"),
                                            args.repeat),
            "case page": timed(lambda: ok(f"/cases/{rng.choice(east)}/")(), args.repeat),
            "case page + its 4 panels": timed(lambda: whole_case(ok, rng.choice(east)),
                                              max(5, args.repeat // 4)),
            "registry dashboard": timed(ok("/outcomes/registry/"), max(5, args.repeat // 6)),
            "dashboard + 3 charts, drawn": timed(lambda: whole_dashboard(ok, fresh=True),
                                                 max(5, args.repeat // 6)),
            "dashboard + 3 charts, cached": timed(lambda: whole_dashboard(ok, fresh=False),
                                                  max(5, args.repeat // 6)),
        }
        base = statistics.median(rows["baseline: GET /api/v1/me"])
        from django.db import connection

        print(f"\n{args.patients} patients on {connection.vendor}, {args.repeat} requests each")
        print(f"{'request':<28}{'median ms':>10}{'p95 ms':>10}{'x baseline':>12}")
        for name, samples in rows.items():
            median = statistics.median(samples)
            print(f"{name:<28}{median:>10.1f}{p95(samples):>10.1f}{median / base:>12.1f}")
        case_ratio = paired_ratio(lambda: ok("/api/v1/me")(),
                                  lambda: ok(f"/cases/{rng.choice(east)}/")(), args)
        page_base = statistics.median(rows["trivial page (password form)"])
        print(f"\ncase page {statistics.median(rows['case page']) / page_base:.1f}x the "
              "trivial HTML page (base.html and a form, no audited read)")
        dashboard = statistics.median(rows["registry dashboard"])
        print(f"\ncase page {case_ratio:.1f}x baseline, median of {args.rounds} paired rounds "
              "(target <= 3x at 100k patients): "
              f"{'met' if case_ratio <= 3 else 'NOT met'}")
        print(f"registry dashboard {dashboard:.0f} ms (target <= 300 ms at 2,000 patients): "
              f"{'met' if dashboard <= 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
