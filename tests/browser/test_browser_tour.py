"""The README's five-minute tour, walked in Chromium as a newcomer walks it after `make demo`:
each demo user in turn, in English and in 中文, every step asserting what the tour says the
page shows, so that the tour cannot silently rot.

With TUMORBOARD_TOUR_SHOTS=<directory> each step also saves a full-page screenshot there as
NN-name.png (1280 pixels wide, reduced to a palette so the README's images stay small):
`TUMORBOARD_TOUR_SHOTS=docs/tour .venv/bin/pytest tests/browser/test_browser_tour.py`.
Without it the tour takes no screenshot and writes nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_browser_clinic import _remove_uncovered_consults

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SHOTS = os.environ.get("TUMORBOARD_TOUR_SHOTS", "")
WIDTH = 1280
RECONSTRUCTION = "breast_immediate_reconstruction"
UUID_PATH = r"[0-9a-f-]{36}/$"
# Before follow-up: the MDT browser test takes a follow-up case through the board.
OPEN = ("referred", "work_up", "discussed", "in_treatment")


def _t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def _shot(p: Any, name: str) -> None:
    """Save the whole page as SHOTS/name.png, as a 128-colour palette PNG."""
    if not SHOTS:
        return
    from PIL import Image

    target = Path(SHOTS) / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(target), full_page=True)
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(target, optimize=True)


def _sign_in(p: Any, username: str, language: str = "en") -> None:
    login(p, username, f"demo-{username.split('.')[0]}-2026")  # the README's passwords
    if p.locator("html").get_attribute("lang") != language:
        with p.expect_navigation():
            p.select_option("#language-form select", language)
    assert p.locator("html").get_attribute("lang") == language


def _sign_out(p: Any) -> None:
    with p.expect_navigation():
        p.locator("form[action='/accounts/logout/'] button").click()


def _heading(p: Any) -> str:
    return str(p.locator("main h1").first.inner_text()).strip()


def _open_in_chinese(p: Any, username: str, url: str, heading: str) -> None:
    _sign_in(p, username, "zh-hans")
    p.goto(url)
    assert _heading(p) == _t("zh-hans", heading)


def _tour_case(p: Any) -> tuple[str, str]:
    """(case id, hospital number) of an open demo breast case at EAST whose screen offers
    immediate reconstruction: the case the tour opens, books and follows."""
    found = p.request.get("/api/v1/cases?pathway=breast&site=EAST&page_size=200").json()
    for item in found["items"]:
        if item["status"] not in OPEN:
            continue
        support = p.request.get(f"/api/v1/cases/{item['id']}/decision-support").json()
        options = ((support.get("screening") or {}).get("result") or {}).get("options", [])
        if any(o.get("code") == RECONSTRUCTION and o.get("status") == "offer" for o in options):
            patient = p.request.get(f"/api/v1/patients/{item['patient']}").json()
            return str(item["id"]), str(patient["mrn"])
    pytest.fail("no open demo breast case at EAST is offered immediate reconstruction")


def _load_panels(p: Any) -> None:
    """The case page loads each capability's panel when it scrolls into view (htmx)."""
    for _ in range(10):
        anchors = p.eval_on_selector_all("section.lazy-panel", "els => els.map(e => e.id)")
        if not anchors:
            return
        # Scroll by script: a panel already revealed may be swapped out (outerHTML) between
        # finding it and scrolling to it, and a locator on it would then be detached.
        p.evaluate("id => document.getElementById(id)?.scrollIntoView()", anchors[0])
        p.wait_for_selector(f"section.lazy-panel#{anchors[0]}", state="detached")
    assert p.locator("section.lazy-panel").count() == 0


def _clinician_dashboard_search_case(p: Any) -> tuple[str, str]:
    _sign_in(p, "clinician")
    assert _heading(p) == "Dashboard"
    assert int(p.locator("#headline-raised").inner_text()) > 0
    assert p.locator("#board-measures tbody tr").count() >= 1
    _shot(p, "01-dashboard")

    case_id, mrn = _tour_case(p)
    p.click("nav >> text=Patients")
    p.fill("input[name=q]", mrn)
    p.wait_for_url(re.compile(f"q={mrn}"))  # htmx searches as the user types
    assert p.locator("#results td.mono").all_inner_texts() == [mrn]
    _shot(p, "02-patient-search")
    p.click("#results a >> nth=0")
    p.wait_for_url(re.compile(r"/patients/" + UUID_PATH))
    p.click(f"a[href='/cases/{case_id}/']")
    p.wait_for_url(re.compile(r"/cases/" + UUID_PATH))

    banner = p.locator("#patient-banner").inner_text()
    assert mrn in banner and "East River Cancer Centre" in banner and "years" in banner
    assert p.locator("main h2", has_text="Summary").count() == 1
    assert p.locator("#clinical-stage").inner_text().strip() not in ("", "—")
    _load_panels(p)
    offer = p.locator(f"#decision-support #option-{RECONSTRUCTION}")
    assert offer.count() == 1 and "Offer" in offer.locator(".option-status").inner_text()
    assert "Source" in offer.inner_text()
    _shot(p, "03-case")
    _sign_out(p)
    return case_id, mrn


