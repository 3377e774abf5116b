"""Bad input to the registry is refused with the field named, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.base import BaseTestCase, make_case, make_patient

from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes import services
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.patients.models import Patient
from tumorboard.patients.validation import InvalidInput

DIAGNOSED = dt.date(2025, 6, 1)  # the cast's case
OP = {"date": dt.date(2025, 7, 1), "procedure": "MAST", "intent": "curative", "margin": "R0"}
LARS_OK = {"flatus": "never", "liquid": "never", "frequency": "1_to_3_per_day",
           "clustering": "never", "urgency": "never"}


class ValidationTest(BaseTestCase):
    def refused(self, call: Any, field: str) -> InvalidInput:
        with self.assertRaises(InvalidInput) as caught:
            call()
        self.assertIn(field, caught.exception.errors, caught.exception.errors)
        return caught.exception

    def test_it_refuses_bad_operations(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"date": dt.date(2025, 5, 1)}, "date"),  # before diagnosis
            ({"date": dt.date(2099, 1, 1)}, "date"),
            ({"procedure": "APR"}, "procedure"),  # a rectal procedure on a breast case
            ({"procedure": "NOPE"}, "procedure"),
            ({"intent": "hopeful"}, "intent"),
            ({"margin": "R3"}, "margin"),
            ({"reconstruction": "immediate"}, "reconstruction_type"),
            ({"reconstruction": "immediate", "reconstruction_type": "autologous"}, "flap"),
            ({"reconstruction": "none", "reconstruction_type": "implant"}, "reconstruction"),
            ({"sphincter_preserved": True}, "sphincter_preserved"),
            ({"limb_outcome": "salvage"}, "limb_outcome"),
            ({"surgeon": self.outsider}, "surgeon"),
            ({"colour": "red"}, "colour"),
        ]
        for change, field in cases:
            with self.subTest(change=change):
                self.refused(lambda change=change: services.do_record_operation(
                    self.clinician, self.case, {**OP, **change}), field)
        self.assertFalse(Operation.objects.exists())

    def rectal_case(self) -> Any:
        patient = make_patient(self.coordinator, self.site, mrn="REC1")
        return make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", details={})

    def test_it_refuses_inconsistent_rectal_outcomes(self) -> None:
        case = self.rectal_case()
        base = {"date": dt.date(2025, 7, 1), "intent": "curative"}
        for change, field in [
            ({"procedure": "APR", "sphincter_preserved": True}, "sphincter_preserved"),
            ({"procedure": "APR", "permanent_stoma_18m": False}, "permanent_stoma_18m"),
            ({"procedure": "APR", "anastomosis_height_cm": 3}, "anastomosis_height_cm"),
            ({"procedure": "LAR", "anastomosis_height_cm": 30}, "anastomosis_height_cm"),
            ({"procedure": "LAR", "stoma_closure_date": dt.date(2025, 9, 1)},
             "stoma_closure_date"),
            ({"procedure": "LAR", "diverting_stoma": True,
              "stoma_closure_date": dt.date(2025, 6, 20)}, "stoma_closure_date"),
        ]:
            with self.subTest(change=change):
                self.refused(lambda change=change: services.do_record_operation(
                    self.clinician, case, {**base, **change}), field)
        lar = services.do_record_operation(self.clinician, case, {**base, "procedure": "LAR"})
        self.assertTrue(lar.sphincter_preserved)  # derived from the procedure

    def operation(self) -> Operation:
        return services.do_record_operation(self.clinician, self.case, dict(OP))

    def test_it_refuses_bad_complications(self) -> None:
        operation = self.operation()
        good = {"type": "seroma", "grade": "II", "date": dt.date(2025, 7, 5)}
        for change, field in [({"grade": "VI"}, "grade"), ({"grade": "3"}, "grade"),
                              ({"type": "dragon_bite"}, "type"),
                              ({"type": "anastomotic_leak"}, "type"),
                              ({"date": dt.date(2025, 6, 30)}, "date")]:
            with self.subTest(change=change):
                self.refused(lambda change=change: services.do_record_complication(
                    self.clinician, operation, {**good, **change}), field)
        self.assertFalse(Complication.objects.exists())
        services.do_record_complication(self.clinician, operation, good)
        operation.refresh_from_db()
        self.assertEqual(operation.cci, 20.9)  # sqrt(1750)/2, Slankamenac 2013

    def test_it_refuses_events_out_of_order(self) -> None:
        record = services.do_record_follow_up
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "local_recurrence", "date": dt.date(2025, 5, 31)}), "date")
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "death", "date": dt.date(2025, 9, 1)}), "cause_of_death")
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "last_contact", "date": dt.date(2025, 9, 1), "cause_of_death": "other"}),
            "cause_of_death")
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "relapse", "date": dt.date(2025, 9, 1)}), "type")
        record(self.clinician, self.case, {"type": "last_contact", "date": dt.date(2025, 10, 1)})
        # A death before an existing contact is out of order.
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "death", "date": dt.date(2025, 9, 1), "cause_of_death": "cancer"}), "date")

    def test_it_refuses_a_recurrence_after_death(self) -> None:
        record = services.do_record_follow_up
        record(self.clinician, self.case, {"type": "death", "date": dt.date(2025, 9, 1),
                                           "cause_of_death": "cancer"})
        patient = Patient.objects.get(pk=self.patient.pk)
        self.assertEqual(patient.date_of_death, dt.date(2025, 9, 1))  # kept consistent
        error = self.refused(lambda: record(self.clinician, self.case, {
            "type": "local_recurrence", "date": dt.date(2025, 10, 1)}), "date")
        self.assertIn("death", error.errors["date"])
        self.refused(lambda: record(self.clinician, self.case, {
            "type": "death", "date": dt.date(2025, 9, 2), "cause_of_death": "other"}), "type")
        self.assertEqual(FollowUpEvent.objects.count(), 1)
        self.assertTrue(AuditEvent.objects.filter(object_type="follow_up_event",
                                                  action="create").exists())

    def test_it_refuses_a_death_inconsistent_with_the_patient(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="D1",
                               date_of_death=dt.date(2025, 12, 1))
        case = make_case(self.coordinator, patient)
        self.refused(lambda: services.do_record_follow_up(self.clinician, case, {
            "type": "death", "date": dt.date(2025, 11, 1), "cause_of_death": "cancer"}), "date")

    def test_it_refuses_questionnaire_answers_out_of_range(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="S1")
        case = make_case(self.coordinator, patient, pathway="sarcoma",
                         primary_site_code="C49.2", histology_code="8850/3", laterality="left",
                         clinical_t="", clinical_n="", clinical_m="", details={})
        op = services.do_record_operation(self.clinician, case, {
            "date": dt.date(2025, 7, 1), "procedure": "LIMB_SPARING", "intent": "curative"})
        msts = {"limb": "lower", "pain": 9, "function": 3, "emotional_acceptance": 3,
                "supports": 3, "walking": 3, "gait": 3}
        base = {"operation": op, "instrument": "msts", "time_point_months": 6,
                "assessed_on": dt.date(2026, 1, 5)}
        score = services.do_record_function_score
        self.refused(lambda: score(self.clinician, case, {**base, "inputs": msts}),
                     "inputs.pain")
        self.refused(lambda: score(self.clinician, case, {**base, "instrument": "lars",
                                                          "inputs": LARS_OK}), "instrument")
        self.refused(lambda: score(self.clinician, case, {**base, "time_point_months": 0,
                                                          "inputs": {**msts, "pain": 4}}),
                     "time_point_months")
        self.refused(lambda: score(self.clinician, case, {
            **base, "assessed_on": dt.date(2025, 6, 1), "inputs": {**msts, "pain": 4}}),
            "assessed_on")
        self.assertFalse(FunctionScore.objects.exists())
        saved = score(self.clinician, case, {**base, "inputs": {**msts, "pain": 4}})
        self.assertEqual(saved.total, 19)
        self.refused(lambda: score(self.clinician, case, {**base, "inputs": msts | {"pain": 4}}),
                     "time_point_months")  # already recorded at 6 months
