"""The command-line contract, run as a user would: a fresh process per command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "TUMORBOARD_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tumorboard", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=180)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_it_loads_demo_data_creates_users_and_issues_tokens(env: dict[str, str]) -> None:
    demo = run(env, "demo", "--no-serve", "--patients", "60")
    assert demo.returncode == 0, demo.stderr
    assert "Loaded 60 synthetic patients at 3 hospitals." in demo.stdout
    assert "demo-clinician-2026" in demo.stdout
    again = run(env, "demo", "--no-serve")
    assert "already loaded" in again.stdout

    created = run(env, "createuser", "dr.li", "--role", "clinician", "--site", "EAST",
                  "--specialty", "plastic_surgery", "--password-stdin",
                  stdin="a long enough passphrase\n")
    assert created.returncode == 0, created.stderr
    token = run(env, "token", "dr.li")
    assert token.returncode == 0 and token.stdout.startswith("tb_")

    bad_role = run(env, "createuser", "x", "--role", "surgeon", "--site", "EAST")
    assert bad_role.returncode == 2 and "role" in bad_role.stderr
    bad_site = run(env, "createuser", "y", "--role", "clinician", "--site", "MARS")
    assert bad_site.returncode == 2 and "site" in bad_site.stderr
    weak = run(env, "createuser", "z", "--role", "clinician", "--site", "EAST",
               "--password-stdin", stdin="123\n")
    assert weak.returncode == 2 and "password" in weak.stderr
    unknown = run(env, "token", "nobody")
    assert unknown.returncode == 2


def test_it_serves_health_without_login_and_the_api_with_a_token(env: dict[str, str]) -> None:
    assert run(env, "demo", "--no-serve", "--patients", "20").returncode == 0
    token = run(env, "token", "clinician").stdout.strip()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tumorboard", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"{base}/health", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        assert json.load(health) == {"status": "ok"}
        request = urllib.request.Request(f"{base}/api/v1/patients?page_size=5",
                                         headers={"Authorization": f"Bearer {token}"})
        body = json.load(urllib.request.urlopen(request, timeout=5))
        assert body["count"] > 0 and len(body["items"]) == 5
        assert all(item["site"] == "EAST" for item in body["items"])
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_it_prints_usage_and_refuses_unknown_commands(env: dict[str, str]) -> None:
    assert "usage: tumorboard" in run(env, "--help").stdout
    assert run(env, "fly").returncode == 2
