"""'Preserving intent kept', where the board recorded it, as a network-audit indicator per
hospital and per surgeon (page, API, PDF): numerators and denominators by hand from the
fixture; operations without a board intent are not counted."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from tests.base import make_case, make_patient
from tests.board.helpers import BoardTestCase, complete_values
from tests.network.audit_helpers import surgeon
from tumorboard.board import recommendations
from tumorboard.board import services as board_services
from tumorboard.network.audit_intent import intent_verdicts
from tumorboard.outcomes.models import Operation
from tumorboard.outcomes.services import do_record_operation

# (surgeon index, immediate reconstruction) per case with an accepted intent:
# surgeon 0 keeps 5 of 7, surgeon 1 keeps 2 of 5; the hospital 7 of 12.
PLAN = [(0, True)] * 5 + [(0, False)] * 2 + [(1, True)] * 2 + [(1, False)] * 3


class AuditIntentKeptTest(BoardTestCase):
    second: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second = surgeon("second", "Mei", "Lin", specialty="breast_surgery")
        cls.clinician.first_name, cls.clinician.last_name = "Ann", "Hale"
        cls.clinician.save()

    def decided(self, index: int) -> Any:
        patient = make_patient(self.coordinator, self.site, mrn=f"IK{index}")
        case = make_case(self.coordinator, patient)
        listing = board_services.do_list_case(self.coordinator, case, self.meeting,
                                              question="Reconstruction?")
        self.open_session()
        rec = recommendations.do_start_recommendation(self.clinician, listing)
        rec = recommendations.do_save_recommendation(
            self.clinician, rec, complete_values(rec), lock_version=rec.lock_version)
        recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
        return case

    def operate(self, case: Any, surgeon: User, kept: bool) -> Operation:
        return do_record_operation(self.clinician, case, {
            "date": timezone.localdate(), "procedure": "MAST", "intent": "curative",
            "surgeon": surgeon, "reconstruction": "immediate" if kept else "none",
            **({"reconstruction_type": "implant"} if kept else {})})

    def build(self) -> None:
        surgeons = [self.clinician, self.second]
        for index, (who, kept) in enumerate(PLAN):
            self.operate(self.decided(index), surgeons[who], kept)
        self.decided(99)  # an intent without an operation yet: not counted
        plain = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                         mrn="IK-NO-BOARD"))
        self.operate(plain, self.clinician, False)  # no board intent: not counted

    def test_it_counts_kept_intents_per_hospital_and_surgeon(self) -> None:
        self.build()
        verdicts = intent_verdicts(Operation.objects.all())
        self.assertEqual((sum(verdicts.values()), len(verdicts)), (7, 12))
        body = self.client_for(self.auditor).get(
            "/api/v1/network/audit", {"indicator": "intent_kept"}).json()
        self.assertEqual((body["events"], body["n"]), (7, 12))
        hospital = next(f for f in body["funnels"] if f["level"] == "site"
                        and not f["adjusted"])
        self.assertEqual([(u["name"], u["observed"], u["n"]) for u in hospital["units"]],
                         [(self.site.name, 7, 12)])
        surgeons = next(f for f in body["funnels"] if f["level"] == "surgeon"
                        and not f["adjusted"])
        self.assertEqual(sorted((u["name"], u["observed"], u["n"]) for u in surgeons["units"]),
                         [("Ann Hale", 5, 7), ("Mei Lin", 2, 5)])
        self.assertEqual(body["cusum"], [])  # a kept intent is not an adverse event

    def test_it_is_on_the_page_and_in_the_quarterly_report(self) -> None:
        self.build()
        client = self.client_for(self.auditor)
        page = client.get("/network/audit/", {"indicator": "intent_kept"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "function-preserving intent kept, where the board recorded")
        self.assertContains(page, "7 of 12 operations.")
        today = timezone.localdate()
        quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
        report = client.get("/network/audit/report/", {"quarter": quarter})
        self.assertEqual(report.status_code, 200)
        self.assertTrue(report.content.startswith(b"%PDF"))

    def test_it_shows_another_site_nothing_of_it(self) -> None:
        self.build()
        body = self.client_for(self.outsider).get(
            "/api/v1/network/audit", {"indicator": "intent_kept"}).json()
        self.assertEqual((body["n"], body["funnels"]), (0, []))
