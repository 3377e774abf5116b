"""Book a patient into a one-stop clinic day, optimise the day, open her itinerary."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _breast_case(p: Any) -> dict[str, Any]:
    # the session cookie of the logged-in page authenticates these API calls
    response = p.request.get("/api/v1/cases?pathway=breast&site=EAST&page_size=50")
    assert response.ok, response.text()
    items = response.json()["items"]
    # a conserving (or undecided) case needs no plastic surgeon: the demo may have none
    case = next((c for c in items if c["details"].get("planned_surgery") != "mastectomy"),
                items[0])
    return dict(case)


def _remove_uncovered_consults(p: Any, day_id: str) -> None:
    """The coordinator drops consults no clinician of the day can take (adjusting the list
    in the UI); with the demo clinic's clinicians loaded nothing is dropped."""
    sessions = p.request.get(f"/api/v1/clinic/days/{day_id}").json()["sessions"]
    covered = {s["specialty"] for s in sessions}
    for _ in range(10):  # each removal reloads the page: read the rows afresh
        rows = p.locator("#consults tbody tr")
        needs = [rows.nth(i).locator("td:nth-child(3)").get_attribute("data-specialties") or ""
                 for i in range(rows.count())]
        uncovered = [i for i, text in enumerate(needs) if not set(text.split()) <= covered]
        if not uncovered:
            return
        with p.expect_navigation():
            rows.nth(uncovered[0]).locator("button:has-text('Remove')").click()


def test_it_books_optimises_and_prints_the_itinerary(page: Any, tmp_path: Any) -> None:
    p = page
    login(p, "coordinator", "demo-coordinator-2026")
    case = _breast_case(p)
    # a day of its own, far enough ahead not to meet the demo's own clinic days
    date = dt.date.today() + dt.timedelta(days=200)
    p.goto("/clinic/")
    p.select_option("#day-form select[name=site]", "EAST")
    p.select_option("#day-form select[name=pathway]", "breast")
    p.fill("#day-form input[name=date]", date.isoformat())
    p.click("#day-form button[type=submit]")
    p.wait_for_url(re.compile(r"/clinic/days/[0-9a-f-]{36}/$"))
    day_url = p.url
    day_id = day_url.rstrip("/").split("/")[-1]
    assert p.locator("svg.clinic-timeline .clinician-row").count() >= 1

    p.goto(f"/cases/{case['id']}/")
    p.locator("#clinic").scroll_into_view_if_needed()  # the panel loads when it is seen
    p.wait_for_selector("#clinic-book-form")
    p.select_option("#clinic-book-form select[name=day]", day_id)
    p.fill("#clinic-book-form input[name=arrival]", "08:00")
    p.click("#clinic-book-form button[type=submit]")
    p.wait_for_url(re.compile(r"/clinic/bookings/[0-9a-f-]{36}/$"))
    assert p.locator("#consults tbody tr").count() >= 3
    _remove_uncovered_consults(p, day_id)
    assert p.locator("#consults tbody tr").count() >= 2

    p.goto(day_url)
    assert p.locator("#not-optimised").count() == 1
    p.click("#optimise-button")  # htmx swaps the schedule section in place
    p.wait_for_selector("#wait-after", timeout=30000)
    assert re.fullmatch(r"\d+\.\d", p.locator("#wait-before").inner_text().strip())
    assert p.locator("svg.clinic-timeline .appointment").count() >= 2
    # on a common 1366-px laptop screen the whole day shows, up to 17:00, without scrolling
    p.set_viewport_size({"width": 1366, "height": 800})
    box = p.locator(".timeline-scroll:has(svg.clinic-timeline)")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), box.evaluate(
        "e => [e.scrollWidth, e.clientWidth]")
    # printed, the day sheet is A4 landscape (a day runs left to right) ...
    sheet = PdfReader(io.BytesIO(p.pdf(prefer_css_page_size=True)))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in sheet.pages]
    assert all(width > height for width, height in sizes), sizes
    # ... and on it (297 mm less 2 x 12 mm margins, 1032 px) the whole day fits the width,
    # its labels about 10 px high (7 px on portrait)
    p.emulate_media(media="print")
    p.set_viewport_size({"width": 1032, "height": 700})
    printed = p.locator("svg.clinic-timeline").evaluate("e => e.getBoundingClientRect().right")
    assert printed <= 1032, printed
    label = p.locator("svg.clinic-timeline text >> nth=0").evaluate(
        "e => e.getBoundingClientRect().height")
    assert label >= 9, label
    p.emulate_media(media="screen")
    p.set_viewport_size({"width": 1280, "height": 720})
    p.screenshot(path=str(tmp_path) + "/clinic-day.png", full_page=True)

    p.click("#bookings a:has-text('Itinerary') >> nth=0")
    p.wait_for_url(re.compile(r"/itinerary/$"))
    # the itinerary speaks the patient's language (its own lang), the page the reader's
    lang = p.locator("#itinerary").get_attribute("lang")
    assert lang in {"en", "zh-hans"}
    assert p.locator("#disclaimer").inner_text().strip()
    times = p.locator("#itinerary-lines tbody td:first-child").all_inner_texts()
    assert any(re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", t.strip()) for t in times), times
    if lang == "en":
        assert "not medical advice" in p.locator("#disclaimer").inner_text()
    else:
        assert "不构成医疗建议" in p.locator("#disclaimer").inner_text()
    p.screenshot(path=str(tmp_path) + "/itinerary.png", full_page=True)
