from __future__ import annotations

import json

from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.base import BaseTestCase
from tumorboard.accounts.models import AuditEvent


class AuditTrailTest(BaseTestCase):
    def events(self, **filters: str) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(**filters).order_by("id"))

    def test_it_records_who_viewed_a_patient_page_and_from_where(self) -> None:
        client = self.client_for(self.clinician)
        client.get(f"/patients/{self.patient.external_id}/", REMOTE_ADDR="10.1.2.3")
        event = self.events(action="view", object_type="patient")[-1]
        self.assertEqual(event.username, "clinician")
        self.assertEqual(event.patient_id, str(self.patient.external_id))
        self.assertEqual(event.ip_address, "10.1.2.3")
        self.assertEqual(event.channel, "web")
        self.assertEqual(event.site_id, self.site.pk)

    def test_it_records_case_views_through_the_api_with_a_token(self) -> None:
        self.client.get(f"/api/v1/cases/{self.case.external_id}", **self.bearer(self.clinician))
        event = self.events(action="view", object_type="case")[-1]
        self.assertEqual((event.username, event.channel), ("clinician", "api"))
        self.assertEqual(event.object_id, str(self.case.external_id))

    def test_it_records_creates_and_changes_with_the_fields_changed(self) -> None:
        created = self.events(action="create", object_type="patient")
        self.assertEqual(created[0].username, "coordinator")
        client = self.client_for(self.clinician)
        client.patch(f"/api/v1/patients/{self.patient.external_id}",
                     json.dumps({"phone": "+86 21 1234 5678"}), content_type="application/json")
        change = self.events(action="update", object_type="patient")[-1]
        self.assertEqual(change.detail["fields"], ["phone"])
        self.assertNotIn("1234", json.dumps(change.detail))  # names the field, not the value

    def test_it_records_status_changes(self) -> None:
        self.client_for(self.clinician).post(f"/cases/{self.case.external_id}/status/",
                                             {"status": "work_up"})
        event = self.events(action="update", object_type="case")[-1]
        self.assertEqual(event.detail["status"], ["referred", "work_up"])

    def test_it_refuses_to_change_or_delete_an_event_in_the_app(self) -> None:
        event = AuditEvent.objects.first()
        assert event is not None
        with self.assertRaises(PermissionError):
            event.save()
        with self.assertRaises(PermissionError):
            event.delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.all().delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.update(username="x")

    def test_it_refuses_raw_sql_updates_and_deletes(self) -> None:
        for statement in ("UPDATE accounts_auditevent SET username = 'x'",
                          "DELETE FROM accounts_auditevent"):
            with (self.subTest(statement=statement), self.assertRaises(DatabaseError),
                  transaction.atomic(), connection.cursor() as cursor):
                cursor.execute(statement)

    def test_it_lets_auditors_filter_the_trail(self) -> None:
        client = self.client_for(self.clinician)
        client.get(f"/patients/{self.patient.external_id}/")
        page = self.client_for(self.auditor).get(
            "/audit/", {"username": "clinician", "action": "view"})
        self.assertContains(page, "clinician")
        self.assertNotContains(page, "coordinator</td>")
        empty = self.client_for(self.auditor).get("/audit/", {"username": "nobody"})
        self.assertContains(empty, "No events match these filters.")

    def test_it_refuses_a_malformed_date_filter_clearly(self) -> None:
        response = self.client_for(self.auditor).get("/audit/", {"date_from": "yesterday"})
        self.assertEqual(response.status_code, 400)
