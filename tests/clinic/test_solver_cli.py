"""`tumorboard schedule`: JSON in and out, --check, --replan, bad input exits 2."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tumorboard.clinic.solver.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"

DAY: dict[str, Any] = {
    "horizon": 300,
    "clinicians": [
        {"id": "rad", "specialty": "radiology", "available": [[0, 300]]},
        {"id": "surg", "specialty": "surgery", "available": [[30, 300]]},
    ],
    "patients": [
        {
            "id": "a",
            "arrival": 0,
            "consults": [
                {"id": "scan", "specialties": ["radiology"], "duration": 20},
                {"id": "op", "specialties": ["surgery"], "duration": 30, "after": ["scan"]},
            ],
        },
        {
            "id": "b",
            "arrival": 0,
            "consults": [{"id": "scan", "specialties": ["radiology"], "duration": 20}],
        },
    ],
}


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def broken(edit: str) -> dict[str, Any]:
    data = copy.deepcopy(DAY)
    consults = data["patients"][0]["consults"]
    if edit == "cycle":
        consults[0]["after"] = ["op"]
    elif edit == "duplicate":
        data["patients"][1]["id"] = "a"
    elif edit == "negative":
        consults[1]["duration"] = -30
    elif edit == "window":
        data["clinicians"][1]["available"] = [[30, 900]]
    elif edit == "missing":
        del data["horizon"]
    return data


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        ("cycle", "patients[0].consults[", "cycle in after"),
        ("duplicate", "patients[1].id", "duplicate patient id"),
        ("negative", "patients[0].consults[1].duration", "positive"),
        ("window", "clinicians[1].available[0]", "outside"),
        ("missing", "horizon", "missing"),
    ],
)
def test_it_exits_2_on_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str, field: str, words: str
) -> None:
    code = main(["--input", write(tmp_path, "day.json", broken(edit))])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    error = json.loads(err)
    assert error["field"].startswith(field) and words in error["error"]


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--input", "/nonexistent/day.json"], "--input"),
        (["--time-limit", "0"], "--time-limit"),
        (["--now", "10"], "--now"),
        (["--bogus"], "argv"),
    ],
)
def test_it_exits_2_on_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], field: str
) -> None:
    if "--input" not in argv:
        argv = ["--input", write(tmp_path, "day.json", DAY), *argv]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and json.loads(err)["field"] == field


def test_it_exits_2_on_invalid_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "day.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["--input", str(path)]) == 2
    assert json.loads(capsys.readouterr().err)["field"] == "--input"


def test_it_schedules_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = write(tmp_path, "day.json", DAY)
    assert main(["--input", day, "--time-limit", "1"]) == 0
    schedule = json.loads(capsys.readouterr().out)
    assert schedule["metrics"]["scheduled"] == 3
    assert main(["--check", day, write(tmp_path, "s.json", schedule)]) == 0
    assert capsys.readouterr().out == "valid\n"

    schedule["appointments"][0]["end"] += 5  # wrong duration
    schedule["metrics"]["makespan"] = 9999
    bad = write(tmp_path, "bad.json", schedule)
    assert main(["--check", day, bad]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("duration:") for line in lines)
    assert any(line.startswith("metrics: makespan") for line in lines)
    assert main(["--check", day, bad, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and {"duration", "metrics"} <= {
        v["rule"] for v in report["violations"]
    }


def test_it_replans_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = write(tmp_path, "day.json", DAY)
    assert main(["--input", day, "--time-limit", "1"]) == 0
    previous = json.loads(capsys.readouterr().out)
    changes = write(tmp_path, "changes.json", {"late": [{"patient": "b", "arrival": 100}]})
    argv = ["--input", day, "--replan", write(tmp_path, "prev.json", previous), "--now", "25"]
    assert main([*argv, "--changes", changes, "--time-limit", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    b_scan = next(a for a in result["appointments"] if a["patient"] == "b")
    assert b_scan["start"] >= 100
    assert "moved" in result["metrics"]


def test_it_runs_as_a_module_reading_stdin() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "tumorboard", "schedule", "--time-limit", "1"],
        input=json.dumps(DAY),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["metrics"]["consults"] == 3
    bad = subprocess.run(
        [sys.executable, "-m", "tumorboard", "schedule"],
        input=json.dumps(broken("cycle")),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert "cycle" in json.loads(bad.stderr)["error"]
