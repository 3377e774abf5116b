"""`tumorboard score` through main() and once through a real subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tumorboard.pathways.cli import main

ROOT = Path(__file__).resolve().parents[2]
TOMITA = {"growth": "rapid", "visceral_mets": "treatable", "bone_mets": "multiple"}  # 4+2+2


def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_it_scores_json_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["tomita"], json.dumps(TOMITA), monkeypatch, capsys)
    result = json.loads(out)
    assert (code, err) == (0, "")
    assert (result["score"], result["total"], result["category"]) == (
        "tomita", 8, "supportive_care")


def test_it_reads_input_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"complications": ["II"]}))
    code, out, _ = run(["cci", "--input", str(path)], "", monkeypatch, capsys)
    assert code == 0 and json.loads(out)["total"] == 20.9


def test_it_lists_score_names_one_per_line(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--list"], "", monkeypatch, capsys)
    assert code == 0
    assert out.splitlines() == ["sins", "tokuhashi", "tomita", "mirels", "katagiri", "cci",
                                "lars", "wexner", "msts", "melanoma_slnb"]


@pytest.mark.parametrize(("argv", "stdin", "field"), [
    (["tomita"], "{not json", None),
    (["tomita"], "", None),
    (["tomita"], "[1, 2]", None),
    (["tomita"], '"text"', None),
    (["tomita"], json.dumps({**TOMITA, "growth": "fast"}), "growth"),
    (["tomita"], json.dumps({**TOMITA, "extra": 1}), "extra"),
    (["tomita"], json.dumps({"growth": "slow", "bone_mets": "solitary"}), "visceral_mets"),
    (["msts"], '{"limb": "lower", "pain": NaN}', None),
    (["apgar"], "{}", "name"),
    ([], "{}", "name"),
    (["tomita", "--input", "/nonexistent/x.json"], "", "input"),
    (["tomita", "--input"], "", "input"),
    (["tomita", "--bogus"], "{}", "argv"),
])
def test_it_reports_bad_input_as_json_on_stderr(
    argv: list[str], stdin: str, field: str | None,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(argv, stdin, monkeypatch, capsys)
    error = json.loads(err)
    assert (code, out, error["field"]) == (2, "", field)
    assert error["error"]


def test_it_runs_as_a_console_command() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "tumorboard", "score", "mirels"],
        input=json.dumps({"site": "lower_limb", "pain": "functional", "lesion": "lytic",
                          "size": "over_two_thirds"}),
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 11  # 2+3+3+3
    bad = subprocess.run(
        [sys.executable, "-m", "tumorboard", "score", "mirels"], input="{",
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert (bad.returncode, bad.stdout, json.loads(bad.stderr)["field"]) == (2, "", None)
