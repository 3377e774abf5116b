"""The auditor's pages say who, what and whose in words, in either language: people and
patients by name, things and channels by label, never a username, key or UUID."""

from __future__ import annotations

import re
from pathlib import Path

from tests.base import BaseTestCase
from tests.i18n.page_text import UUID, readable_text
from tumorboard.accounts.audit_labels import EXTRA_ACTIONS, OBJECT_TYPES
from tumorboard.accounts.models import AuditAction

SOURCE = Path(__file__).resolve().parents[2] / "src" / "tumorboard"
OBJECT_TYPE_LITERAL = re.compile(r'object_type="([a-z_]+)"')
# The apps' own _audit(user, "verb", "kind", ...) helpers name the kind second.
AUDIT_HELPER_KIND = re.compile(r'_audit\(\s*\w+,\s*"[a-z_]+",\s*"([a-z_]+)"')
ACTION_LITERAL = re.compile(r'audit\.record\([^)]*?action="([a-z_]+)"', re.S)


def _source() -> str:
    return "\n".join(p.read_text() for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


class AuditPageWordsTest(BaseTestCase):
    def setUp(self) -> None:
        self.clinician.first_name, self.clinician.last_name = "秀英", "王"
        self.clinician.save()
        self.client_for(self.clinician).get(f"/patients/{self.patient.external_id}/")

    def _chinese(self, url: str) -> list[str]:
        client = self.client_for(self.auditor)
        page = client.get(url, headers={"Accept-Language": "zh-hans"})
        self.assertEqual(page.status_code, 200)
        return readable_text(page.content.decode())

    def test_it_has_a_label_for_every_object_type_the_code_records(self) -> None:
        source = _source()
        recorded = set(OBJECT_TYPE_LITERAL.findall(source)) | set(
            AUDIT_HELPER_KIND.findall(source))
        self.assertGreater(len(recorded), 40)
        self.assertEqual(sorted(recorded - set(OBJECT_TYPES)), [])

    def test_it_has_a_label_for_every_action_the_code_records(self) -> None:
        recorded = set(ACTION_LITERAL.findall(_source()))
        self.assertIn("site_key_issue", recorded)
        self.assertEqual(sorted(recorded - set(AuditAction.values) - set(EXTRA_ACTIONS)), [])

    def test_it_names_people_patients_and_things_on_the_trail(self) -> None:
        texts = self._chinese("/audit/")
        joined = " ".join(texts)
        self.assertIn("王秀英", texts)
        self.assertIn(str(self.patient), joined)
        self.assertIn("网页", texts)
        self.assertIn("患者", texts)
        for raw in (self.clinician.username, self.coordinator.username, "web", "patient"):
            self.assertNotIn(raw, texts)
        self.assertEqual(UUID.findall(joined), [])

    def test_it_names_the_patient_on_the_patients_own_page(self) -> None:
        joined = " ".join(self._chinese(f"/audit/patient/{self.patient.external_id}/"))
        self.assertIn(self.patient.family_name, joined)
        self.assertEqual(UUID.findall(joined), [])
        self.assertNotIn(self.clinician.username, joined.split())
