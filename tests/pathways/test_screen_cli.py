"""`tumorboard screen` (contracts/screen.md): JSON in, the contract's JSON out; bad input
exits 2 with {"error", "field"} on stderr and nothing on stdout."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tumorboard.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["screen", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_it_screens_a_case_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    case = {"pathway": "bone_metastasis", "frankel": "C",
            "spinal_lesions": [{"level": "T5", "bilsky": "1a"}]}
    code, out, err = run([], json.dumps(case), monkeypatch, capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    urgent = next(o for o in result["options"] if o["code"] == "spine_urgent_assessment")
    assert (urgent["status"], urgent["urgent"], urgent["must_discuss"]) == ("offer", True, True)


def test_it_reads_input_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"pathway": "sarcoma", "limb": True}), encoding="utf-8")
    code, out, _ = run(["--input", str(path)], "", monkeypatch, capsys)
    assert code == 0 and json.loads(out)["pathway"] == "sarcoma"


@pytest.mark.parametrize(("stdin", "field"), [
    ('{"pathway": "rectum", "colour": "red"}', "colour"),
    ('{"pathway": "rectum", "neoadjuvant_response": "cCR"}', "neoadjuvant_response"),
    ('{"pathway": "rectum", "emvi": "yes"}', "emvi"),
    ('{"pathway": "bone_metastasis", "tokuhashi": {"kps": 35}}', "tokuhashi.kps"),
    ('{"pathway": ', None),
    ('{"pathway": "rectum", "bmi": NaN}', None),
    ('[1, 2]', None),
])
def test_it_exits_2_naming_the_field(stdin: str, field: str | None,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], stdin, monkeypatch, capsys)
    assert (code, out) == (2, "")
    error = json.loads(err)
    assert set(error) == {"error", "field"} and error["field"] == field


def test_it_runs_as_the_console_command() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tumorboard.cli import main; sys.exit(main())",
         "screen"], input='{"pathway": "melanoma", "breslow_mm": "thick"}', text=True,
        capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60,
        check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert json.loads(done.stderr)["field"] == "breslow_mm"
