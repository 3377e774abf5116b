"""A case is screened when its facts change, in the service that changes them; reading never
screens; a new ruleset re-screens open cases and reports the advice that changed."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions import services as screening_services
from tumorboard.decisions.models import ScreenedOption, ScreeningResult, ScreeningTrigger
from tumorboard.pathways import RULESET_VERSION, labels
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import CaseStatus
from tumorboard.patients.pathway_models import BoneMetastasisDetails
from tumorboard.patients.validation import InvalidInput

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def data_writes(queries: list[dict[str, str]]) -> list[str]:
    """Writes other than the audit trail's own rows (reads are audited by design)."""
    return [q["sql"] for q in queries if WRITE.match(q["sql"]) and "audit" not in q["sql"]]


class ScreenOnChangeTest(DecisionsTestCase):
    def test_it_screens_a_case_when_it_is_created(self) -> None:
        screening = self.latest_screening()
        self.assertEqual(screening.trigger, ScreeningTrigger.CHANGE)
        self.assertEqual(screening.ruleset_version, RULESET_VERSION)
        self.assertIn("breast_immediate_reconstruction",
                      [o["code"] for o in screening.result["options"]])

    def test_it_screens_again_when_a_fact_the_screen_reads_changes(self) -> None:
        before = self.latest_screening()
        patient_services.do_update_case(self.clinician, self.case, {"clinical_t": "T4d"})
        after = self.latest_screening()
        self.assertNotEqual(before.pk, after.pk)
        immediate = next(o for o in after.result["options"]
                         if o["code"] == "breast_immediate_reconstruction")
        self.assertEqual(immediate["status"], "not_indicated")
        self.assertIn({"code": "breast_immediate_reconstruction", "before": "offer",
                       "after": "not_indicated"}, after.changes)

    def test_it_does_not_screen_again_when_only_the_notes_change(self) -> None:
        before = self.latest_screening()
        patient_services.do_update_case(self.clinician, self.case, {"notes": "seen in clinic"})
        self.assertEqual(self.latest_screening().pk, before.pk)

    def test_it_rolls_the_screening_back_with_a_refused_change(self) -> None:
        before = self.latest_screening()
        with self.assertRaises(InvalidInput):
            patient_services.do_update_case(self.clinician, self.case, {"clinical_t": "T9"})
        self.assertEqual(self.latest_screening().pk, before.pk)

    def test_it_writes_nothing_when_the_case_page_is_read(self) -> None:
        for user in (self.clinician, self.coordinator):
            client = self.client_for(user)
            ScreeningResult.objects.filter(case=self.case).update(ruleset_version="0.9")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(self.case_url())
            self.assertEqual(response.status_code, 200)
            self.assertEqual(data_writes(queries.captured_queries), [], user)
            self.assertEqual(ScreeningResult.objects.filter(case=self.case).count(), 1)

    def test_it_shows_an_unscreened_case_without_screening_it(self) -> None:
        ScreenedOption.objects.filter(case=self.case).delete()
        ScreeningResult.objects.filter(case=self.case).delete()
        response = self.client_for(self.clinician).get(self.panel_url())
        self.assertContains(response, 'id="not-screened"')
        self.assertFalse(ScreeningResult.objects.filter(case=self.case).exists())


class RulesetChangeTest(DecisionsTestCase):
    def _pretend_old_ruleset(self) -> None:
        """As if the case had been screened by 1.0.0, which offered immediate reconstruction
        for an inflammatory cancer (the finding that made 2.0.0)."""
        patient_services.do_update_case(self.clinician, self.case, {"clinical_t": "T4d"})
        old = self.latest_screening()
        result = dict(old.result)
        result["options"] = [dict(o, status="offer") if o["code"] ==
                             "breast_immediate_reconstruction" else o for o in result["options"]]
        ScreeningResult.objects.filter(pk=old.pk).update(ruleset_version="1.0.0", result=result)

    def test_it_rescreens_open_cases_and_reports_changed_advice(self) -> None:
        self._pretend_old_ruleset()
        closed = make_case(self.coordinator, self.patient)
        ScreeningResult.objects.filter(case=closed).update(ruleset_version="1.0.0")
        type(closed).objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
        out = io.StringIO()
        call_command("screen_cases", stdout=out)
        latest = self.latest_screening()
        self.assertEqual((latest.trigger, latest.previous_ruleset_version),
                         (ScreeningTrigger.RULESET, "1.0.0"))
        self.assertIn({"code": "breast_immediate_reconstruction", "before": "offer",
                       "after": "not_indicated"}, latest.changes)
        self.assertIn("breast_immediate_reconstruction: offer -> not_indicated", out.getvalue())
        self.assertEqual(self.latest_screening(closed).ruleset_version, "1.0.0")

    def test_it_lists_changed_cases_for_clinicians_of_the_site_only(self) -> None:
        self._pretend_old_ruleset()
        call_command("screen_cases", stdout=io.StringIO())
        page = self.client_for(self.clinician).get("/decisions/ruleset-changes/")
        self.assertContains(page, self.patient.mrn)
        self.assertContains(page, "Immediate breast reconstruction")
        other = self.client_for(self.outsider).get("/decisions/ruleset-changes/")
        self.assertEqual(other.status_code, 200)
        self.assertNotContains(other, self.patient.mrn)
        self.assertEqual(self.client_for(self.welfare).get("/decisions/ruleset-changes/")
                         .status_code, 403)


