"""Load and crash check of `tumorboard serve` on PostgreSQL (loopback only).

    .venv/bin/python benchmarks/load/run.py [--seconds 300] [--clients 50] [--threads 8]
        [--database-url postgres://postgres@127.0.0.1:5432/tumorboard_load] [--patients 2000]

Creates (drops first) the database named in --database-url, migrates, loads the demo
(`tumorboard demo --no-serve`), creates a user and an API token, starts the server on a free
loopback port, then:
1. load: --clients threads for --seconds, mixing patient searches, case pages, case edits
   (PATCH notes) and patient creations. Searches and case pages are the HTML pages of a
   logged-in session; edits and creations go through the JSON API with a token. Prints
   count, errors, p50/p95 latency and throughput per kind of request. MDT sign-offs are not
   driven: the demo data has no boards or draft recommendations to sign.
2. crash: writers only (edits and creations); the server is killed with SIGKILL halfway and
   restarted while they keep writing; every write that got a 2xx answer must then be in the
   database (crashcheck.py), else exit 1.
Stops the server and drops the database at the end (--keep-database to keep it).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crashcheck import lost_writes

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REQUESTS_PER_CLIENT = 100_000  # with the deadline, bounds every client loop
PASSWORD = "load-test-passphrase-2026"
MIX = [("search", 0.40), ("case page", 0.35), ("case edit", 0.20), ("patient create", 0.05)]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    why: Counter[str] = field(default_factory=Counter)
    # crash check: key -> sequence number of the last write answered 2xx
    acknowledged: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, ok: bool, why: str) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                self.why[f"{kind}: {why}"] += 1


class Server:
    """`tumorboard serve` as a child process on a free loopback port."""

    def __init__(self, env: dict[str, str], threads: int, log: Path) -> None:
        self.env, self.threads, self.log = env, threads, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tumorboard", "serve", "--port", str(self.port),
                 "--threads", str(self.threads)], env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        tail = self.log.read_text(errors="replace").splitlines()[-15:]
        raise SystemExit("the server did not answer /health:\n" + "\n".join(tail))

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tb(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "tumorboard", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise SystemExit(f"tumorboard {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def prepare(url: str, env: dict[str, str], patients: int) -> str:
    name = urlsplit(url).path.lstrip("/")
    admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(url, f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    tb(env, "migrate")
    tb(env, "demo", "--no-serve", "--patients", str(patients))
    tb(env, "createuser", "loadbot", "--role", "coordinator", "--site", "EAST",
       "--password-stdin", stdin=PASSWORD + "\n")
    token = tb(env, "token", "loadbot").strip()
    print(f"database {name}: migrated and {patients} demo patients loaded in "
          f"{time.perf_counter() - started:.0f} s")
    return token


def targets(session: requests.Session, base: str) -> tuple[list[str], list[str]]:
    """Case ids and family-name prefixes the clients will use (the token's site)."""
    cases: list[str] = []
    for page in range(1, 11):
        body = session.get(f"{base}/api/v1/cases", params={"page": page, "page_size": 200},
                           timeout=30).json()
        cases += [c["id"] for c in body["items"]]
        if len(cases) >= body["count"]:
            break
    body = session.get(f"{base}/api/v1/patients", params={"page_size": 200}, timeout=30).json()
    names = sorted({p["family_name"][:1] for p in body["items"]})
    if not cases or not names:
        raise SystemExit("the load user sees no cases or patients")
    return cases, names


def login(base: str) -> requests.Session:
    """A browser session: the login form with its CSRF token."""
    web = requests.Session()
    web.get(f"{base}/accounts/login/", timeout=30)
    answer = web.post(f"{base}/accounts/login/", timeout=30, allow_redirects=False,
                      data={"username": "loadbot", "password": PASSWORD,
                            "csrfmiddlewaretoken": web.cookies.get("csrftoken", "")})
    if answer.status_code != 302:
        raise SystemExit(f"login failed: HTTP {answer.status_code}")
    return web


class Client:
    """One simulated user; owns its share of the cases so its edits are ordered."""

    def __init__(self, number: int, base: str, token: str, cases: list[str],
                 my_cases: list[str], names: list[str], stats: Stats) -> None:
        self.number, self.base, self.stats = number, base, stats
        self.cases, self.my_cases, self.names = cases, my_cases, names
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.web = login(base)
        self.random = random.Random(number)
        self.seq = 0

    def run(self, until: float, mix: list[tuple[str, float]]) -> None:
        kinds, weights = zip(*mix, strict=True)
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= until:
                break
            kind = self.random.choices(kinds, weights)[0]
            self.call(kind, getattr(self, kind.replace(" ", "_")))

    def call(self, kind: str, action: Callable[[], tuple[requests.Response, str | None]]) -> None:
        started = time.perf_counter()
        try:
            response, key = action()
            ok, why = 200 <= response.status_code < 300, f"HTTP {response.status_code}"
        except requests.RequestException as failed:
            ok, key, why = False, None, type(failed).__name__
            time.sleep(0.05)  # server down (crash step): do not spin
        self.stats.record(kind, time.perf_counter() - started, ok, why)
        if ok and key is not None:
            with self.stats.lock:
                self.stats.acknowledged[key] = self.seq

    def search(self) -> tuple[requests.Response, None]:
        """The patient search page, as a logged-in browser asks for it (HTML)."""
        q = self.random.choice(self.names)
        return self.web.get(f"{self.base}/patients/", params={"q": q}, timeout=30,
                            allow_redirects=False), None

    def case_page(self) -> tuple[requests.Response, None]:
        case = self.random.choice(self.cases)
        return self.web.get(f"{self.base}/cases/{case}/", timeout=30,
                            allow_redirects=False), None

    def case_edit(self) -> tuple[requests.Response, str]:
        self.seq += 1
        case = self.random.choice(self.my_cases)
        body = {"notes": f"load:{self.number}:{self.seq}"}
        return (self.session.patch(f"{self.base}/api/v1/cases/{case}", json=body, timeout=30),
                f"case:{case}")

    def patient_create(self) -> tuple[requests.Response, str]:
        self.seq += 1
        mrn = f"LOAD-{self.number}-{self.seq}"
        body = {"site": "EAST", "mrn": mrn, "family_name": "Load", "given_name": f"C{self.number}",
                "sex": "female", "birth_date": "1970-01-01"}
        return (self.session.post(f"{self.base}/api/v1/patients", json=body, timeout=30),
                f"patient:{mrn}")


def drive(clients: list[Client], seconds: float, mix: list[tuple[str, float]],
          during: Callable[[], None] | None = None) -> float:
    """Runs every client for `seconds` (bounded thread pool); `during` runs halfway."""
    started = time.monotonic()
    until = started + seconds
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(c.run, until, mix) for c in clients]
        if during is not None:
            time.sleep(seconds / 2)
            during()
        for future in futures:
            future.result(timeout=seconds + 120)
    return time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]  # type: ignore[index]


