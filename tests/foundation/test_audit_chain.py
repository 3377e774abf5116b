"""The audit trail's hash chain: `audit verify` passes on an honest trail and names the first
row after each kind of tampering done with raw SQL, bypassing the app."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.base import BaseTestCase
from tumorboard.accounts import audit, audit_chain
from tumorboard.accounts.models import AuditEvent


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def without_row_triggers(sql: str, params: list[object] | None = None) -> None:
    """What a database superuser (PostgreSQL) or the file's owner (SQLite) could do; the test
    transaction rolls the trigger change back."""
    if connection.vendor == "postgresql":
        raw("SET LOCAL session_replication_role = replica")  # no triggers fire
    else:
        raw("DROP TRIGGER audit_no_update")
        raw("DROP TRIGGER audit_no_delete")
    raw(sql, params)


class AuditChainTest(BaseTestCase):
    def setUp(self) -> None:
        self.client_for(self.clinician).get(f"/patients/{self.patient.external_id}/")
        self.middle = AuditEvent.objects.order_by("id")[2]

    def test_it_verifies_an_honest_trail_and_counts_its_rows(self) -> None:
        code, out, _ = verify()
        self.assertEqual(code, 0)
        self.assertIn(f"{AuditEvent.objects.count()} rows checked", out)

    def test_it_links_each_row_to_the_previous_one(self) -> None:
        rows = list(AuditEvent.objects.order_by("id"))
        self.assertEqual(rows[0].prev_hash, "0" * 64)
        for before, after in itertools.pairwise(rows):
            self.assertEqual(after.prev_hash, before.hash)
            self.assertEqual(after.seq, before.seq + 1)

    def test_it_chains_rows_written_in_bulk(self) -> None:
        AuditEvent.objects.bulk_create([
            AuditEvent(username="importer", action="create", object_type="patient",
                       object_id=str(n)) for n in range(3)])
        self.assertEqual(verify()[0], 0)

    def test_it_names_a_row_edited_behind_the_apps_back(self) -> None:
        without_row_triggers("UPDATE accounts_auditevent SET username = %s WHERE id = %s",
                             ["someone else", self.middle.id])
        code, _, err = verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row id {self.middle.id} (", err)
        self.assertIn("edited content", err)

    def test_it_names_the_row_after_a_deleted_one(self) -> None:
        without_row_triggers("DELETE FROM accounts_auditevent WHERE id = %s", [self.middle.id])
        following = AuditEvent.objects.filter(id__gt=self.middle.id).order_by("id").first()
        assert following is not None
        code, _, err = verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row id {following.id} (", err)
        self.assertIn("missing row", err)

    def test_it_names_a_forged_row_with_a_made_up_hash(self) -> None:
        forged = self.forge(hash_of=lambda row: "f" * 64)
        code, _, err = verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row id {forged} (", err)

    def test_it_names_a_well_formed_but_backdated_forgery(self) -> None:
        forged = self.forge(hash_of=audit_chain.row_hash, days_ago=3)
        code, _, err = verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row id {forged} (", err)
        self.assertIn("backdated", err)

    def test_it_names_a_forgery_that_links_to_the_wrong_row(self) -> None:
        forged = self.forge(hash_of=audit_chain.row_hash, prev=self.middle.hash)
        code, _, err = verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row id {forged} (", err)
        self.assertIn("broken link", err)

    def test_it_reports_the_time_of_the_broken_row(self) -> None:
        without_row_triggers("UPDATE accounts_auditevent SET action = 'search' WHERE id = %s",
                             [self.middle.id])
        expected = self.middle.at.astimezone(dt.UTC).isoformat()
        self.assertIn(f"({expected})", verify()[2])

    def forge(self, hash_of: object, days_ago: int = 0, prev: str | None = None) -> int:
        """A plain INSERT, as the app's database user could send; returns the new id."""
        head = AuditEvent.objects.order_by("-id").first()
        assert head is not None
        row = {"seq": head.seq + 1, "at": timezone.now() - dt.timedelta(days=days_ago),
               "user_id": None, "username": "ghost", "action": "view",
               "object_type": "patient", "object_id": "", "patient_id": "", "site_id": None,
               "ip_address": None, "channel": "web", "path": "", "detail": {},
               "prev_hash": prev or head.hash}
        row["hash"] = hash_of(row)  # type: ignore[operator]
        values = [json.dumps(v) if k == "detail" else v for k, v in row.items()]
        raw("INSERT INTO accounts_auditevent (seq, at, user_id, username, action, object_type,"
            " object_id, patient_id, site_id, ip_address, channel, path, detail, prev_hash,"
            " hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", values)
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0]


class ChainHeadTest(BaseTestCase):
    def test_it_stamps_the_time_itself_so_the_app_cannot_backdate(self) -> None:
        long_ago = timezone.now() - dt.timedelta(days=30)
        event = AuditEvent.objects.create(at=long_ago, username="x", action="view",
                                          object_type="patient")
        self.assertGreater(event.at, timezone.now() - dt.timedelta(minutes=1))
        self.assertEqual(audit.record(user=self.clinician, action="view",
                                      object_type="patient").seq, event.seq + 1)
