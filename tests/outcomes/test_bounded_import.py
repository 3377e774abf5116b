"""The CSV follow-up import is bounded (bytes and rows, errors name the limit), checks the
whole file before any write, writes with bulk inserts, refreshes the outcome summaries once,
and locks only what belongs to its own site (issue 11)."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from tests.base import BaseTestCase, make_case, make_patient

from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes import importer, tallies
from tumorboard.outcomes.models import CaseOutcome, FollowUpEvent
from tumorboard.patients.models import Case

HEADER = "case,type,date,cause_of_death\n"
FOLLOW_UP_TABLE = FollowUpEvent._meta.db_table
SUMMARY_TABLE = CaseOutcome._meta.db_table


def statements(captured: CaptureQueriesContext, pattern: str) -> list[str]:
    found = re.compile(pattern, re.IGNORECASE)
    return [q["sql"] for q in captured.captured_queries if found.search(q["sql"])]


class BoundedImportTest(BaseTestCase):
    def csv(self, rows: list[str]) -> str:
        return HEADER + "".join(f"{row}\n" for row in rows)

    def contacts(self, n: int, case: Case | None = None) -> list[str]:
        """n last-contact rows of one case, on distinct past dates after its diagnosis."""
        chosen = case or self.case
        first = chosen.diagnosis_date
        return [f"{chosen.external_id},last_contact,{first + dt.timedelta(days=i % 200)},"
                for i in range(n)]

    def assert_nothing_written(self) -> None:
        self.assertFalse(FollowUpEvent.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(object_type="follow_up_event").exists())

    @override_settings(OUTCOMES_IMPORT_MAX_BYTES=200)
    def test_it_refuses_a_file_over_the_byte_limit_naming_it(self) -> None:
        text = self.csv(self.contacts(5))
        self.assertGreater(len(text.encode()), 200)
        with self.assertRaises(importer.ImportFailed) as caught:
            importer.import_follow_up(self.coordinator, text)
        self.assertEqual(caught.exception.field, "file")
        self.assertIn("200", caught.exception.message)
        self.assertIn("OUTCOMES_IMPORT_MAX_BYTES", caught.exception.message)
        self.assert_nothing_written()

    @override_settings(OUTCOMES_IMPORT_MAX_ROWS=5)
    def test_it_refuses_a_file_over_the_row_limit_naming_it(self) -> None:
        self.assertEqual(importer.import_follow_up(self.coordinator,
                                                   self.csv(self.contacts(5))).imported, 5)
        FollowUpEvent.objects.all().delete()
        with self.assertRaises(importer.ImportFailed) as caught:
            importer.import_follow_up(self.coordinator, self.csv(self.contacts(6)))
        failure = caught.exception
        self.assertEqual((failure.line, failure.field), (7, "file"))  # header is line 1
        self.assertIn("5", failure.message)
        self.assertIn("OUTCOMES_IMPORT_MAX_ROWS", failure.message)
        self.assertFalse(FollowUpEvent.objects.exists())

    def test_it_writes_nothing_when_row_19999_of_20000_is_bad(self) -> None:
        rows = self.contacts(20_000)
        rows[19_998] = f"{self.case.external_id},last_contact,2025-06-01,cancer"
        with self.assertRaises(importer.ImportFailed) as caught:
            importer.import_follow_up(self.coordinator, self.csv(rows))
        # Row 19,999 is line 20,000 (the header is line 1); a cause belongs to deaths only.
        self.assertEqual((caught.exception.line, caught.exception.field),
                         (20_000, "cause_of_death"))
        self.assert_nothing_written()

    def test_it_sees_a_death_earlier_in_the_file_when_checking_later_rows(self) -> None:
        cid, died = self.case.external_id, self.case.diagnosis_date + dt.timedelta(days=10)
        rows = [*self.contacts(3), f"{cid},death,{died},cancer",
                f"{cid},local_recurrence,{died + dt.timedelta(days=1)},"]
        with self.assertRaises(importer.ImportFailed) as caught:
            importer.import_follow_up(self.coordinator, self.csv(rows))
        # The contacts up to day 2 are before the death; line 6 is after it.
        self.assertEqual((caught.exception.line, caught.exception.field), (6, "date"))
        self.assert_nothing_written()

    def test_it_inserts_in_bulk_and_refreshes_the_summaries_once(self) -> None:
        other = make_case(self.coordinator, make_patient(self.coordinator, self.site, "B0002"))
        rows = self.contacts(150) + self.contacts(150, other)
        with CaptureQueriesContext(connection) as captured:
            result = importer.import_follow_up(self.coordinator, self.csv(rows))
        self.assertEqual(result.imported, 300)
        # Bulk: a few batched statements (SQLite caps the parameters of one), not 300.
        inserts = statements(captured, rf'^\s*INSERT INTO "?{FOLLOW_UP_TABLE}\b')
        self.assertTrue(1 <= len(inserts) <= 5, len(inserts))
        # One summary rebuild for both cases: one DELETE of their old summary rows.
        self.assertEqual(len(statements(captured, rf'^\s*DELETE FROM "?{SUMMARY_TABLE}\b')), 1)  # noqa: S608
        self.assertEqual(AuditEvent.objects.filter(object_type="follow_up_event",
                                                   action="create").count(), 300)

    def test_it_records_a_death_on_the_patient_and_in_the_summary(self) -> None:
        died = self.case.diagnosis_date + dt.timedelta(days=300)
        rows = [*self.contacts(2), f"{self.case.external_id},death,{died},cancer"]
        importer.import_follow_up(self.coordinator, self.csv(rows))
        self.patient.refresh_from_db()
        self.assertEqual(self.patient.date_of_death, died)
        summary = CaseOutcome.objects.get(case=self.case)
        self.assertEqual((summary.dead, summary.os_days), (1, 300))

    @override_settings(OUTCOMES_IMPORT_MAX_BYTES=100)
    def test_it_refuses_an_upload_or_a_file_over_the_limit_before_reading_it(self) -> None:
        text = self.csv(self.contacts(5))
        page = self.client_for(self.coordinator).post(
            "/outcomes/import/", {"file": SimpleUploadedFile("f.csv", text.encode())})
        self.assertContains(page, "OUTCOMES_IMPORT_MAX_BYTES", status_code=422)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.csv"
            path.write_text(text)
            with self.assertRaises(CommandError) as caught:
                call_command("import_followup", str(path), "--user", "coordinator")
        self.assertEqual(json.loads(str(caught.exception))["field"], "file")
        self.assert_nothing_written()

    def test_it_locks_the_tallies_of_its_own_site_only(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("advisory locks exist on PostgreSQL only (SQLite has one writer)")
        with CaptureQueriesContext(connection) as captured:
            importer.import_follow_up(self.coordinator, self.csv(self.contacts(3)))
        locks = statements(captured, r"pg_advisory_xact_lock")
        tally_locks = [q for q in locks if str(tallies.SITE_LOCK_CLASS) in q]
        self.assertTrue(tally_locks)
        expected = f"({tallies.SITE_LOCK_CLASS}, {self.site.pk})"
        self.assertTrue(all(expected in q.replace("'", "") for q in tally_locks), tally_locks)
