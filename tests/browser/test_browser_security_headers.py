"""Under the Content-Security-Policy the pages run without a single violation, and the
behaviour moved out of inline handlers (language switch, print) still works."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_browses_without_csp_violations(page: object) -> None:
    p = page
    violations: list[str] = []
    p.on("console", lambda message: violations.append(  # type: ignore[attr-defined]
        f"{p.url}: {message.text[:120]}") if "Content Security Policy" in message.text else None)
    login(p, "clinician", "demo-clinician-2026")
    p.click("nav >> text=Patients")  # type: ignore[attr-defined]
    p.fill("input[name=q]", "E1000")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"q=E1000"))  # type: ignore[attr-defined]
    p.click("#results a >> nth=0")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/patients/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    p.click("table a >> nth=0")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    # The print button now works through app.js.
    p.evaluate("window.print = () => { window.printed = true; }")  # type: ignore[attr-defined]
    p.click("button[data-print]")  # type: ignore[attr-defined]
    assert p.evaluate("window.printed === true")  # type: ignore[attr-defined]
    for path in ("/outcomes/registry/", "/clinic/", "/board/", "/decisions/report/"):
        p.goto(path)  # type: ignore[attr-defined]
        p.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    p.select_option("#language-form select", "zh-hans")  # type: ignore[attr-defined]
    p.wait_for_selector("html[lang=zh-hans]")  # type: ignore[attr-defined]
    assert violations == []
