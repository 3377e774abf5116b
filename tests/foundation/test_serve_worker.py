"""`tumorboard serve` takes its task worker down with it: stopped with SIGTERM (kill,
systemd, test harnesses) or killed outright, the server leaves no worker polling the
database. Before, every stop by SIGTERM left one behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.foundation.test_serve_connections import free_port, wait_for_port

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for the worker")


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("serve-worker")
    env = {**os.environ, "TUMORBOARD_VAR_DIR": str(var),
           "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}"}
    # a migrated database, so the worker polls it and runs until it is stopped
    subprocess.run([sys.executable, "-m", "tumorboard", "manage", "migrate", "-v", "0"],
                   env=env, check=True, timeout=300)
    return env


@pytest.fixture
def server(environment: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tumorboard", "serve", "--port",
                                str(port), "--threads", "2"], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    worker = _children(process.pid)
    assert len(worker) == 1, worker
    try:
        yield process, worker[0]
    finally:
        process.kill()
        process.wait(timeout=10)
        if _alive(worker[0]):
            os.kill(worker[0], signal.SIGKILL)  # do not leave it to the next test run


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_it_stops_the_worker_when_stopped_with_sigterm(
        server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, worker = server
    assert _alive(worker)
    process.terminate()
    # it exits through its own handler (so `finally` stops the worker on any platform), not
    # killed by the signal (returncode -15)
    assert process.wait(timeout=15) == 0
    assert _gone_within(worker, 10)


def test_it_stops_the_worker_when_killed(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, worker = server
    process.kill()  # no handler runs: the kernel tells the worker its parent died
    process.wait(timeout=10)
    assert _gone_within(worker, 10)
