"""The pathways core must import nothing from Django, directly or indirectly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_imports_without_django() -> None:
    code = ("import sys, tumorboard.pathways, tumorboard.pathways.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True,
                          timeout=60)
    assert done.stdout.strip() == "[]"
