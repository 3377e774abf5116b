"""The registry dashboard and a case's outcomes panel in a real browser (demo data)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_shows_the_dashboard_charts_and_a_case_panel(page: object) -> None:
    p = page
    login(p, "clinician", "demo-clinician-2026")
    p.goto("/outcomes/registry/?pathway=breast&site=EAST")  # type: ignore[attr-defined]
    # the charts arrive after the page, each on its own request
    p.wait_for_selector("#os figure.km-chart svg")  # type: ignore[attr-defined]
    chart = p.locator("#os figure.km-chart svg")  # type: ignore[attr-defined]
    assert chart.count() == 1
    assert "Number at risk" in chart.text_content()
    assert p.locator("#rates tr#rate-reconstruction").count() == 1  # type: ignore[attr-defined]
    # A case lacking follow-up: record an event dated before its diagnosis, without JS help.
    p.locator("#lacking-follow-up a").first.click()  # type: ignore[attr-defined]
    # The outcomes panel loads when it is seen.
    p.locator("#outcomes").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    p.wait_for_selector("#follow-up-form", state="attached")  # type: ignore[attr-defined]
    p.locator("#outcomes summary", has_text="Record a follow-up event").click()  # type: ignore[attr-defined]
    p.fill("#follow-up-form input[name=fu-date]", "1990-01-01")  # type: ignore[attr-defined]
    p.select_option("#follow-up-form select[name=fu-type]", "last_contact")  # type: ignore[attr-defined]
    p.click("#follow-up-form button[type=submit]")  # type: ignore[attr-defined]
    error = p.locator("#follow-up-form .field.has-error .error")  # type: ignore[attr-defined]
    assert "before the diagnosis" in error.inner_text()
    p.goto("/outcomes/registry/?pathway=rectum&stage=II")  # type: ignore[attr-defined]
    assert p.locator("#rate-sphincter_preserved .proportion").count() == 1  # type: ignore[attr-defined]
