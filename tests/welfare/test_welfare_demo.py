"""The demo has funds, applications in every state and funded operations; the ledger
check passes on it; the donor report shows the funded patients without names."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase, override_settings

from tests.board.helpers import FAST_HASHER
from tumorboard.core import demo_data, demo_loader
from tumorboard.welfare import demo, ledger, letters, reports
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Application, Fund


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class WelfareDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        sites = demo_loader.do_create_demo_sites()
        demo_loader.do_create_demo_users()
        demo_loader.do_load_patients(demo_data.generate(200, seed=7), sites)
        if not Fund.objects.exists():  # until core.demo_loader calls the welfare demo
            demo.do_load_demo_welfare()

    def test_it_has_applications_in_every_state(self) -> None:
        states = set(Application.objects.values_list("status", flat=True))
        self.assertEqual(states, {value for value, _label in v.STATUSES})
        self.assertEqual(demo.do_load_demo_welfare(), 0, "loading again adds nothing")

    def test_it_settles_the_funded_operations_against_their_cases_operations(self) -> None:
        settled = Application.objects.filter(status=v.SETTLED).select_related("operation")
        self.assertGreater(settled.count(), 0)
        for app in settled:
            self.assertIsNotNone(app.operation)
            self.assertEqual(app.operation.case_id, app.case_id)  # type: ignore[union-attr]
        self.assertFalse(Application.objects.exclude(status=v.SETTLED)
                         .filter(operation__isnull=False).exists())

    def test_it_passes_the_ledger_check(self) -> None:
        self.assertEqual(ledger.check(), [])
        out = io.StringIO()
        call_command("welfare", "ledger", "--check", stdout=out)
        self.assertIn("passed", out.getvalue())

    def test_it_reports_funded_operations_without_names(self) -> None:
        fund = Fund.objects.get(pathway="rectum")
        report = reports.fund_report(fund, fund.starts, fund.ends)
        self.assertGreater(report.spent_fen, 0)
        pdf = letters.donor_report_pdf(fund, fund.starts, fund.ends)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = _pdf_text(pdf)
        for app in Application.objects.filter(fund=fund).select_related("patient"):
            self.assertNotIn(app.patient.family_name + app.patient.given_name, text)
            self.assertNotIn(app.patient.mrn, text)


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
