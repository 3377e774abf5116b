"""Bad input through the pages and the API (issue 16, "Bad input"): a session outside its day
(ending before it starts, a year outside the accepted range), a case put into another
surgeon's session, a P1 without a target date. Each is refused naming the field - on a page
next to that field (422), in the API as a 422 whose "field" names it - and nothing is
written. A refused on-the-day record shows its error next to the field too, not in a
message after a redirect."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from tests.base import BaseTestCase, make_case, make_patient
from tests.capacity import helpers
from tumorboard.capacity import planning
from tumorboard.capacity.models import (
    DayRecord,
    PlannedCase,
    PlanRun,
    TheatreSession,
    WaitingListEntry,
)


def field_error(html: str, name: str) -> str:
    """The error text shown in the same field block as the input called ``name`` ("" when
    that block shows none)."""
    at = html.find(f'name="{name}"')
    start = html.rfind('class="field', 0, at)
    if at < 0 or not html.startswith('class="field has-error"', start):
        return ""
    end = min(i for i in (html.find('class="field', at), html.find("<button", at), len(html))
              if i >= 0)
    return re.sub(r"<[^>]+>", " ", html[start:end].split('class="error"', 1)[-1])


class CapacityBadInputTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.wang = helpers.surgeon("surgeon.wang", "王", "建国")
        cls.li = helpers.surgeon("surgeon.li", "李", "明")
        cls.dept = helpers.department(cls.site)
        cls.monday = helpers.next_monday()
        cls.wang_session = helpers.session(cls.dept, cls.wang, cls.monday)
        cls.li_session = helpers.session(cls.dept, cls.li, cls.monday, room="OR 6")
        cls.entry = helpers.entry(cls.dept, cls.case, cls.wang, expected_los_days=1)
        cls.plan_run = planning.do_replan_week(None, cls.dept, cls.monday, time_limit=2.0)
        cls.planned = cls.plan_run.cases.get(entry=cls.entry)

    def setUp(self) -> None:
        self.client: Client = self.client_for(self.coordinator)
        self.counts = self.snapshot()

    def snapshot(self) -> dict[str, int]:
        return {model.__name__: model.objects.count() for model in
                (TheatreSession, WaitingListEntry, PlanRun, PlannedCase, DayRecord)}

    def assertNothingWritten(self) -> None:
        self.assertEqual(self.snapshot(), self.counts)

    def url(self, tail: str) -> str:
        return f"/capacity/{self.dept.external_id}/{tail}"

    def api(self, tail: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1/capacity/departments/{self.dept.external_id}/{tail}",
                                body, content_type="application/json")

    def session_form(self, **values: str) -> dict[str, str]:
        return {"date": (self.monday + dt.timedelta(days=2)).isoformat(), "room": "OR 7",
                "start": "08:00", "end": "17:00", "surgeon": str(self.wang.pk), **values}

    # --- a session outside its day -------------------------------------------------------

    def test_it_refuses_a_session_ending_before_it_starts_on_the_page(self) -> None:
        page = self.client.post(self.url("sessions/new/"),
                                self.session_form(start="14:00", end="09:00"))
        self.assertEqual(page.status_code, 422)
        self.assertIn("must end after it starts", field_error(page.content.decode(), "end"))
        self.assertNothingWritten()

    def test_it_refuses_a_session_ending_before_it_starts_in_the_api(self) -> None:
        answer = self.api("sessions", {"date": self.monday.isoformat(), "room": "OR 7",
                                       "start": "14:00", "end": "09:00",
                                       "surgeon": "surgeon.wang"})
        self.assertEqual(answer.status_code, 422)
        self.assertEqual(answer.json()["field"], "end")
        self.assertNothingWritten()

    def test_it_refuses_a_session_date_outside_the_range(self) -> None:
        page = self.client.post(self.url("sessions/new/"), self.session_form(date="0082-03-02"))
        self.assertEqual(page.status_code, 422)
        self.assertIn("1900", field_error(page.content.decode(), "date"))
        answer = self.api("sessions", {"date": "0082-03-02", "room": "OR 7", "start": "08:00",
                                       "end": "12:00", "surgeon": "surgeon.wang"})
        self.assertEqual((answer.status_code, answer.json()["field"]), (422, "date"))
        self.assertNothingWritten()

    # --- a case in another surgeon's session ---------------------------------------------

    def test_it_refuses_a_case_in_another_surgeons_session_on_the_page(self) -> None:
        page = self.client.post(self.url("week/plan/"), {
            "week": self.monday.isoformat(), "case": str(self.entry.external_id),
            "session": str(self.li_session.external_id), "start": "09:00"})
        self.assertEqual(page.status_code, 422)
        self.assertIn("another surgeon", field_error(page.content.decode(), "session"))
        self.assertNothingWritten()

    def test_it_refuses_a_case_in_another_surgeons_session_in_the_api(self) -> None:
        answer = self.api("plan", {"week": self.monday.isoformat(), "time_limit": 2, "fixed": {
            str(self.entry.external_id): {"session": str(self.li_session.external_id),
                                          "start": "09:00"}}})
        self.assertEqual(answer.status_code, 422)
        self.assertEqual(answer.json()["field"], "session")
        self.assertNothingWritten()

    # --- a P1 without a target date ------------------------------------------------------

    def test_it_refuses_a_p1_without_a_target_date_on_the_page(self) -> None:
        other = make_case(self.coordinator, make_patient(self.coordinator, self.site, mrn="P1"))
        page = self.client.post(self.url("waiting-list/new/"), {
            "case": str(other.external_id), "procedure": "WLE", "surgeon": str(self.wang.pk),
            "priority": "P1", "anaesthetic": "done", "consent": "done",
            "funding": "not_applicable"})
        self.assertEqual(page.status_code, 422)
        self.assertIn("72 hours", field_error(page.content.decode(), "target_date"))
        self.assertNothingWritten()

    def test_it_refuses_a_p1_without_a_target_date_in_the_api(self) -> None:
        other = make_case(self.coordinator, make_patient(self.coordinator, self.site, mrn="P2"))
        answer = self.api("waiting-list", {"case": str(other.external_id), "procedure": "WLE",
                                           "surgeon": "surgeon.wang", "priority": "P1"})
        self.assertEqual(answer.status_code, 422)
        self.assertEqual(answer.json()["field"], "target_date")
        self.assertNothingWritten()

    # --- the day's record ----------------------------------------------------------------

    def test_it_shows_a_refused_day_record_next_to_its_field(self) -> None:
        url = f"/capacity/planned/{self.planned.external_id}/day/"
        page = self.client.post(url, {"outcome": "operated", "actual_start": "10:00",
                                      "actual_end": "09:30"})
        self.assertEqual(page.status_code, 422)  # the week again, not a redirect
        html = page.content.decode()
        self.assertIn("The end must be after the start.", field_error(html, "actual_end"))
        page = self.client.post(url, {"outcome": "cancelled"})
        self.assertEqual(page.status_code, 422)
        self.assertIn("reason", field_error(page.content.decode(), "cancel_reason"))
        self.assertNothingWritten()
