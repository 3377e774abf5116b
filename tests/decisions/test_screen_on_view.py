"""Every case is screened when its page is viewed; a change or a new ruleset re-screens."""

from __future__ import annotations

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions.models import ScreenedOption, ScreeningResult
from tumorboard.pathways import RULESET_VERSION
from tumorboard.patients import services as patient_services


class ScreenOnViewTest(DecisionsTestCase):
    def test_it_screens_a_case_when_its_page_is_viewed(self) -> None:
        self.assertFalse(ScreeningResult.objects.filter(case=self.case).exists())
        page = self.client_for(self.clinician).get(self.case_url())
        self.assertEqual(page.status_code, 200)
        screening = self.latest_screening()
        self.assertEqual(screening.ruleset_version, RULESET_VERSION)
        self.assertEqual(screening.screened_by, self.clinician)
        codes = [o["code"] for o in screening.result["options"]]
        self.assertIn("breast_immediate_reconstruction", codes)
        self.assertContains(page, 'id="option-breast_immediate_reconstruction"')
        self.assertEqual(self.audit_count("screening"), 1)

    def test_it_does_not_screen_again_when_nothing_changed(self) -> None:
        client = self.client_for(self.clinician)
        client.get(self.case_url())
        client.get(self.case_url())
        self.assertEqual(ScreeningResult.objects.filter(case=self.case).count(), 1)

    def test_it_screens_again_after_the_case_changed(self) -> None:
        client = self.client_for(self.clinician)
        client.get(self.case_url())
        first = self.latest_screening()
        patient_services.do_update_case(self.coordinator, self.case, {},
                                        details={"smoking": True})
        client.get(self.case_url())
        rows = ScreeningResult.objects.filter(case=self.case).order_by("created", "id")
        self.assertEqual(rows.count(), 2)
        first.refresh_from_db()
        self.assertFalse(first.is_latest)
        self.assertTrue(rows.last().is_latest)  # type: ignore[union-attr]
        self.assertIs(rows.last().facts["smoking"], True)  # type: ignore[union-attr]
        # The option stayed raised, so the clock for "undecided after N days" keeps running.
        options = ScreenedOption.objects.filter(case=self.case, raised=True).order_by("id")
        self.assertEqual(len({o.raised_at for o in options}), 1)
        self.assertEqual([o.is_current for o in options], [False, True])

    def test_it_screens_again_and_says_so_when_the_ruleset_changed(self) -> None:
        client = self.client_for(self.clinician)
        client.get(self.case_url())
        ScreeningResult.objects.filter(case=self.case).update(ruleset_version="0.9.0")
        page = client.get(self.case_url())
        self.assertEqual(ScreeningResult.objects.filter(case=self.case).count(), 2)
        self.assertContains(page, 'id="ruleset-changed"')
        self.assertContains(page, "0.9.0")

    def test_it_shows_what_the_screen_could_not_use(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B1")
        case = make_case(self.coordinator, patient, pathway="bone_metastasis",
                         primary_site_code="C41.2", histology_code="8000/6", clinical_t="",
                         clinical_n="", clinical_m="", laterality="",
                         details={"spinal_levels": ["T99"], "primary_tumour": "lung"})
        page = self.client_for(self.clinician).get(self.case_url(case))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="screen-error"')
        self.assertEqual(self.latest_screening(case).error_field, "spinal_levels")

    def test_it_refers_rectal_cases_from_a_site_without_ultra_low_surgery(self) -> None:
        self.site.offers_sphincter_preservation = False
        self.site.save()
        patient = make_patient(self.coordinator, self.site, mrn="R1")
        case = make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", clinical_t="T3",
                         clinical_n="N0", clinical_m="M0",
                         details={"distance_from_anal_verge_cm": "4.0",
                                  "distance_from_anorectal_ring_cm": "2.0"})
        self.client_for(self.clinician).get(self.case_url(case))
        screening = self.latest_screening(case)
        self.assertIs(screening.facts["site_offers_sphincter_preservation"], False)
        option = next(o for o in screening.result["options"]
                      if o["code"] == "rectal_sphincter_preservation")
        self.assertEqual(option["status"], "discuss")
        self.assertTrue(any("refer" in line.lower() for line in option["advice"]), option)
