"""`tumorboard stage` (shared/contracts/screen.md): JSON in, {"scheme", "stage", "edition"}
out; bad input exits 2 with {"error", "field"} on stderr and nothing on stdout. Expected
stages come from the AJCC 8th edition tables cited in the other test_stage_* files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tumorboard.patients.staging.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        data: Any, argv: list[str] | None = None) -> tuple[int, str, str]:
    import io

    text = data if isinstance(data, str) else json.dumps(data)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main(argv or [])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("data", "stage"), [
    ({"scheme": "breast_anatomic", "t": "cT2", "n": "cN1", "m": "cM0"}, "IIB"),
    ({"scheme": "colorectal", "t": "pT3", "n": "pN1a", "m": "cM0"}, "IIIB"),
    ({"scheme": "soft_tissue_trunk_extremity", "t": "T2", "n": "N0", "m": "M0",
      "grade": "G3"}, "IIIA"),
    ({"scheme": "soft_tissue_retroperitoneum", "t": "T3", "n": "N1", "m": "M0",
      "grade": "G1"}, "IIIB"),
    ({"scheme": "bone_appendicular", "t": "T1", "n": "N0", "m": "M0", "grade": "GX"}, "IA"),
    ({"scheme": "bone_appendicular", "t": "T2", "n": "N0", "m": "M1a", "grade": "G3"}, "IVA"),
    ({"scheme": "melanoma", "t": "pT0", "n": "pN1b", "m": "cM0"}, "IIIB"),
    ({"scheme": "melanoma", "t": "pT4b", "n": "pN3a", "m": "M0"}, "IIID"),
    ({"scheme": "breast_clinical_prognostic", "t": "cT2", "n": "cN0", "m": "cM0",
      "grade": "G3", "er": "negative", "pr": "negative", "her2": "negative"}, "IIB"),
])
def test_it_answers_the_stage_for_each_scheme(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              data: dict[str, str], stage: str) -> None:
    code, out, err = run(capsys, monkeypatch, data)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"scheme": data["scheme"], "stage": stage, "edition": "AJCC 8"}


def test_it_reads_the_input_file(capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"scheme": "bone_appendicular", "t": "T3", "n": "N0",
                                "m": "M0", "grade": "G2"}), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, "", ["--input", str(path)])
    assert code == 0 and json.loads(out)["stage"] == "III"


@pytest.mark.parametrize(("data", "field"), [
    ({"scheme": "bone_appendicular", "t": "T1", "n": "N0", "m": "M0", "grade": "G1",
      "size": 3}, "size"),
    ({"scheme": "lung", "t": "T1", "n": "N0", "m": "M0"}, "scheme"),
    ({"t": "T1", "n": "N0", "m": "M0"}, "scheme"),
    ({"scheme": "bone_spine", "t": "T1", "n": "N0", "m": "M0", "grade": "G1"}, "scheme"),
    ({"scheme": "bone_pelvis", "t": "T1", "n": "N0", "m": "M0", "grade": "G1"}, "scheme"),
    ({"scheme": "bone_appendicular", "t": "T9", "n": "N0", "m": "M0", "grade": "G1"}, "t"),
    ({"scheme": "melanoma", "t": "T1a", "n": "N1", "m": "M0"}, "n"),
    ({"scheme": "colorectal", "t": "T2", "n": "N0", "m": "M1"}, "m"),
    ({"scheme": "soft_tissue_trunk_extremity", "t": "T2", "n": "N0", "m": "M0",
      "grade": "G5"}, "grade"),
    ({"scheme": "melanoma", "t": 2, "n": "N0", "m": "M0"}, "t"),
    ({"scheme": "breast_pathological_prognostic", "t": "T1", "n": "N0", "m": "M0",
      "grade": "G1", "er": "weak", "pr": "positive", "her2": "negative"}, "er"),
    ({"scheme": "colorectal", "t": "T2", "n": "N0", "m": "M0", "her2": "negative"}, "her2"),
])
def test_it_exits_2_naming_the_field(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch,
                                     data: dict[str, Any], field: str) -> None:
    code, out, err = run(capsys, monkeypatch, data)
    assert code == 2 and out == ""
    report = json.loads(err)
    assert report["field"] == field and report["error"]


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"scheme": NaN}'])
def test_it_refuses_what_is_not_a_json_object(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              text: str) -> None:
    code, out, err = run(capsys, monkeypatch, text)
    assert code == 2 and out == "" and "error" in json.loads(err)


def test_it_runs_as_the_tumorboard_command_without_django() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from tumorboard.cli import main; "
         "code = main(['stage']); "
         "assert not [m for m in sys.modules if m.startswith('django')]; sys.exit(code)"],
        input=json.dumps({"scheme": "melanoma", "t": "T2a", "n": "N0", "m": "M0"}),
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"scheme": "melanoma", "stage": "IB", "edition": "AJCC 8"}