class ReadableScreenTest(DecisionsTestCase):
    def visible_text(self, html: str) -> str:
        body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
        return re.sub(r"<[^>]+>", " ", body)

    def test_it_shows_no_option_status_or_fact_code_in_either_language(self) -> None:
        patient_services.do_update_case(self.clinician, self.case, {"clinical_t": "T4d"},
                                        details={"bmi": None})
        # Keys with an underscore: a plain word such as "offer" is also ordinary prose.
        codes = {key for key in (*labels.OPTION_TITLES, *labels.STATUS_LABELS,
                                 *labels.FACT_LABELS) if "_" in key}
        client = self.client_for(self.clinician)
        for language in ("en", "zh-hans"):
            with translation.override(language):
                html = client.get(self.case_url(), HTTP_ACCEPT_LANGUAGE=language).content
            text = self.visible_text(html.decode())
            shown = sorted(code for code in codes if re.search(rf"\b{code}\b", text))
            self.assertEqual(shown, [], language)

    def test_it_translates_titles_and_reasons_into_chinese(self) -> None:
        client = self.client_for(self.clinician)
        with translation.override("zh-hans"):
            html = client.get(self.case_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        self.assertNotIn("Immediate breast reconstruction", html)
        self.assertIn("乳房", html)


class ScreenFactsFromTheRecordTest(DecisionsTestCase):
    def test_it_shows_what_the_screen_could_not_use(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B1")
        case = make_case(self.coordinator, patient, pathway="bone_metastasis",
                         primary_site_code="C41.2", histology_code="8000/6", clinical_t="",
                         clinical_n="", clinical_m="", laterality="",
                         details={"spinal_levels": ["T10"], "primary_tumour": "lung"})
        # A level stored before levels were checked (legacy data): shown, never guessed.
        BoneMetastasisDetails.objects.filter(case=case).update(spinal_levels=["T99"])
        screening_services.do_screen_case(self.clinician, type(case).objects.get(pk=case.pk))
        page = self.client_for(self.clinician).get(self.panel_url(case))
        self.assertContains(page, 'id="screen-error"')
        self.assertEqual(self.latest_screening(case).error_field, "spinal_lesions[0].level")

    def test_it_refuses_an_unknown_spinal_level_when_it_is_entered(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B2")
        with self.assertRaises(InvalidInput) as refused:
            make_case(self.coordinator, patient, pathway="bone_metastasis",
                      primary_site_code="C41.2", histology_code="8000/6", clinical_t="",
                      clinical_n="", clinical_m="", laterality="",
                      details={"spinal_levels": ["T99"]})
        self.assertEqual(refused.exception.field, "details.spinal_levels")

    def test_it_refers_rectal_cases_from_a_site_without_ultra_low_surgery(self) -> None:
        self.site.offers_sphincter_preservation = False
        self.site.save()
        patient = make_patient(self.coordinator, self.site, mrn="R1")
        case = make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", clinical_t="T3",
                         clinical_n="N0", clinical_m="M0",
                         details={"distance_from_anal_verge_cm": "4.0",
                                  "distance_from_anorectal_ring_cm": "2.0",
                                  "internal_sphincter_invaded": False,
                                  "external_sphincter_or_levator_invaded": False})
        screening = self.latest_screening(case)
        self.assertIs(screening.facts["site_offers_sphincter_preservation"], False)
        option = next(o for o in screening.result["options"]
                      if o["code"] == "rectal_sphincter_preservation")
        self.assertEqual(option["classification"], "I")  # 2 cm above the ring: Rullier I
        self.assertTrue(any("refer" in str(line).lower() for line in option["advice"]), option)
