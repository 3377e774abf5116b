"""A short English word can mean different things on different pages; in Chinese each
meaning has its own word. "available" of a fund once read "available for clinic" (可出诊),
even in the donor report, and the registry's count of cases "total score" (总分)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.welfare.helpers import make_fund
from tumorboard.board.models import MeetingStatus
from tumorboard.patients.models import CaseStatus


class WordsInContextTest(BaseTestCase):
    def test_it_calls_a_funds_balance_available_money_not_clinic_hours(self) -> None:
        fund = make_fund(self.admin, self.site)
        client = self.client_for(self.welfare)
        for url in (reverse("welfare-funds"), reverse("welfare-fund", args=[fund.external_id])):
            with translation.override("zh-hans"):
                html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
            self.assertIn("可用余额", html, url)
            self.assertNotIn("可出诊", html, url)

    def test_it_counts_the_registrys_cases_as_a_total_not_a_score(self) -> None:
        with translation.override("zh-hans"):
            html = self.client_for(self.clinician).get(
                "/outcomes/registry/?pathway=breast", HTTP_ACCEPT_LANGUAGE="zh-hans"
            ).content.decode()
        rates = html.split('id="rates"', 1)[1].split("</thead>", 1)[0]
        self.assertIn("<th>总数</th>", rates)
        self.assertNotIn("总分", rates)

    def test_it_says_a_meeting_ended_where_a_case_is_closed(self) -> None:
        with translation.override("zh-hans"):
            self.assertEqual(str(MeetingStatus.CLOSED.label), "已结束")
            self.assertEqual(str(CaseStatus.CLOSED.label), "已结案")

    def test_it_heads_the_follow_up_events_as_follow_up_not_in_follow_up(self) -> None:
        html = self.client_for(self.clinician).get(
            f"/cases/{self.case.external_id}/panels/outcomes/",
            headers={"Accept-Language": "zh-hans"}).content.decode()
        self.assertIn("<h3>随访</h3>", html)
        self.assertNotIn("<h3>随访中</h3>", html)  # the case's status, "in follow-up"
