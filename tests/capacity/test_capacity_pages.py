"""The capacity pages as a coordinator reads them: the week's lists and the waiting list in
English and Chinese show people by name and no code, UUID or username; and no page writes
anything on GET (DESIGN.md, "reads do not write": only the audit trail's record of the read)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.base import BaseTestCase, make_case, make_patient
from tests.capacity import helpers
from tests.outcomes.test_reads_do_not_write import writes
from tumorboard.capacity import planning, services
from tumorboard.capacity import vocabulary as v
from tumorboard.outcomes.vocabulary import all_procedures

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
USERNAMES = ("surgeon.wang", "surgeon.clarke")
# Stored codes a reader must never see: procedures, and the coded values with an underscore
# (a plain word such as "waiting" is also ordinary prose).
CODES = sorted({*all_procedures(), *(code for code, _l in (*v.FUNDING_STATUSES,
                                                            *v.CANCEL_REASONS) if "_" in code)})


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<(script|style|title)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", body)


class CapacityPagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.wang = helpers.surgeon("surgeon.wang", "王", "建国")
        cls.clarke = helpers.surgeon("surgeon.clarke", "Clarke", "Sarah")
        cls.dept = helpers.department(cls.site)
        cls.monday = helpers.next_monday()
        helpers.session(cls.dept, cls.wang, cls.monday)
        helpers.session(cls.dept, cls.clarke, cls.monday + dt.timedelta(days=1), room="OR 6")
        cases = [make_case(cls.coordinator, make_patient(cls.coordinator, cls.site,
                                                         mrn=f"C{i}", given_name=name))
                 for i, name in enumerate(("秀英", "丽娟", "红梅"))]
        today = dt.date.today()
        cls.limb = helpers.entry(cls.dept, cases[0], cls.wang, procedure="LIMB_SPARING")
        cls.skin = helpers.entry(cls.dept, cases[1], cls.clarke, procedure="WLE",
                                 priority="P1", target_date=today + dt.timedelta(days=3),
                                 funding="not_applicable")
        cls.unready = helpers.entry(cls.dept, cases[2], cls.wang, procedure="AMPUTATION",
                                    consent="pending")
        planning.do_replan_week(None, cls.dept, cls.monday, time_limit=2.0)
        services.do_admit(None, cls.dept, cases[2], {"expected_los_days": 5, "ward": "7B"})

    def pages(self) -> list[str]:
        dept = self.dept.external_id
        week = self.monday.isoformat()
        return [f"/capacity/{dept}/week/?week={week}", f"/capacity/{dept}/waiting-list/"]

    def test_it_shows_names_and_labels_not_codes_in_both_languages(self) -> None:
        client = self.client_for(self.coordinator)
        for language in ("en", "zh-hans"):
            for url in self.pages():
                with translation.override(language):
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                self.assertEqual(response.status_code, 200, url)
                text = visible_text(response.content.decode())
                where = f"{language} {url}"
                self.assertEqual(UUID.findall(text), [], where)
                self.assertEqual([u for u in USERNAMES if u in text], [], where)
                shown = [code for code in CODES if re.search(rf"\b{code}\b", text)]
                self.assertEqual(shown, [], where)
                self.assertIn("王建国", text, where)  # a Chinese name reads family name first
                self.assertIn("王红梅", text, where)  # the patient, by name
                if language == "en":
                    self.assertIn("Sarah Clarke", text, where)
                    self.assertIn("Wide resection, limb-sparing", text, where)
                else:
                    self.assertIn("手术等候名单", text, where)  # "Waiting list" in the nav

    def test_it_explains_the_case_left_out_in_the_readers_language(self) -> None:
        url = self.pages()[0]
        client = self.client_for(self.coordinator)
        english = visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        self.assertIn("the pre-operative checks are not complete", english)
        with translation.override("zh-hans"):
            chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        self.assertIn("术前准备尚未完成", visible_text(chinese))
        self.assertNotIn("the pre-operative checks are not complete", chinese)

    def test_it_heads_the_entry_form_edit_not_switch_in_chinese(self) -> None:
        url = f"/capacity/entries/{self.limb.external_id}/"
        with translation.override("zh-hans"):
            html = self.client_for(self.coordinator).get(
                url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        self.assertIn("<h2>修改</h2>", html)
        self.assertNotIn("<h2>切换</h2>", html)  # "Change" as the language switcher's button

    def test_it_writes_nothing_on_get(self) -> None:
        dept = self.dept.external_id
        entry = self.limb.external_id
        urls = [*self.pages(), "/capacity/", f"/capacity/entries/{entry}/",
                f"/capacity/{dept}/sessions/?week={self.monday.isoformat()}",
                f"/capacity/{dept}/beds/", f"/capacity/{dept}/measures/",
                f"/api/v1/capacity/departments/{dept}/waiting-list",
                f"/api/v1/capacity/departments/{dept}/plan?week={self.monday.isoformat()}",
                f"/api/v1/capacity/departments/{dept}/forecast"]
        client = self.client_for(self.coordinator)
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(writes(captured.captured_queries), [], url)

    def test_it_links_theatres_and_beds_for_roles_that_see_clinical_data(self) -> None:
        link = 'href="/capacity/"'
        self.assertContains(self.client_for(self.clinician).get("/"), link)
        self.assertNotContains(self.client_for(self.welfare).get("/"), link)
