"""Two people editing the same waiting-list entry: the second save from a stale page is
refused with 409 and nothing of it is written; saved again knowingly, it applies."""

from __future__ import annotations

import re

from tests.base import BaseTestCase
from tests.capacity import helpers
from tumorboard.capacity import services
from tumorboard.capacity.models import WaitingListEntry
from tumorboard.patients.validation import StaleVersion


class EntryLostUpdateTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.dept = helpers.department(self.site)
        self.item = helpers.entry(self.dept, self.case, self.clinician)

    def form(self, page: str, **changes: str) -> dict[str, str]:
        fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
        selects = dict(re.findall(
            r'<select name="([a-z_]+)"[^>]*>.*?<option value="([^"]*)" selected', page, re.S))
        data = {k: v for k, v in {**fields, **selects}.items() if k != "csrfmiddlewaretoken"}
        data.update(changes)
        return data

    def test_it_refuses_a_stale_service_call(self) -> None:
        services.do_update_entry(self.clinician, self.item, {"expected_los_days": 7},
                                 expected_version=1)
        with self.assertRaises(StaleVersion):
            services.do_update_entry(self.clinician, self.item, {"expected_los_days": 2},
                                     expected_version=1)
        self.assertEqual(WaitingListEntry.objects.get(pk=self.item.pk).expected_los_days, 7)

    def test_it_refuses_a_stale_form_then_accepts_a_knowing_save(self) -> None:
        url = f"/capacity/entries/{self.item.external_id}/"
        stale = self.client_for(self.coordinator).get(url).content.decode()
        services.do_update_entry(self.clinician, self.item, {"expected_los_days": 9},
                                 expected_version=1)
        web = self.client_for(self.coordinator)
        refused = web.post(url, self.form(stale, note="moved"))
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(WaitingListEntry.objects.get(pk=self.item.pk).expected_los_days, 9)
        again = web.post(url, self.form(refused.content.decode(), note="moved"))
        self.assertEqual(again.status_code, 302)
