"""The clinical scores, the screen, staging, the scheduler and the statistics import no
Django, so they can be reused and tested as plain Python."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")
PURE = ["tumorboard.board.intent", "tumorboard.board.plan", "tumorboard.board.quorum",
        "tumorboard.pathways", "tumorboard.pathways.cli", "tumorboard.pathways.screen_cli",
        "tumorboard.pathways.labels", "tumorboard.pathways.score_labels",
        "tumorboard.patients.staging", "tumorboard.patients.staging.cli",
        "tumorboard.clinic.solver", "tumorboard.clinic.solver.cli", "tumorboard.clinic.measures",
        "tumorboard.outcomes.analytics", "tumorboard.outcomes.analytics.cli",
        "tumorboard.outcomes.analytics.funnel", "tumorboard.outcomes.analytics.cusum",
        "tumorboard.outcomes.analytics.aggregate", "tumorboard.outcomes.analytics.risk_model",
        "tumorboard.capacity.theatre", "tumorboard.capacity.theatre.cli",
        "tumorboard.capacity.durations", "tumorboard.capacity.forecast",
        "tumorboard.capacity.fallback", "tumorboard.capacity.demo_people",
        "tumorboard.welfare.means_test", "tumorboard.core.plausibility",
        "tumorboard.network.pooling", "tumorboard.board.timeuse", "tumorboard.fhir.cancer_codes"]


@pytest.mark.parametrize("module", PURE)
def test_it_imports_no_django(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('django')))"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = SRC
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
