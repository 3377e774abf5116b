"""Two site instances and a hub on this machine (three SQLite databases, loopback only):
each site pushes its aggregate with its key; the hub refuses an unknown key, another format,
patient-level fields and another site's document, storing nothing; its pooled Kaplan-Meier
and log-rank equal those of the union of the sites' rows (to 1e-9, same granularity); and
no row of the hub names a patient."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.network.hub_site import lung_rows
from tumorboard.outcomes.analytics.aggregate import pool_aggregates, rounded_up
from tumorboard.outcomes.analytics.counts import time_counts_from_rows
from tumorboard.outcomes.analytics.report import survival_report_from_counts

ROOT = Path(__file__).resolve().parents[2]
TUMORBOARD = str(ROOT / ".venv" / "bin" / "tumorboard")
AT = (90.0, 180.0, 365.0, 540.0, 730.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(database: Path) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}",
               PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    env.pop("TUMORBOARD_DB_REPORT", None)
    return env


def run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TUMORBOARD, *args], env=env_for(database), capture_output=True,
                          text=True, timeout=600, cwd=ROOT, check=False)


def post(url: str, key: str, body: Any) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def stored(hub_db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(hub_db) as db:
        return [json.loads(row[0]) for row in
                db.execute("SELECT survival FROM network_aggregatesubmission ORDER BY id")]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("network")
    template = folder / "template.sqlite3"
    assert run(template, "migrate").returncode == 0
    dbs = {name: folder / f"{name}.sqlite3" for name in ("hub", "a", "b")}
    for path in dbs.values():
        shutil.copy(template, path)
    keys = {}
    for code in ("SITEA", "SITEB"):
        assert run(dbs["hub"], "site", "add", code, "--name", f"Hospital {code}").returncode == 0
        issued = run(dbs["hub"], "manage", "network_key", code)
        keys[code] = issued.stdout.strip()
    for part, (name, code) in enumerate((("a", "SITEA"), ("b", "SITEB"))):
        filled = subprocess.run([sys.executable, "-m", "tests.network.hub_site", code,
                                 str(part), "2"], env=env_for(dbs[name]), cwd=ROOT,
                                capture_output=True, text=True, timeout=900, check=False)
        assert filled.returncode == 0, filled.stderr[-3000:]
    server, hub_url = start_hub(dbs["hub"])
    try:
        yield {"dbs": dbs, "keys": keys, "url": hub_url}
    finally:
        server.terminate()
        server.wait(timeout=30)


def start_hub(database: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The hub served on a free loopback port; another port if someone else took it
    between choosing and binding (the answer must come from our own process)."""
    for _attempt in range(5):
        port = free_port()
        server = subprocess.Popen([TUMORBOARD, "serve", "--port", str(port)],
                                  env=env_for(database), cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(240):
            if server.poll() is not None:
                break  # ours did not start (the port was taken): try another
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                time.sleep(1)
                if server.poll() is None:
                    return server, f"http://127.0.0.1:{port}"
                break
            except OSError:
                time.sleep(0.5)
        server.terminate()
        server.wait(timeout=30)
    raise RuntimeError("the hub did not start")


def test_it_pools_what_the_union_of_the_sites_rows_gives(network: Any) -> None:
    for name, code in (("a", "SITEA"), ("b", "SITEB")):
        pushed = run(network["dbs"][name], "manage", "network_push", "--hub", network["url"],
                     "--key", network["keys"][code], "--round-to", "30")
        assert pushed.returncode == 0, pushed.stderr
    documents = stored(network["dbs"]["hub"])
    assert [d["site"] for d in documents] == ["SITEA", "SITEB"]
    pooled = pool_aggregates(documents, at=AT)
    by_site = pool_aggregates(documents, by_site=True, at=AT)
    union = [(rounded_up(t, 30), s) for t, s in lung_rows(0, 1)]
    expected = survival_report_from_counts(
        [("rectum", time_counts_from_rows([t for t, _ in union], [s for _, s in union]))], AT)
    halves = [[(rounded_up(t, 30), s) for t, s in lung_rows(part, 2)] for part in (0, 1)]
    expected_sites = survival_report_from_counts(
        [(code, time_counts_from_rows([t for t, _ in rows], [s for _, s in rows]))
         for code, rows in zip(("SITEA", "SITEB"), halves, strict=True)], AT)
    assert (pooled["n"], pooled["events"]) == (228, 165)
    close(pooled, expected)
    close(by_site, expected_sites)


def close(got: Any, want: Any) -> None:
    if isinstance(want, dict):
        assert set(got) == set(want)
        for key in want:
            close(got[key], want[key])
    elif isinstance(want, list):
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            close(a, b)
    elif isinstance(want, float) and not isinstance(got, str):
        assert got is not None and ((math.isnan(want) and math.isnan(got))
                                    or abs(got - want) <= 1e-9), (got, want)
    else:
        assert got == want


def test_it_refuses_bad_aggregates_and_stores_nothing(network: Any) -> None:
    url = network["url"] + "/api/v1/network/aggregates"
    before = stored(network["dbs"]["hub"])
    good = {"format": "tumorboard-aggregate/1", "site": "SITEA", "by": "pathway",
            "round_to": 30, "groups": [{"group": "rectum", "times": [[30, 1, 0]]}]}
    refused = [
        ("tbsite_not-a-key", good, 401, "Authorization"),
        (network["keys"]["SITEA"], {**good, "format": "csv"}, 422, "format"),
        (network["keys"]["SITEA"], {**good, "patients": [{"mrn": "X1"}]}, 422, "patients"),
        (network["keys"]["SITEA"], {**good, "groups": [{"group": "rectum", "times": [[30, 1, 0]],
                                                         "mrn": "X1"}]}, 422, "mrn"),
        (network["keys"]["SITEA"], {**good, "groups": [{"group": "Wang Xiuying",
                                                         "times": [[30, 1, 0]]}]}, 422, "group"),
        (network["keys"]["SITEB"], good, 422, "site"),
    ]
    for key, body, status, field in refused:
        got_status, answer = post(url, key, body)
        assert (got_status, answer["field"]) == (status, field), answer
        assert answer["error"]
    assert stored(network["dbs"]["hub"]) == before


def test_it_never_stores_a_row_that_names_a_patient(network: Any) -> None:
    hub_db = network["dbs"]["hub"]
    with sqlite3.connect(hub_db) as db:
        assert db.execute("SELECT count(*) FROM patients_patient").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM patients_case").fetchone()[0] == 0
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = "\n".join(str(row) for table in tables
                         for row in db.execute(f'SELECT * FROM "{table}"'))  # noqa: S608
    assert "MRNSITE" not in dump and "SecretSITE" not in dump
