"""A clinic day run from the pages: book, optimise, check in at the desk, call the patient
from the tablet (the queue screen shows her number), start and finish the consult late, and
see the day re-planned from what happened."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.browser.conftest import login
from tests.browser.test_browser_clinic import _breast_case, _remove_uncovered_consults

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _new_day(p: Any) -> tuple[str, str]:
    # a day of its own, away from the demo's days and the other clinic browser test's
    date = dt.date.today() + dt.timedelta(days=250)
    p.goto("/clinic/")
    p.select_option("#day-form select[name=site]", "EAST")
    p.select_option("#day-form select[name=pathway]", "breast")
    p.fill("#day-form input[name=date]", date.isoformat())
    p.click("#day-form button[type=submit]")
    p.wait_for_url(re.compile(r"/clinic/days/[0-9a-f-]{36}/$"))
    return p.url, p.url.rstrip("/").split("/")[-1]


def _book(p: Any, case: dict[str, Any], day_id: str) -> None:
    p.goto(f"/cases/{case['id']}/panels/clinic/")
    p.select_option("#clinic-book-form select[name=day]", day_id)
    p.fill("#clinic-book-form input[name=arrival]", "08:00")
    p.click("#clinic-book-form button[type=submit]")
    p.wait_for_url(re.compile(r"/clinic/bookings/[0-9a-f-]{36}/$"))
    _remove_uncovered_consults(p, day_id)


def test_it_runs_a_day_from_check_in_to_a_replanned_over_run(page: Any) -> None:
    p = page
    login(p, "coordinator", "demo-coordinator-2026")
    day_url, day_id = _new_day(p)
    _book(p, _breast_case(p), day_id)
    p.goto(day_url)
    p.click("#optimise-button")
    p.wait_for_selector("#wait-after", timeout=30000)

    p.click("#desk-link")
    p.wait_for_url(re.compile(r"/desk/$"))
    row = p.locator("#desk-rows tbody tr").first
    row.locator("form.check-in input[name=at]").fill("08:00")
    with p.expect_navigation():
        row.locator("form.check-in button").click()
    assert p.locator("#desk-rows tbody tr").first.locator("td.ticket").inner_text() == "1"

    p.goto(f"/clinic/days/{day_id}/tablet/?session=")  # everyone's consults
    first = p.locator("#tablet-lines tbody tr").first
    first.locator("form.call input[name=at]").evaluate("(e) => e.value = '08:00'")
    with p.expect_navigation():
        first.locator("form.call button").click()
    state = p.locator("#tablet-lines tbody tr").first.locator("td.state").inner_text()
    assert "called" in state, (state, p.locator("#tablet-error").all_inner_texts())
    p.goto(f"/clinic/days/{day_id}/queue/")
    calling = p.locator(".room .calling .ticket")
    assert calling.count() == 1, p.locator("#queue").inner_html()
    assert calling.first.inner_text().strip() == "1"

    p.goto(f"/clinic/days/{day_id}/tablet/?session=")  # everyone's consults
    first = p.locator("#tablet-lines tbody tr").first
    planned = first.locator("td").first.inner_text().strip()  # starts as planned
    first.locator("form.start input[name=at]").fill(planned)
    with p.expect_navigation():
        first.locator("form.start button").click()
    first = p.locator("#tablet-lines tbody tr").first
    state = first.locator("td.state").inner_text()
    assert "in consult" in state, (planned, state, p.locator("#tablet-error").all_inner_texts())
    hour, minute = map(int, planned.split(":"))
    late = f"{hour + 1:02d}:{minute:02d}"  # an hour later: a long over-run
    first.locator("form.finish input[name=at]").fill(late)
    with p.expect_navigation():
        first.locator("form.finish button").click()
    assert "done" in p.locator("#tablet-lines tbody tr").first.locator("td.state").inner_text()

    p.goto(day_url)
    line = p.locator("#run-line").inner_text()
    assert "re-planned" in line and "a consult finished" in line, line
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", line)
