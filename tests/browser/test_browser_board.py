"""The MDT cycle end to end in Chromium: set up a board, list a case from its page, triage it,
open the session, check the board in on one screen, sign, write and send the letters, mark an
action done, record the operation (which closes "operation within N days"), and see the
board's "preserving intent kept" count it."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
BOARD = "Browser test breast board"
SITE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the demo sites' clock
RECONSTRUCTION = "breast_immediate_reconstruction"


def _create_board_and_meeting(p: Any) -> None:
    login(p, "admin", "demo-admin-2026")
    p.goto("/board/new/?site=EAST")
    p.fill("#id_name", BOARD)
    p.select_option("#id_tumour_group", "breast")
    p.select_option("#id_weekday", "2")
    p.fill("#id_start_time", "08:00")
    p.fill("#id_listing_deadline_hours", "0")
    p.select_option("#id_chair", label="林敏")  # by name, never the account name
    p.check("input[name=core_specialties][value=breast_surgery]")
    p.check("input[name=core_specialties][value=nursing]")
    p.click("#board-form button[type=submit]")
    p.wait_for_url(re.compile(r"/board/boards/[0-9a-f-]{36}/$"))
    # In an hour, site time: the session may be opened from two hours before the start.
    when = dt.datetime.now(SITE_ZONE) + dt.timedelta(hours=1)
    p.fill("#extra-meeting", when.strftime("%Y-%m-%dT%H:%M"))
    p.click("form:has(#extra-meeting) button")
    p.wait_for_selector("text=meeting room")
    p.click("text=Log out")
    p.wait_for_url("**/accounts/login/**")


def _case_with_reconstruction_raised(p: Any) -> str:
    found = p.request.get("/api/v1/cases?pathway=breast&site=EAST&status=follow_up").json()
    for item in found["items"]:
        support = p.request.get(f"/api/v1/cases/{item['id']}/decision-support").json()
        options = ((support.get("screening") or {}).get("result") or {}).get("options", [])
        if any(o.get("code") == RECONSTRUCTION and o.get("status") in ("offer", "discuss")
               for o in options):
            return str(item["id"])
    pytest.skip("no demo breast case with immediate reconstruction raised")


def _reveal_mdt_panel(p: Any) -> None:
    """The case page loads its MDT panel when it scrolls into view (htmx 'revealed')."""
    p.locator("#mdt").scroll_into_view_if_needed()
    p.wait_for_selector("#list-for-mdt, #mdt-history")


def _post_json(p: Any, url: str, body: dict[str, Any]) -> Any:
    token = next(c["value"] for c in p.context.cookies() if c["name"] == "csrftoken")
    return p.request.post(url, data=body, headers={"X-CSRFToken": token,
                                                   "Referer": p.url})


def test_it_runs_the_mdt_cycle_to_intent_kept(page: Any, tmp_path: Any) -> None:
    p = page
    _create_board_and_meeting(p)
    login(p, "clinician", "demo-clinician-2026")
    case_id = _case_with_reconstruction_raised(p)
    p.goto(f"/cases/{case_id}/")
    _reveal_mdt_panel(p)
    form = p.locator("#list-for-mdt")
    option = form.locator(f"option:has-text('{BOARD}')").first
    form.locator("select[name=meeting]").select_option(option.get_attribute("value"))
    form.locator("textarea[name=question]").fill("Immediate reconstruction?")
    form.locator("select[name=urgency]").select_option("urgent")
    form.locator("button[type=submit]").click()
    p.wait_for_url(re.compile(r"/cases/"))
    _reveal_mdt_panel(p)
    p.wait_for_selector("#mdt-history >> text=Immediate reconstruction?")

    # Triage (the clinician chairs the board), then open the session.
    p.click(f"#mdt-history a:has-text('{BOARD}')")
    p.click("text=Meeting room")
    p.wait_for_url(re.compile(r"/room/$"))
    room = p.url
    p.click("#triage-link")
    row = p.locator("#triage-list tr", has_text="Immediate reconstruction?")
    row.locator("select[name=triage]").select_option("full_discussion")
    row.locator("button").click()
    p.wait_for_selector("#triage-list >> text=Immediate reconstruction?")
    p.goto(room)
    p.click("#open-session")
    p.wait_for_selector("#meeting-status >> text=In session")

    # One-screen check-in: the chair, and the coordinator recorded as the specialist nurse.
    assert p.locator("[data-quorate=no]").count() == 1
    p.click("#check-in")
    for name, specialty in (("林敏", None), ("周琳", "nursing")):
        member = p.locator("#check-in-form tbody tr").filter(
            has=p.locator(f"td:text-matches('^{name}')"))
        member.locator("select[name$=_presence]").select_option("present")
        if specialty:
            member.locator("select[name$=_specialty]").select_option(specialty)
    p.click("#save-check-in")
    p.wait_for_url(re.compile(r"/room/$"))
    assert p.locator("[data-quorate=yes]").count() == 1
    p.screenshot(path=str(tmp_path) + "/room.png", full_page=True)

    row = p.locator("#room-cases tr", has_text="Immediate reconstruction?")
    row.locator("button:has-text('Recommendation')").click()
    p.wait_for_url(re.compile(r"/board/recommendations/[0-9a-f-]{36}/$"))
    p.fill("#discussion_summary", "Discussed with plastic surgery.")
    p.select_option("#intent", "curative")
    p.select_option("#plan_1_modality", "surgery")
    p.fill("#plan_1_detail", "mastectomy with immediate reconstruction")
    p.select_option("#plan_2_modality", "adjuvant_therapy")
    p.select_option("#plan_3_modality", "surveillance")
    for select in p.locator("select[id^=option_]").all():
        select.select_option("offered_accepted")
    p.select_option("#trial_consideration", "no_trial_available")
    p.click("#sign-off")
    p.wait_for_selector("#signed-recommendation")
    assert "mastectomy with immediate reconstruction" in p.locator("#plan").inner_text()
    assert "clinician" not in p.locator("#signed-recommendation").inner_text()

    # Letters: written, downloaded, marked sent.
    p.click("#write-letters")
    p.wait_for_selector("a.letter-patient")
    with p.expect_download() as info:
        p.click("a.letter-patient")
    target = str(tmp_path) + "/" + info.value.suggested_filename
    info.value.save_as(target)
    with open(target, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    p.locator("button.mark-sent").first.click()
    p.wait_for_selector("#letters >> text=Sent")

    # An action done before it is due; the operation closes the operation action.
    p.goto("/board/actions/?show=all")
    action_row = p.locator(f"#open-actions tr:has(a[href*='{case_id}'])",
                           has_text="Surveillance imaging in 3 months")
    action_row.first.locator(".done-form button").click()
    p.wait_for_selector("text=Action marked done.")
    mine = f"#open-actions tr:has(a[href*='{case_id}'])"
    p.goto("/board/actions/?show=all")
    assert p.locator(mine, has_text="mastectomy with immediate").count() == 1
    today = dt.datetime.now(SITE_ZONE).date().isoformat()
    response = _post_json(p, f"/api/v1/cases/{case_id}/operations", {
        "date": today, "procedure": "MAST", "intent": "curative",
        "reconstruction": "immediate", "reconstruction_type": "implant"})
    assert response.status == 201, response.text()
    p.goto("/board/actions/?show=all")
    assert p.locator(mine, has_text="mastectomy with immediate").count() == 0

    # The board's measure counts the kept intent, with the case behind it.
    p.goto("/board/")
    p.click(f"text={BOARD}")
    assert p.locator("#intent-kept-share").inner_text() == "100%"
    assert p.locator("#intent-kept-cases li").count() == 1