def report(stats: Stats, elapsed: float) -> None:
    print("\n| request | count | errors | p50 ms | p95 ms | per second |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    everything: list[float] = []
    for kind, _weight in MIX:
        lat = stats.latencies.get(kind, [])
        everything += lat
        print(f"| {kind} | {len(lat)} | {stats.errors.get(kind, 0)} | "
              f"{percentile(lat, 50) * 1000:.0f} | {percentile(lat, 95) * 1000:.0f} | "
              f"{len(lat) / elapsed:.1f} |")
    print(f"| all | {len(everything)} | {sum(stats.errors.values())} | "
          f"{percentile(everything, 50) * 1000:.0f} | {percentile(everything, 95) * 1000:.0f} | "
          f"{len(everything) / elapsed:.1f} |")
    if stats.why:
        print("errors: " + "; ".join(f"{why} x{n}" for why, n in stats.why.most_common()))


def found_writes(url: str, keys: list[str]) -> dict[str, int]:
    """What the database holds for each acknowledged key, as a sequence number."""
    import psycopg

    found: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        for mrn, in conn.execute("SELECT mrn FROM patients_patient WHERE mrn LIKE 'LOAD-%'"):
            found[f"patient:{mrn}"] = int(mrn.rsplit("-", 1)[1])
        cases = [k.split(":", 1)[1] for k in keys if k.startswith("case:")]
        rows = conn.execute("SELECT external_id::text, notes FROM patients_case "
                            "WHERE external_id::text = ANY(%s)", (cases,))
        for case, notes in rows:
            if notes.startswith("load:"):
                found[f"case:{case}"] = int(notes.rsplit(":", 1)[1])
    return found


def crash(clients: list[Client], server: Server, url: str, seconds: float) -> None:
    stats = Stats()
    for client in clients:
        client.stats = stats
    writes = [("case edit", 0.8), ("patient create", 0.2)]
    def kill_and_restart() -> None:
        server.kill()
        server.start()  # a fresh process on the same port and database

    drive(clients, seconds, writes, during=kill_and_restart)
    acknowledged = dict(stats.acknowledged)
    lost = lost_writes(acknowledged, found_writes(url, list(acknowledged)))
    alive = requests.get(f"{server.base}/health", timeout=10).status_code
    total = sum(len(v) for v in stats.latencies.values())
    print(f"\ncrash: SIGKILL halfway through {seconds:.0f} s of writes by {len(clients)} "
          f"clients, restarted while they kept writing ({total} requests, "
          f"{sum(stats.errors.values())} failed while it was down; health {alive}); "
          f"{len(acknowledged)} acknowledged writes checked "
          f"({sum(k.startswith('case:') for k in acknowledged)} case edits, "
          f"{sum(k.startswith('patient:') for k in acknowledged)} patient creations): "
          f"{len(acknowledged) - len(lost)} present, {len(lost)} lost")
    if lost:
        print("lost:", ", ".join(lost[:20]))
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--crash-seconds", type=float, default=30)
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/tumorboard_load")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    url = args.database_url
    parts = urlsplit(url)
    if not url.startswith(("postgres://", "postgresql://")) or parts.hostname not in LOOPBACK:
        parser.error("--database-url must name a PostgreSQL database on 127.0.0.1")
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 3600:
        parser.error("--clients must be 1..200 and --seconds 1..3600")
    with tempfile.TemporaryDirectory(prefix="tumorboard-load-") as var:
        env = {**os.environ, "DATABASE_URL": url, "TUMORBOARD_VAR_DIR": var,
               "PYTHONPATH": str(ROOT / "src"), "DB_CONN_MAX_AGE": "60"}
        token = prepare(url, env, args.patients)
        server = Server(env, args.threads, Path(var) / "server.log")
        try:
            server.start()
            run_all(args, url, server, token)
        finally:
            server.stop()
            if not args.keep_database:
                admin_sql(url, f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def run_all(args: argparse.Namespace, url: str, server: Server, token: str) -> None:
    probe = requests.Session()
    probe.headers["Authorization"] = f"Bearer {token}"
    cases, names = targets(probe, server.base)
    stats = Stats()
    clients = [Client(n, server.base, token, cases, cases[n::args.clients] or cases[:1], names,
                      stats) for n in range(args.clients)]
    print(f"load: {args.clients} clients for {args.seconds:.0f} s against waitress with "
          f"{args.threads} threads ({len(cases)} cases visible to the load user)")
    elapsed = drive(clients, args.seconds, MIX)
    report(stats, elapsed)
    if any("HTTP 5" in why for why in stats.why):
        errors = [line for line in server.log.read_text(errors="replace").splitlines()
                  if "Error" in line or "error" in line]
        print("server log:", *errors[-10:], sep="\n  ")
    crash(clients, server, url, args.crash_seconds)


if __name__ == "__main__":
    main()
