"""An MDT meeting end to end in Chromium: set up a board, list a case from its page, run the
meeting (attendance, quorum, recommendation), sign off and download the patient letter."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
BOARD = "Browser test breast board"


def _create_board_and_meeting(p: object) -> None:
    login(p, "admin", "demo-admin-2026")
    p.goto("/board/new/?site=EAST")  # type: ignore[attr-defined]
    p.fill("#id_name", BOARD)  # type: ignore[attr-defined]
    p.select_option("#id_tumour_group", "breast")  # type: ignore[attr-defined]
    p.select_option("#id_weekday", "2")  # type: ignore[attr-defined]
    p.fill("#id_start_time", "08:00")  # type: ignore[attr-defined]
    p.fill("#id_listing_deadline_hours", "1")  # type: ignore[attr-defined]
    p.select_option("#id_chair", label="clinician")  # type: ignore[attr-defined]
    p.check("input[name=core_specialties][value=breast_surgery]")  # type: ignore[attr-defined]
    p.check("input[name=core_specialties][value=nursing]")  # type: ignore[attr-defined]
    p.click("#board-form button[type=submit]")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/board/boards/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    when = (dt.datetime.now() + dt.timedelta(days=3)).replace(hour=8, minute=0)
    p.fill("#extra-meeting", when.strftime("%Y-%m-%dT%H:%M"))  # type: ignore[attr-defined]
    p.click("form:has(#extra-meeting) button")  # type: ignore[attr-defined]
    p.wait_for_selector("text=meeting room")  # type: ignore[attr-defined]
    p.click("text=Log out")  # type: ignore[attr-defined]
    p.wait_for_url("**/accounts/login/**")  # type: ignore[attr-defined]


def test_it_lists_runs_signs_and_writes_the_letter(page: object, tmp_path: object) -> None:
    p = page
    _create_board_and_meeting(p)
    login(p, "clinician", "demo-clinician-2026")
    found = p.request.get(  # type: ignore[attr-defined]
        "/api/v1/cases?pathway=breast&site=EAST&status=follow_up").json()
    case_id = found["items"][0]["id"]
    p.goto(f"/cases/{case_id}/")  # type: ignore[attr-defined]
    form = p.locator("#list-for-mdt")  # type: ignore[attr-defined]
    option = form.locator(f"option:has-text('{BOARD}')").first
    form.locator("select[name=meeting]").select_option(option.get_attribute("value"))
    form.locator("textarea[name=question]").fill("Immediate reconstruction?")
    form.locator("button[type=submit]").click()
    p.wait_for_selector("#mdt-history >> text=Immediate reconstruction?")  # type: ignore[attr-defined]

    p.click(f"#mdt-history a:has-text('{BOARD}')")  # type: ignore[attr-defined]
    p.click("text=Meeting room")  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/room/$"))  # type: ignore[attr-defined]
    assert p.locator("[data-quorate=no]").count() == 1  # type: ignore[attr-defined]
    for name in ("林敏", "周琳"):  # the demo's clinician and coordinator, shown by name
        value = p.locator(  # type: ignore[attr-defined]
            f"#add-attendee option:text-matches('^{name}( |$)')").get_attribute("value")
        p.select_option("#add-attendee select", value)  # type: ignore[attr-defined]
        p.click("#add-attendee button")  # type: ignore[attr-defined]
        p.wait_for_selector(f"#attendance td:text-is('{name}')")  # type: ignore[attr-defined]
    assert p.locator("[data-quorate=yes]").count() == 1  # type: ignore[attr-defined]
    p.screenshot(path=str(tmp_path) + "/room.png", full_page=True)  # type: ignore[attr-defined]

    row = p.locator("#room-cases tr", has_text="Immediate reconstruction?")  # type: ignore[attr-defined]
    row.locator("button:has-text('Recommendation')").click()
    p.wait_for_url(re.compile(r"/board/recommendations/[0-9a-f-]{36}/$"))  # type: ignore[attr-defined]
    p.fill("#discussion_summary", "Discussed with plastic surgery.")  # type: ignore[attr-defined]
    p.select_option("#intent", "curative")  # type: ignore[attr-defined]
    p.select_option("#plan_1_modality", "surgery")  # type: ignore[attr-defined]
    p.fill("#plan_1_detail", "mastectomy with immediate reconstruction")  # type: ignore[attr-defined]
    p.select_option("#plan_2_modality", "adjuvant_therapy")  # type: ignore[attr-defined]
    for select in p.locator("select[id^=option_]").all():  # type: ignore[attr-defined]
        select.select_option("offered_accepted")
    p.select_option("#trial_consideration", "no_trial_available")  # type: ignore[attr-defined]
    p.click("#sign-off")  # type: ignore[attr-defined]
    p.wait_for_selector("#signed-recommendation")  # type: ignore[attr-defined]
    assert "mastectomy with immediate reconstruction" in p.locator("#plan").inner_text()  # type: ignore[attr-defined]

    p.click("#write-letters")  # type: ignore[attr-defined]
    p.wait_for_selector("a.letter-patient")  # type: ignore[attr-defined]
    with p.expect_download() as info:  # type: ignore[attr-defined]
        p.click("a.letter-patient")  # type: ignore[attr-defined]
    download = info.value
    target = str(tmp_path) + "/" + download.suggested_filename
    download.save_as(target)
    with open(target, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.suggested_filename.startswith("mdt-patient-letter-v1-")
