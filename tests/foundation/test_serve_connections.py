"""`tumorboard serve` answers every keep-alive client, not only the first hundred."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tumorboard.core.management.commands.serve import connection_budget

KEEP_ALIVE_CLIENTS = 150  # more than waitress's own default limit of 100 sockets


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "TUMORBOARD_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    process = subprocess.Popen([sys.executable, "-m", "tumorboard", "serve", "--port", str(port),
                                "--threads", "2"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_for_port(port)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def ask_health(connection: socket.socket) -> bytes:
    connection.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
    return connection.recv(4096)


def test_it_answers_a_client_beyond_the_first_hundred_kept_alive(server: int) -> None:
    connections = [socket.create_connection(("127.0.0.1", server), timeout=10)
                   for _ in range(KEEP_ALIVE_CLIENTS)]
    try:
        for connection in connections[:-1]:  # every one stays open, as browsers keep them
            assert ask_health(connection).startswith(b"HTTP/1.1 200")
        assert ask_health(connections[-1]).startswith(b"HTTP/1.1 200")
    finally:
        for connection in connections:
            connection.close()


def test_it_keeps_the_connection_limit_within_the_open_file_limit() -> None:
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    budget = connection_budget(10**9, threads=8)
    soft_after, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert budget < soft_after
    assert soft_after >= soft
