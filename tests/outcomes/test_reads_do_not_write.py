"""Reads do not write (DESIGN.md, "Architecture rules"): a registry page served by GET
issues no INSERT/UPDATE/DELETE except the audit trail's record of the read, and outcome
summaries follow patient and case changes through the patients services' explicit
core.derived calls, never through ORM signals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.base import BaseTestCase
from tests.outcomes.registry_fixtures import build_registry, day

from tumorboard.outcomes.models import CaseOutcome
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import Case, Patient

WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|'
                   r'MERGE\s+INTO)\s+[`"]?(\w+)', re.IGNORECASE)
REGISTRY_PAGES = (
    "/outcomes/registry/?pathway=breast",
    "/outcomes/registry/?pathway=breast&site=EAST",
    "/outcomes/registry/export.csv?pathway=breast",
    "/outcomes/registry/charts/incidence.svg?pathway=breast",
    "/outcomes/due/",
    "/outcomes/import/",
)
REGISTRY_API = "/api/v1/outcomes/registry?pathway=breast"


def audit_tables() -> set[str]:
    """The audit trail records every read of patient data: that insert is expected."""
    return {model._meta.db_table for model in apps.get_app_config("accounts").get_models()
            if model.__name__.lower().startswith("audit")}


def writes(queries: list[dict[str, Any]]) -> list[str]:
    allowed = audit_tables()
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(1) not in allowed:
            found.append(query["sql"][:200])
    return found


class RegistryReadsTest(BaseTestCase):
    cases: list[Case]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_registry(cls.coordinator, cls.site)

    def test_it_recognises_a_write_when_it_sees_one(self) -> None:
        # The detector itself: without this a broken regex would pass every page.
        with CaptureQueriesContext(connection) as captured:
            Patient.objects.filter(pk=self.patient.pk).update(phone="13800000000")
            CaseOutcome.objects.filter(case=self.cases[0]).delete()
        found = " ".join(writes(captured.captured_queries))
        self.assertIn(Patient._meta.db_table, found)
        self.assertIn(CaseOutcome._meta.db_table, found)

    def test_it_serves_every_registry_page_without_writing(self) -> None:
        # A summary is missing (as after a crash mid-load): the page must not repair it.
        CaseOutcome.objects.filter(case=self.cases[0]).delete()
        client = self.client_for(self.clinician)
        for url in REGISTRY_PAGES:
            with self.subTest(url=url), CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(writes(captured.captured_queries), [])
        self.assertFalse(CaseOutcome.objects.filter(case=self.cases[0]).exists())

    def test_it_serves_the_registry_api_without_writing(self) -> None:
        CaseOutcome.objects.filter(case=self.cases[0]).delete()
        headers = self.bearer(self.clinician)
        client = self.client_for(self.clinician)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(REGISTRY_API, headers=headers)
        self.assertEqual(response.status_code, 200)
        # The bearer token's own bookkeeping is not outcome data; only outcome tables count.
        outcome_writes = [sql for sql in writes(captured.captured_queries) if "outcome" in sql]
        self.assertEqual(outcome_writes, [])


class SummaryFollowsTheServicesTest(BaseTestCase):
    def test_it_updates_the_summary_when_the_patients_service_records_a_death(self) -> None:
        before = CaseOutcome.objects.get(case=self.case)
        self.assertEqual(before.dead, 0)
        died = self.case.diagnosis_date + dt.timedelta(days=40)
        patient_services.do_update_patient(self.coordinator, self.patient,
                                           {"date_of_death": died})
        after = CaseOutcome.objects.get(case=self.case)
        self.assertEqual((after.dead, after.os_event, after.os_days), (1, 1, 40))

    def test_it_updates_the_summary_when_the_case_changes_through_the_service(self) -> None:
        patient_services.do_update_case(self.coordinator, self.case,
                                        {"diagnosis_date": day(-365)})
        self.assertEqual(CaseOutcome.objects.get(case=self.case).diagnosis_year,
                         day(-365).year)

    def test_it_writes_no_summary_behind_a_plain_orm_save(self) -> None:
        # No post_save receiver: a save outside the services leaves the summary as it was.
        self.patient.date_of_death = self.case.diagnosis_date + dt.timedelta(days=40)
        self.patient.save()
        self.assertEqual(CaseOutcome.objects.get(case=self.case).dead, 0)
