"""``tumorboard analyze aggregate|funnel|cusum`` and ``survival --aggregates`` on files."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lifelines.datasets import load_gbsg2

from tumorboard.outcomes.analytics.cli import main
from tumorboard.outcomes.analytics.cusum import ra_cusum
from tumorboard.outcomes.analytics.funnel import funnel_plot

REPO = Path(__file__).resolve().parents[2]


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def close(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("sites")
    data = load_gbsg2()
    which = np.random.default_rng(3).integers(0, 3, len(data))
    union = data.assign(time30=np.ceil(data["time"] / 30) * 30)
    union.to_csv(folder / "union.csv", index=False)
    paths = []
    for site in range(3):
        path = folder / f"H{site}.csv"
        data[which == site].to_csv(path, index=False)
        paths.append(path)
    return folder, paths


def aggregate(capsys, path: Path, *extra: str) -> Path:
    code, out, err = run_cli(
        capsys,
        [
            "aggregate",
            "--input",
            path,
            "--time",
            "time",
            "--event",
            "cens",
            "--by",
            "horTh",
            *extra,
        ],
    )
    assert (code, err) == (0, "")
    target = path.with_suffix(".json")
    target.write_text(out, encoding="utf-8")
    return target


def test_it_pools_site_files_as_the_union_of_their_rows(capsys, sites):
    folder, paths = sites
    files = [aggregate(capsys, path, "--round-to", "30") for path in paths]
    document = json.loads(files[0].read_text())
    assert (document["format"], document["site"], document["by"]) == (
        "tumorboard-aggregate/1",
        "H0",
        "horTh",
    )
    at = ["--at", "365", "1826.25"]
    code, pooled, err = run_cli(capsys, ["survival", "--aggregates", *files, *at])
    assert (code, err) == (0, "")
    union_args = ["--input", folder / "union.csv", "--time", "time30", "--event", "cens"]
    _, union, _ = run_cli(capsys, ["survival", *union_args, "--by", "horTh", *at])
    assert close(json.loads(pooled), json.loads(union))
    code, by_site, _ = run_cli(capsys, ["survival", "--aggregates", *files, "--by-site"])
    report = json.loads(by_site)
    assert [g["group"] for g in report["groups"]] == ["H0", "H1", "H2"]
    assert report["logrank"]["df"] == 2 and report["n"] == 686


def test_it_uses_the_given_site_code(capsys, sites):
    _, paths = sites
    path = aggregate(capsys, paths[1], "--site", "ZH-01")
    assert json.loads(path.read_text())["site"] == "ZH-01"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


OPS = (
    "surgeon,leak,p,date\n"
    "B,1,0.2,2025-03-01\nA,0,0.1,2025-01-05\nA,1,0.3,2024-12-01\nB,0,0.25,2025-02-01\n"
)


def test_it_draws_the_funnel_of_a_csv(capsys, tmp_path):
    path = write(tmp_path, "ops.csv", OPS)
    code, out, err = run_cli(
        capsys, ["funnel", "--input", path, "--unit", "surgeon", "--outcome", "leak"]
    )
    assert (code, err) == (0, "")
    rows = [("B", 1, None), ("A", 0, None), ("A", 1, None), ("B", 0, None)]
    assert json.loads(out) == funnel_plot(rows)
    argv = ["funnel", "--input", path, "--unit", "surgeon", "--outcome", "leak", "--expected", "p"]
    code, out, _ = run_cli(capsys, argv)
    assert json.loads(out)["units"][0]["expected"] == pytest.approx(0.4)
    _, out, _ = run_cli(capsys, [*argv[:-2], "--target", "0.4"])
    assert json.loads(out)["target"] == 0.4
    _, out, _ = run_cli(capsys, [*argv, "--target", "1.5"])  # a target O/E ratio
    assert json.loads(out)["target"] == 1.5


def test_it_charts_cusum_in_the_order_column(capsys, tmp_path):
    path = write(tmp_path, "ops.csv", OPS)
    argv = ["cusum", "--input", path, "--unit", "surgeon", "--outcome", "leak", "--expected", "p"]
    code, out, err = run_cli(
        capsys, [*argv, "--order", "date", "--odds-ratio", "3", "--threshold", "0.5"]
    )
    assert (code, err) == (0, "")
    in_order = [("A", 1, 0.3), ("A", 0, 0.1), ("B", 0, 0.25), ("B", 1, 0.2)]
    assert json.loads(out) == ra_cusum(in_order, odds_ratio=3.0, threshold=0.5)
    _, out, _ = run_cli(capsys, argv)
    as_written = [("B", 1, 0.2), ("A", 0, 0.1), ("A", 1, 0.3), ("B", 0, 0.25)]
    assert json.loads(out) == ra_cusum(as_written)


GOOD_AGGREGATE = {
    "format": "tumorboard-aggregate/1",
    "site": "A",
    "by": "arm",
    "round_to": None,
    "groups": [{"group": "x", "times": [[3.0, 1, 0], [5.0, 0, 1]]}],
}


def aggregate_file(tmp_path: Path, name: str, **change: object) -> Path:
    return write(tmp_path, name, json.dumps({**GOOD_AGGREGATE, **change}))


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["survival", "--aggregates", "{other}"], "format"),
        (["survival", "--aggregates", "{good}", "{stage}"], "by"),
        (["survival", "--aggregates", "{patient}"], "patient_id"),
        (["survival", "--aggregates", "{notjson}"], "aggregates"),
        (["survival", "--aggregates", "{good}", "--input", "{ops}"], "input"),
        (["survival", "--aggregates", "{good}", "--by", "arm"], "by"),
        (["survival", "--time", "t", "--event", "e"], "input"),
        (
            ["survival", "--input", "{ops}", "--time", "date", "--event", "leak", "--by-site"],
            "by-site",
        ),
        (
            ["aggregate", "--input", "{ops}", "--time", "p", "--event", "leak", "--round-to", "0"],
            "round-to",
        ),
        (["aggregate", "--input", "{ops}", "--time", "p", "--event", "surgeon"], "surgeon"),
        (["funnel", "--input", "{bad}", "--unit", "surgeon", "--outcome", "leak"], "leak"),
        (["funnel", "--input", "{bad}", "--unit", "surgeon", "--outcome", "p"], "p"),
        (
            [
                "funnel",
                "--input",
                "{ops}",
                "--unit",
                "surgeon",
                "--outcome",
                "leak",
                "--expected",
                "leak",
            ],
            "leak",
        ),
        (
            [
                "funnel",
                "--input",
                "{ops}",
                "--unit",
                "surgeon",
                "--outcome",
                "leak",
                "--target",
                "2",
            ],
            "target",
        ),
        (["funnel", "--input", "{ops}", "--unit", "site", "--outcome", "leak"], "site"),
        (["cusum", "--input", "{ops}", "--unit", "surgeon", "--outcome", "leak"], "expected"),
        (
            [
                "cusum",
                "--input",
                "{ops}",
                "--unit",
                "surgeon",
                "--outcome",
                "leak",
                "--expected",
                "p",
                "--odds-ratio",
                "1",
            ],
            "odds-ratio",
        ),
        (
            [
                "cusum",
                "--input",
                "{ops}",
                "--unit",
                "surgeon",
                "--outcome",
                "leak",
                "--expected",
                "p",
                "--threshold",
                "-1",
            ],
            "threshold",
        ),
        (
            [
                "cusum",
                "--input",
                "{gap}",
                "--unit",
                "surgeon",
                "--outcome",
                "leak",
                "--expected",
                "p",
                "--order",
                "date",
            ],
            "date",
        ),
    ],
)
def test_it_refuses_bad_input_naming_the_field(capsys, tmp_path, argv, field):
    files = {
        "good": aggregate_file(tmp_path, "good.json"),
        "other": aggregate_file(tmp_path, "other.json", format="csv"),
        "stage": aggregate_file(tmp_path, "stage.json", by="stage", site="B"),
        "patient": aggregate_file(tmp_path, "patient.json", patient_id="P-1"),
        "notjson": write(tmp_path, "notjson.json", "time,event\n1,0\n"),
        "ops": write(tmp_path, "ops.csv", OPS),
        "bad": write(tmp_path, "bad.csv", "surgeon,leak,p\nA,2,1.5\n"),
        "gap": write(tmp_path, "gap.csv", "surgeon,leak,p,date\nA,1,0.2,\n"),
    }
    code, out, err = run_cli(capsys, [part.format(**files) for part in argv])
    assert (code, out) == (2, "")
    assert json.loads(err)["field"] == field


def test_it_runs_as_the_tumorboard_command(tmp_path):
    path = write(tmp_path, "ops.csv", OPS)
    command = [sys.executable, "-m", "tumorboard", "analyze", "funnel", "--input", str(path)]
    env = {**os.environ, "PYTHONPATH": "src"}
    done = subprocess.run(
        [*command, "--unit", "surgeon", "--outcome", "leak"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [u["unit"] for u in json.loads(done.stdout)["units"]] == ["A", "B"]
    refused = subprocess.run(
        [*command, "--unit", "surgeon", "--outcome", "p"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (refused.returncode, refused.stdout) == (2, "")
    assert json.loads(refused.stderr)["field"] == "p"
    assert pd.read_csv(path).shape == (4, 4)  # the input is untouched
