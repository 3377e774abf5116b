from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_logs_in_searches_opens_a_case_and_switches_to_chinese(page: object,
                                                                    tmp_path: object) -> None:
    p = page
    login(p, "clinician", "demo-clinician-2026")
    assert p.locator("h1").inner_text() == "Dashboard"  # type: ignore[attr-defined]
    p.click("nav >> text=Patients")  # type: ignore[attr-defined]
    p.fill("input[name=q]", "E1000")  # type: ignore[attr-defined]
    # htmx replaces the results as the user types, and pushes the query into the URL
    p.wait_for_url(re.compile(r"q=E1000"))  # type: ignore[attr-defined]
    mrns = p.locator("#results td.mono").all_inner_texts()  # type: ignore[attr-defined]
    assert mrns and all(mrn.startswith("E1000") for mrn in mrns), mrns
    p.click("#results a >> nth=0")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/patients/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    p.click("table a >> nth=0")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    assert p.locator("text=Stage (AJCC 8th)").count() == 1  # type: ignore[attr-defined]
    p.select_option("#language-form select", "zh-hans")  # type: ignore[attr-defined]
    p.wait_for_load_state()  # type: ignore[attr-defined]
    p.wait_for_selector("html[lang=zh-hans]")  # type: ignore[attr-defined]
    text = p.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "分期" in text and "病理" in text  # Stage, pathological
    assert "Status history" not in text
    p.screenshot(path=str(tmp_path) + "/case-zh.png", full_page=True)  # type: ignore[attr-defined]