def _coordinator_agenda_and_clinic(p: Any, case_id: str) -> None:
    _sign_in(p, "coordinator")
    p.click("nav >> text=MDT boards")
    agendas = [a.get_attribute("href") for a in
               p.locator("main li a", has_text=re.compile(r"^Breast MDT · ")).all()]
    for href in agendas[:2]:  # the demo lists its cases on the next meeting 3 days ahead
        p.goto(href)
        if p.locator("article.agenda-item").count():
            break
    items = p.locator("article.agenda-item")
    assert items.count() >= 2
    assert items.first.locator("li[data-check]").count() >= 4  # the readiness checklist
    assert p.locator("#agenda-pdf").count() == 1
    _shot(p, "04-mdt-agenda")

    p.click("nav >> text=Clinic")
    # the demo's next one-stop clinic day (last week's days come first, greyed)
    p.click("#clinic-days tbody tr:not(.past) a >> nth=0")
    p.wait_for_url(re.compile(r"/clinic/days/" + UUID_PATH))
    day_url = p.url
    day_id = day_url.rstrip("/").split("/")[-1]
    p.goto(f"/cases/{case_id}/")
    p.locator("#clinic").scroll_into_view_if_needed()
    p.wait_for_selector("#clinic-book-form")
    p.select_option("#clinic-book-form select[name=day]", day_id)
    p.fill("#clinic-book-form input[name=arrival]", "08:00")
    p.click("#clinic-book-form button[type=submit]")
    p.wait_for_url(re.compile(r"/clinic/bookings/" + UUID_PATH))
    _remove_uncovered_consults(p, day_id)
    p.goto(day_url)
    p.click("#optimise-button")  # htmx swaps the optimised schedule in place
    p.wait_for_selector("svg.clinic-timeline .appointment", timeout=30000)
    assert p.locator("svg.clinic-timeline .clinician-row").count() >= 2
    assert p.locator("#bookings tbody tr").count() >= 1
    _shot(p, "05-clinic-day")
    _sign_out(p)


def _auditor_registry_and_network(p: Any) -> None:
    _open_in_chinese(p, "auditor", "/outcomes/registry/?pathway=breast", "Outcomes registry")
    # the charts arrive after the page, each on its own request
    p.wait_for_selector("#os figure.km-chart svg")
    expect(p.locator("figure.km-chart > p.muted")).to_have_count(0)  # every chart drawn
    assert _t("zh-hans", "Number at risk") in p.locator("#os figure.km-chart svg").text_content()
    assert p.locator("#rates tr#rate-reconstruction").count() == 1
    _shot(p, "06-registry-zh")

    with p.expect_navigation():
        p.select_option("#language-form select", "en")
    p.click("nav >> text=Network audit")
    assert _heading(p) == "Network audit"
    assert p.locator("section.indicator figure.funnel svg").count() >= 1
    assert p.locator("section.indicator table tbody tr").count() >= 1
    _shot(p, "07-network-audit")
    _sign_out(p)


def _welfare_home(p: Any) -> None:
    _open_in_chinese(p, "welfare", "/welfare/", "Welfare programme")
    assert p.locator("#applications tbody tr").count() >= 3
    assert p.locator("#find-patient input[name=mrn]").count() == 1
    _shot(p, "08-welfare-zh")
    _sign_out(p)


def _staff_administration(p: Any) -> None:
    _open_in_chinese(p, "admin", "/accounts/staff/", "Staff")
    assert p.locator("#staff tbody tr").count() >= 10
    assert p.locator("#staff tbody tr", has_text="周琳").count() == 1  # the coordinator, by name
    assert p.locator("main a.button.primary[href='/accounts/staff/new/']").count() == 1
    _shot(p, "09-staff-zh")
    _sign_out(p)


def test_it_walks_the_readme_tour(page: Any) -> None:
    p = page
    p.set_viewport_size({"width": WIDTH, "height": 900})
    case_id, _mrn = _clinician_dashboard_search_case(p)
    _coordinator_agenda_and_clinic(p, case_id)
    _auditor_registry_and_network(p)
    _welfare_home(p)
    _staff_administration(p)
