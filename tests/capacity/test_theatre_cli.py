"""`tumorboard theatre`: JSON in and out, --check exit 0/1, bad input exit 2 naming the field
with nothing on stdout (shared/contracts/theatre.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tumorboard.capacity.theatre.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
MON = "2026-12-07"

WEEK: dict[str, Any] = {
    "turnover_min": 30,
    "beds": {"capacity": 40, "occupied": {MON: 31}},
    "sessions": [{"id": "S1", "date": MON, "room": "OR3", "start": "08:00", "end": "12:00",
                  "surgeon": "li"}],
    "cases": [{"id": "C1", "surgeon": "li", "duration_min": 150, "priority": "P2",
               "waiting_days": 20, "target_days": 28, "los_days": 5},
              {"id": "C2", "surgeon": "li", "duration_min": 120, "priority": "P3",
               "waiting_days": 20, "target_days": 91, "los_days": 1}],
}
# C1 (P2) and C2 cannot share the 240 minutes (150 + 30 + 120 = 300): C1 goes, C2 waits
VALID = {"lists": [{"session": "S1", "cases": [{"id": "C1", "start": "08:00", "end": "10:30"}]}],
         "unscheduled": [{"id": "C2", "reason": "no session of its surgeon has 120 free minutes"}],
         "summary": {"booked": 1, "weighted": 4, "booked_minutes": 150, "utilisation": 0.625,
                     "breaches": 0}}


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_it_plans_the_week_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    assert main(["--input", write(tmp_path, "week.json", WEEK), "--time-limit", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["lists"], out["summary"]) == (VALID["lists"], VALID["summary"])
    assert [{"id": u["id"], "reason": u["reason"]} for u in out["unscheduled"]] == \
        VALID["unscheduled"]
    # the reason also comes as a template and its parameters, for the page to translate
    assert out["unscheduled"][0]["msgid"] % out["unscheduled"][0]["params"] == \
        VALID["unscheduled"][0]["reason"]


def test_it_reads_stdin_through_the_tumorboard_command() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run([sys.executable, "-m", "tumorboard", "theatre"], input=json.dumps(WEEK),
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"] == VALID["summary"]


def test_it_checks_valid_lists_with_exit_0(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--check", write(tmp_path, "week.json", WEEK), write(tmp_path, "lists.json", VALID)]
    assert main(args) == 0
    assert capsys.readouterr().out == ""


def test_it_checks_bad_lists_with_exit_1_one_violation_a_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = json.loads(json.dumps(VALID))
    bad["lists"][0]["cases"][0].update(start="10:00", end="12:30")  # past 12:00
    bad["unscheduled"] = []  # C2 is nowhere
    args = ["--check", write(tmp_path, "week.json", WEEK), write(tmp_path, "lists.json", bad)]
    assert main(args) == 1
    assert capsys.readouterr().out.splitlines() == [
        "case C2 is neither on a list nor in unscheduled",
        "case C1 ends at 12:30, after session S1 closes at 12:00",
    ]


@pytest.mark.parametrize(("argv", "field"), [
    (["--check", "{week}", "{missing}"], "LISTS"),
    (["--check", "{notjson}", "{week}"], "INSTANCE"),
    (["--input", "{notjson}"], "input"),
    (["--input", "{bad}"], "cases[0].duration_min"),
    (["--input", "{week}", "--time-limit", "0"], "--time-limit"),
    (["--frobnicate"], "argv"),
])
def test_it_refuses_bad_input_with_exit_2_naming_the_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], field: str) -> None:
    bad = json.loads(json.dumps(WEEK))
    bad["cases"][0]["duration_min"] = -5
    files = {"week": write(tmp_path, "week.json", WEEK), "bad": write(tmp_path, "bad.json", bad),
             "notjson": write(tmp_path, "x.json", "{not json"),
             "missing": str(tmp_path / "absent.json")}
    assert main([a.format(**files) for a in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = json.loads(captured.err)
    assert error["field"] == field and error["error"]
