"""``tumorboard analyze``: JSON shape of shared/contracts/analyze.md, published figures, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from lifelines.datasets import load_gbsg2
from sksurv.datasets import load_bmt

from tumorboard.outcomes.analytics.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gbsg2_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "gbsg2.csv"
    load_gbsg2().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def bmt_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    features, outcome = load_bmt()
    path = tmp_path_factory.mktemp("csv") / "bmt.csv"
    pd.DataFrame(
        {"dis": features["dis"].astype(str), "ftime": outcome["ftime"], "status": outcome["status"]}
    ).to_csv(path, index=False)
    return path


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_it_reports_gbsg2_survival_as_published(capsys, gbsg2_csv):
    code, out, err = run_cli(
        capsys,
        [
            "survival",
            "--input",
            str(gbsg2_csv),
            "--time",
            "time",
            "--event",
            "cens",
            "--by",
            "horTh",
            "--at",
            "1826.2",
            "--ci",
            "log",
        ],
    )
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert (report["n"], report["events"]) == (686, 299)
    no, yes = report["groups"]
    assert (no["group"], no["n"], no["events"], no["median"]) == ("no", 440, 205, 1528.0)
    assert (yes["group"], yes["n"], yes["events"], yes["median"]) == ("yes", 246, 94, 2018.0)
    assert yes["median_ci"][1] is None  # the upper limit never falls to 0.5
    # 5-year survival published as 0.437 (no) and 0.581 (yes)
    assert [round(g["at"][0]["survival"], 3) for g in (no, yes)] == [0.437, 0.581]
    assert set(no["at"][0]) == {"time", "survival", "lower", "upper", "at_risk"}
    assert no["at"][0]["lower"] < no["at"][0]["survival"] < no["at"][0]["upper"]
    assert report["logrank"]["df"] == 1
    assert round(report["logrank"]["statistic"], 2) == 8.56
    assert round(report["logrank"]["p"], 3) == 0.003


def test_it_reports_one_group_without_by(capsys, gbsg2_csv):
    code, out, _ = run_cli(
        capsys,
        [
            "survival",
            "--input",
            str(gbsg2_csv),
            "--time",
            "time",
            "--event",
            "cens",
        ],
    )
    report = json.loads(out)
    assert code == 0
    assert [g["group"] for g in report["groups"]] == [None]
    assert report["groups"][0]["at"] == []
    assert report["logrank"] is None


def test_it_reports_competing_incidence(capsys, bmt_csv):
    code, out, err = run_cli(
        capsys,
        [
            "incidence",
            "--input",
            str(bmt_csv),
            "--time",
            "ftime",
            "--event",
            "status",
            "--by",
            "dis",
            "--at",
            "12",
            "72",
        ],
    )
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["n"] == 35
    assert [g["group"] for g in report["groups"]] == ["0", "1"]
    assert sum(g["n"] for g in report["groups"]) == 35
    for group in report["groups"]:
        assert set(group["causes"]) == {"1", "2"}
        for cause in group["causes"].values():
            assert [p["time"] for p in cause["at"]] == [12.0, 72.0]
            for point in cause["at"]:
                assert point["lower"] <= point["incidence"] <= point["upper"]
    events = {k: sum(g["causes"][k]["events"] for g in report["groups"]) for k in ("1", "2")}
    assert events == {"1": 9, "2": 15}


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "input.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = "t,e,g\n1,1,a\n2,0,b\n"


@pytest.mark.parametrize(
    ("analysis", "text", "extra", "field"),
    [
        ("survival", GOOD, ["--time", "missing"], "missing"),
        ("survival", "t,e\n-1,1\n", [], "t"),
        ("survival", "t,e\nabc,1\n", [], "t"),
        ("survival", "t,e\n,1\n", [], "t"),
        ("survival", "t,e\nnan,1\n", [], "t"),
        ("survival", "t,e\n1,1.5\n", [], "e"),
        ("survival", "t,e\n1,yes\n", [], "e"),
        ("survival", "t,e\n1,2\n", [], "e"),
        ("incidence", "t,e\n1,-1\n", [], "e"),
        ("incidence", "t,e\n1,0.5\n", [], "e"),
        ("survival", "", [], "input"),
        ("survival", "t,e\n", [], "input"),
        ("survival", GOOD, ["--by", "nope"], "nope"),
        ("survival", GOOD, ["--ci", "plain"], "ci"),
        ("survival", GOOD, ["--at", "soon"], "at"),
        ("survival", GOOD, ["--at", "-5"], "at"),
    ],
)
def test_it_rejects_bad_input(capsys, tmp_path, analysis, text, extra, field):
    argv = [analysis, "--input", write(tmp_path, text), "--time", "t", "--event", "e"]
    argv = argv + extra
    if extra[:1] == ["--time"]:
        argv = [analysis, "--input", argv[2], "--event", "e", *extra]
    code, out, err = run_cli(capsys, argv)
    assert (code, out) == (2, "")
    problem = json.loads(err)
    assert problem["field"] == field
    assert problem["error"]


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_it_rejects_an_unreadable_file(capsys, tmp_path, where):
    path = tmp_path / "nothing.csv" if where == "missing" else tmp_path
    code, out, err = run_cli(
        capsys, ["survival", "--input", str(path), "--time", "t", "--event", "e"]
    )
    assert (code, out, json.loads(err)["field"]) == (2, "", "input")


def test_it_keeps_group_labels_as_written(capsys, tmp_path):
    text = 'time,event,arm\n1,1,"B, late"\n2,0,10\n3,1,2\n4,1,"B, late"\n5,0,2\n'
    code, out, _ = run_cli(
        capsys,
        [
            "survival",
            "--input",
            write(tmp_path, text),
            "--time",
            "time",
            "--event",
            "event",
            "--by",
            "arm",
        ],
    )
    groups = json.loads(out)["groups"]
    assert code == 0
    assert [g["group"] for g in groups] == ["2", "10", "B, late"]
    assert groups[0]["median"] == 4.0  # S = 0.5 from 3 to the end (5): R's midpoint
    assert groups[1]["median"] is None  # one censored patient: never reaches 0.5


def test_it_runs_as_the_tumorboard_command(gbsg2_csv):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tumorboard",
            "analyze",
            "survival",
            "--input",
            str(gbsg2_csv),
            "--time",
            "time",
            "--event",
            "cens",
            "--by",
            "horTh",
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": "src"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert [g["median"] for g in report["groups"]] == [1528.0, 2018.0]
