"""The pre-aggregated tallies stay equal to counts taken from the per-case rows.

After every write of a sequence (new records, a death recorded later, a case moving to
another treatment group, a diagnosis date and a date of death changed in the patients
app, a case moved to another pathway, a summary deleted through the ORM), the tallies must
equal counts computed here in plain Python from CaseOutcome, and the dashboard figures
fitted on the tallies must equal those fitted on the GROUP BY over CaseOutcome.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any
from unittest import mock

from django.db import transaction
from tests.base import BaseTestCase, make_case, make_patient
from tests.outcomes.registry_fixtures import OPERATED, build_registry, day

from tumorboard.outcomes import registry, services, summary, tallies
from tumorboard.outcomes.models import CaseOutcome, OutcomeTimeTally, OutcomeTotalTally
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import Case

TODAY = dt.date(2026, 11, 23)
CCI_BINS: tuple[Callable[[float], bool], ...] = (  # 0 / 0.1-20.9 / 21-39.9 / ... / 100
    lambda c: c == 0, lambda c: 0 < c < 21, lambda c: 21 <= c < 40, lambda c: 40 <= c < 60,
    lambda c: 60 <= c < 100, lambda c: c >= 100)
RATE_FLAGS = ("reconstruction", "sphincter_preserved", "permanent_stoma", "anastomotic_leak",
              "limb_salvage", "death_90d")


def expected_time_cells() -> Counter[tuple[Any, ...]]:
    """(pathway, site, treatment, day, column) -> count, straight from the case rows."""
    cells: Counter[tuple[Any, ...]] = Counter()
    for row in CaseOutcome.objects.values():
        key = (row["pathway"], row["site_id"], row["treatment"])
        cells[(*key, row["os_days"], "os_events" if row["os_event"] else "os_censored")] += 1
        cells[(*key, row["dfs_days"], "dfs_events" if row["dfs_event"] else "dfs_censored")] += 1
        cause = {0: "lr_censored", 1: "lr_local", 2: "lr_death"}[row["lr_cause"]]
        cells[(*key, row["lr_days"], cause)] += 1
    return cells


def expected_total_cells() -> Counter[tuple[Any, ...]]:
    cells: Counter[tuple[Any, ...]] = Counter()
    for found in CaseOutcome.objects.values():
        row: dict[str, Any] = dict(found)
        key = (row["pathway"], row["site_id"], row["dead"], row["last_known"])
        cells[(*key, "cases")] += 1
        for flag in RATE_FLAGS:
            if row[flag] is not None:
                cells[(*key, f"{flag}_total")] += 1
                cells[(*key, f"{flag}_events")] += row[flag]
        cci = row["index_cci"]
        for index, in_bin in enumerate(CCI_BINS):
            if cci is not None and in_bin(cci):
                cells[(*key, f"cci_{index}")] += 1
    return +cells  # drop zeros


def stored_cells(model: type[Any], key: tuple[str, ...],
                 counts: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    cells: Counter[tuple[Any, ...]] = Counter()
    for row in model.objects.values():
        for column in counts:
            cells[(*(row[k] for k in key), column)] += row[column]
    return +cells


class TalliesTest(BaseTestCase):
    cases: list[Case]
    west_cases: list[Case]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_registry(cls.coordinator, cls.site)
        # Services repeat the door's check: a writer of WEST's rows is a member of WEST.
        cls.west_cases = build_registry(cls.outsider, cls.other_site, prefix="W")

    def assert_tallies_match_rows(self) -> None:
        self.assertEqual(stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS),
                         expected_time_cells())
        self.assertEqual(
            stored_cells(OutcomeTotalTally, tallies.TOTAL_KEY, tallies.TOTAL_COUNTS),
            expected_total_cells())

    def assert_same_figures(self, site_ids: frozenset[int]) -> None:
        filters = registry.RegistryFilters("breast", site_ids)
        self.assertTrue(filters.tallied)
        for suppress in (False, True):
            tallied = registry.compute_registry(filters, suppress=suppress, today=TODAY)
            with mock.patch.object(registry.RegistryFilters, "tallied",
                                   new=property(lambda self: False)):
                grouped = registry.compute_registry(filters, suppress=suppress, today=TODAY)
            self.assertEqual(tallied.figures, grouped.figures)
            for endpoint, curves in grouped.curves.items():
                self.assertEqual([g for g, _ in tallied.curves[endpoint]],
                                 [g for g, _ in curves])
                for (_, ours), (_, theirs) in zip(tallied.curves[endpoint], curves,
                                                  strict=True):
                    self.assertEqual(ours.time.tolist(), theirs.time.tolist())
                    self.assertEqual(ours.survival.tolist(), theirs.survival.tolist())

    def edits(self) -> list[tuple[str, Callable[[], None]]]:
        user = self.coordinator
        cases = self.cases

        def death_recorded_later() -> None:  # case 8: last contact 900, now a death at 1000
            services.do_record_follow_up(user, cases[7], {"type": "death", "date": day(1000),
                                                          "cause_of_death": "other"})

        def moves_treatment_group() -> None:  # case 9: breast-conserving -> mastectomy+recon
            services.do_record_operation(user, cases[8], {
                "date": OPERATED + dt.timedelta(days=60), "procedure": "MAST",
                "intent": "curative", "margin": "R0", "reconstruction": "immediate",
                "reconstruction_type": "implant"})

        def complication_changes_cci() -> None:
            operation = cases[1].operations.order_by("date").first()
            assert operation is not None
            services.do_record_complication(user, operation, {
                "type": "wound_infection", "grade": "IVa", "date": day(60)})

        def diagnosis_date_changed() -> None:  # every day of case 10 shifts by a year
            patient_services.do_update_case(user, cases[9], {
                "diagnosis_date": cases[9].diagnosis_date - dt.timedelta(days=365)})

        def date_of_death_on_patient() -> None:  # case 3 (west): death set in the patients app
            patient = self.west_cases[2].patient
            patient_services.do_update_patient(self.outsider, patient,
                                               {"date_of_death": day(350)})

        def moved_to_another_pathway() -> None:  # as a bulk fix-up would, then refreshed
            Case.objects.filter(pk=cases[5].pk).update(pathway="melanoma")
            summary.refresh_cases([cases[5].pk])

        def summary_deleted_with_orm() -> None:  # e.g. the cascade from a deleted case
            CaseOutcome.objects.filter(case=self.case).delete()

        def missing_summary_rebuilt() -> None:
            summary.refresh_missing()

        def new_case_at_the_other_site() -> None:
            patient = make_patient(self.outsider, self.other_site, mrn="W999")
            make_case(self.outsider, patient, diagnosis_date=dt.date(2019, 5, 1))

        return [("death recorded later", death_recorded_later),
                ("moves treatment group", moves_treatment_group),
                ("complication changes the CCI", complication_changes_cci),
                ("diagnosis date changed", diagnosis_date_changed),
                ("date of death on the patient", date_of_death_on_patient),
                ("moved to another pathway", moved_to_another_pathway),
                ("summary deleted through the ORM", summary_deleted_with_orm),
                ("missing summary rebuilt", missing_summary_rebuilt),
                ("new case at the other site", new_case_at_the_other_site)]

    def test_it_keeps_the_tallies_equal_to_the_rows_after_each_write(self) -> None:
        self.assert_tallies_match_rows()
        both = frozenset({self.site.pk, self.other_site.pk})
        for name, edit in self.edits():
            with self.subTest(edit=name):
                edit()
                self.assert_tallies_match_rows()
                self.assert_same_figures(both)
                self.assert_same_figures(frozenset({self.site.pk}))

    def test_it_sees_the_edits_in_the_figures(self) -> None:
        filters = registry.RegistryFilters("breast", frozenset({self.site.pk}))

        def overall() -> dict[str, Any]:
            figures = registry.compute_registry(filters, suppress=False, today=TODAY).figures
            return next(g for g in figures["os"]["groups"] if g["group"] == "all")

        # The ten cases of the fixture plus the base test case (no records, censored at 0).
        self.assertEqual((overall()["n"], overall()["events"]), (11, 5))
        edits = dict(self.edits())
        edits["death recorded later"]()
        self.assertEqual((overall()["n"], overall()["events"]), (11, 6))
        edits["moved to another pathway"]()
        self.assertEqual((overall()["n"], overall()["events"]), (10, 6))

    def test_it_leaves_the_tallies_alone_when_the_write_rolls_back(self) -> None:
        before = stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS)
        with self.assertRaises(RuntimeError), transaction.atomic():
            Case.objects.filter(pk=self.cases[0].pk).update(pathway="melanoma")
            summary.refresh_cases([self.cases[0].pk])
            self.assertNotEqual(
                stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS), before)
            raise RuntimeError("rolled back")
        self.assertEqual(stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS),
                         before)

    def test_it_rebuilds_the_same_tallies_from_scratch(self) -> None:
        dict(self.edits())["moves treatment group"]()
        kept = stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS)
        kept_totals = stored_cells(OutcomeTotalTally, tallies.TOTAL_KEY, tallies.TOTAL_COUNTS)
        tallies.rebuild()
        self.assertEqual(stored_cells(OutcomeTimeTally, tallies.TIME_KEY, tallies.TIME_COUNTS),
                         kept)
        self.assertEqual(
            stored_cells(OutcomeTotalTally, tallies.TOTAL_KEY, tallies.TOTAL_COUNTS), kept_totals)

    def test_it_uses_the_tallies_only_without_case_level_filters(self) -> None:
        site = frozenset({self.site.pk})
        table: list[tuple[dict[str, Any], bool]] = [
            ({}, True), ({"year_from": 2018}, False), ({"year_to": 2020}, False),
            ({"surgeon_id": self.clinician.pk}, False), ({"stage": "II"}, False)]
        for extra, tallied in table:
            with self.subTest(filters=extra):
                filters = registry.RegistryFilters("breast", site, **extra)
                self.assertEqual(filters.tallied, tallied)
