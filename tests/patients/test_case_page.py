"""The case page: a summary on top, each capability's panel loaded on demand from its own
URL (htmx), behind the same door as the page."""

from __future__ import annotations

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.patients.panels import PANELS

MARKERS = {"history": 'id="status-history"', "decisions": 'id="decision-support"',
           "mdt": 'id="mdt"', "clinic": 'id="clinic"', "outcomes": 'id="outcomes"'}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class CasePageTest(BaseTestCase):
    def page(self) -> str:
        return f"/cases/{self.case.external_id}/"

    def panel(self, name: str) -> str:
        return f"/cases/{self.case.external_id}/panels/{name}/"

    def test_it_puts_a_placeholder_for_each_panel_and_renders_none(self) -> None:
        text = self.client_for(self.clinician).get(self.page()).content.decode()
        for panel in PANELS:
            with self.subTest(panel=panel.name):
                self.assertIn(f'hx-get="{self.panel(panel.name)}"', text)
        self.assertNotIn("decision-form", text)
        self.assertNotIn("operation-form", text)
        self.assertLess(text.index("<h2>Summary"), text.index("lazy-panel"))

    def test_it_serves_each_panel_with_its_own_anchor(self) -> None:
        client = self.client_for(self.clinician)
        for name, marker in MARKERS.items():
            with self.subTest(panel=name):
                response = client.get(self.panel(name), HTTP_HX_REQUEST="true")
                self.assertEqual(response.status_code, 200)
                self.assertIn(marker, response.content.decode())

    def test_it_refuses_panels_to_roles_and_sites_without_clinical_access(self) -> None:
        for user in (self.welfare, self.auditor, self.outsider):
            client = self.client_for(user)
            for name in MARKERS:
                with self.subTest(user=user.username, panel=name):
                    self.assertIn(client.get(self.panel(name)).status_code, (403, 404))

    def test_it_answers_404_for_an_unknown_panel(self) -> None:
        response = self.client_for(self.clinician).get(self.panel("nonsense"))
        self.assertEqual(response.status_code, 404)

    def test_it_keeps_the_page_to_a_few_queries(self) -> None:
        client = self.client_for(self.clinician)
        client.get(self.page())
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(client.get(self.page()).status_code, 200)
        self.assertLessEqual(len(queries), 20, [q["sql"][:80] for q in queries])

    def test_it_renders_panels_inline_when_a_form_is_redisplayed(self) -> None:
        # Another app's form posted with errors answers with the case page (outcomes'
        # _redisplay): its panel must be there, with the bound form and its errors.
        response = self.client_for(self.clinician).post(
            f"/outcomes/cases/{self.case.external_id}/follow-up/", {"fu-type": "death"})
        self.assertEqual(response.status_code, 422)
        text = response.content.decode()
        self.assertIn('id="follow-up-form"', text)
        self.assertNotIn("lazy-panel", text)


class CaseHistoryWordsTest(BaseTestCase):
    def test_it_reads_system_notes_in_chinese_and_typed_notes_as_typed(self) -> None:
        from tumorboard.patients.models import CaseStatusChange

        CaseStatusChange.objects.create(case=self.case, from_status=self.case.status,
                                        to_status=self.case.status, note="复查 MRI 后再讨论")
        page = self.client_for(self.clinician).get(
            f"/cases/{self.case.external_id}/panels/history/",
            headers={"Accept-Language": "zh-hans"})
        self.assertContains(page, "病例已创建")  # "case created", written by the system
        self.assertNotContains(page, "case created")
        self.assertContains(page, "复查 MRI 后再讨论")
