"""CSV import of follow-up events (all or nothing) and the questionnaire due list."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.base import BaseTestCase, make_case, make_patient

from tumorboard.outcomes import due, importer, services
from tumorboard.outcomes.models import FollowUpEvent

HEADER = "case,type,date,cause_of_death\n"


class ImportTest(BaseTestCase):
    def csv(self, *rows: str) -> str:
        return HEADER + "".join(f"{row}\n" for row in rows)

    def test_it_imports_every_row(self) -> None:
        cid = self.case.external_id
        text = self.csv(f"{cid},last_contact,2025-09-01,", f"{cid},local_recurrence,2025-10-01,",
                        f"{cid},death,2025-12-01,cancer")
        self.assertEqual(importer.import_follow_up(self.coordinator, text).imported, 3)
        self.assertEqual(FollowUpEvent.objects.filter(case=self.case).count(), 3)

    def test_it_reports_the_line_and_field_and_imports_nothing(self) -> None:
        cid = self.case.external_id
        cases = [
            ([f"{cid},last_contact,2025-09-01,", f"{cid},last_contact,2025-13-01,"], 3, "date"),
            ([f"{cid},death,2025-09-01,cancer", f"{cid},local_recurrence,2025-10-01,"], 3,
             "date"),
            ([f"{cid},last_contact,2025-09-01,", f"{cid},relapse,2025-10-01,"], 3, "type"),
            ([f"{cid},death,2025-09-01,"], 2, "cause_of_death"),
            ([f"{cid},last_contact,2025-09-01,", "not-a-uuid,last_contact,2025-09-01,"], 3,
             "case"),
        ]
        for rows, line, field in cases:
            with self.subTest(rows=rows):
                with self.assertRaises(importer.ImportFailed) as caught:
                    importer.import_follow_up(self.coordinator, self.csv(*rows))
                self.assertEqual((caught.exception.line, caught.exception.field), (line, field))
                self.assertFalse(FollowUpEvent.objects.exists())

    def test_it_refuses_another_sites_case(self) -> None:
        text = self.csv(f"{self.case.external_id},last_contact,2025-09-01,")
        with self.assertRaises(importer.ImportFailed) as caught:
            importer.import_follow_up(self.outsider, text)
        self.assertEqual(caught.exception.field, "case")

    def test_it_runs_as_a_management_command(self) -> None:
        path = Path(self.id().replace(".", "_") + ".csv")
        try:
            path.write_text(self.csv(f"{self.case.external_id},last_contact,2025-09-01,"))
            out = io.StringIO()
            call_command("import_followup", str(path), "--user", "coordinator", stdout=out)
            self.assertIn("1", out.getvalue())
            path.write_text(self.csv(f"{self.case.external_id},last_contact,2099-09-01,"))
            with self.assertRaises(CommandError) as caught:
                call_command("import_followup", str(path), "--user", "coordinator")
            self.assertEqual(json.loads(str(caught.exception))["line"], 2)
        finally:
            path.unlink(missing_ok=True)
        self.assertEqual(FollowUpEvent.objects.count(), 1)

    def test_it_imports_through_the_page(self) -> None:
        client = self.client_for(self.coordinator)
        upload = SimpleUploadedFile("f.csv", self.csv(
            f"{self.case.external_id},last_contact,2025-05-01,").encode())
        response = client.post("/outcomes/import/", {"file": upload})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Line 2", status_code=422)
        self.assertFalse(FollowUpEvent.objects.exists())


class DueListTest(BaseTestCase):
    def test_it_lists_due_and_overdue_questionnaires(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="R1")
        case = make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", details={},
                         diagnosis_date=dt.date(2024, 1, 10))
        operation = services.do_record_operation(self.clinician, case, {
            "date": dt.date(2024, 2, 1), "procedure": "LAR", "intent": "curative"})
        services.do_record_function_score(self.clinician, case, {
            "operation": operation, "instrument": "lars", "time_point_months": 6,
            "assessed_on": dt.date(2024, 8, 1),
            "inputs": {"flatus": "never", "liquid": "never", "frequency": "1_to_3_per_day",
                       "clustering": "never", "urgency": "never"}})
        # 2024-09-20: 3 and 6 months (due 05-01, 08-01) are over 30 days late; LARS at 6
        # months is done; 12 months (2025-02-01) is not yet within two weeks.
        items = {(i.instrument, i.time_point_months, i.status)
                 for i in due.due_questionnaires([self.site.pk], dt.date(2024, 9, 20))}
        self.assertEqual(items, {("lars", 3, "overdue"), ("wexner", 3, "overdue"),
                                 ("wexner", 6, "overdue")})
        # 2025-01-25: 3 months is over 180 days late (missed); 12 months is within two weeks.
        items = {(i.instrument, i.time_point_months, i.status)
                 for i in due.due_questionnaires([self.site.pk], dt.date(2025, 1, 25))}
        self.assertEqual(items, {("lars", 12, "due"), ("wexner", 12, "due"),
                                 ("wexner", 6, "overdue")})
        self.assertEqual(due.due_questionnaires([self.other_site.pk], dt.date(2025, 1, 25)), [])

