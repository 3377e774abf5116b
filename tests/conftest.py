from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leave proof of which database the suite ran on, and its counts, for .ci/run."""
    report = os.environ.get("TUMORBOARD_DB_REPORT")
    if not report or hasattr(session.config, "workerinput"):
        return
    from django.db import connection

    stats = session.config.pluginmanager.get_plugin("terminalreporter").stats

    def count(outcome: str) -> int:
        # Only test reports: subtests and setup errors add extra entries of their own.
        return sum(1 for r in stats.get(outcome, []) if getattr(r, "when", "call") == "call"
                   and not getattr(r, "context", None))

    failed = count("failed") + len(stats.get("error", []))
    Path(report).write_text(
        f"{connection.vendor} {session.testscollected} {count('passed')} {failed} "
        f"{count('skipped')}\n")


@pytest.fixture(autouse=True)
def _start_in_the_default_language() -> object:
    """A request through the test client leaves its language active on the thread; the next
    test on the same worker must not inherit another test's Chinese."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
