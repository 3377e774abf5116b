"""The bulk path (new patients checked in memory, then bulk-inserted) against the services
path it replaces for new patients: same records, audit rows, status changes, outcome
summaries and OperationOutcome; a bad patient anywhere writes nothing."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from django.contrib.auth.models import AnonymousUser

from tests.base import BaseTestCase, make_patient
from tests.fhir.cases import PATHWAY_CASES, case_values
from tumorboard.accounts.models import AuditEvent
from tumorboard.fhir import codes
from tumorboard.fhir.export import patient_bundle
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle, import_bundles
from tumorboard.fhir.problems import FhirInputError
from tumorboard.fhir.writer import Writer
from tumorboard.network.models import Site
from tumorboard.outcomes.hooks import deferred_refresh
from tumorboard.outcomes.models import CaseOutcome
from tumorboard.patients import services
from tumorboard.patients.models import Case, CaseStatusChange, Patient
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

PATIENT_FIELDS = ("mrn", "family_name", "given_name", "sex", "birth_date", "phone", "email",
                  "address", "preferred_language", "research_consent", "date_of_death",
                  "family_name_key", "mrn_key")
CASE_FIELDS = ("pathway", "primary_site_code", "primary_site_label", "histology_code",
               "histology_label", "laterality", "diagnosis_date", "ecog", "clinical_t",
               "clinical_n", "clinical_m", "clinical_stage", "pathological_t",
               "pathological_n", "pathological_m", "pathological_stage", "grade", "status")
OUTCOME_FIELDS = ("pathway", "diagnosis_year", "stage", "last_known", "dead", "os_days",
                  "os_event", "operated", "treatment")


def _services_only(self: Writer, plans: list[Any], found: Any, seen: Any) -> list[Any]:
    """Writer.prepare sending every patient down the services path (the old importer)."""
    self.updates.extend(plan for plan in plans
                        if plan.existing_patient or self.plan_sites.get(plan.index))
    return []


class BulkImportTest(BaseTestCase):
    north: Site
    sources: list[Patient]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.north = Site.objects.create(code="NORTH", name="North Hill Hospital")
        cls.sources = []
        for pathway in PATHWAY_CASES:
            patient = make_patient(cls.coordinator, cls.site, mrn=f"BK-{pathway}",
                                   family_name="Smith", given_name=pathway.title(),
                                   phone="555-0101", research_consent=True)
            values, details = case_values(pathway)
            services.do_create_case(cls.coordinator, patient, values, details=details)
            cls.sources.append(patient)

    def _bundle(self, site_code: str, patients: list[Patient] | None = None) -> dict[str, Any]:
        """One collection bundle holding several patients, their MRNs at site_code."""
        entries: list[dict[str, Any]] = []
        for patient in patients or self.sources:
            part = patient_bundle(patient)
            part["entry"][0]["resource"]["identifier"][0]["system"] = codes.mrn_system(
                site_code)
            entries.extend(part["entry"])
        return {"resourceType": "Bundle", "type": "collection", "entry": entries}

    def _import(self, bundle: dict[str, Any], site: Site, user: Any = None) -> ImportResult:
        context = ImportContext(user or AnonymousUser(), site, None)
        return import_bundle(json.loads(json.dumps(bundle)), context)

    def _both(self) -> tuple[ImportResult, ImportResult]:
        bulk = self._import(self._bundle("WEST"), self.other_site)
        with mock.patch.object(Writer, "prepare", _services_only):
            serviced = self._import(self._bundle("NORTH"), self.north)
        return bulk, serviced

    def _snapshot(self, site: Site) -> list[dict[str, Any]]:
        rows = []
        for case in Case.objects.filter(site=site).select_related("patient", "outcome"):
            patient = case.patient
            detail = getattr(case, DETAIL_ACCESSORS[case.pathway])
            changes = list(case.status_changes.values_list("from_status", "to_status", "note",
                                                           "changed_by"))
            # Screening is audited per case by the services and per batch by the bulk path;
            # both leave every case screened (asserted in the test).
            events = AuditEvent.objects.filter(patient_id=str(patient.external_id))
            audit = sorted(events.exclude(object_type="screening").values_list(
                "action", "object_type", "channel", "username", "site_id", "detail"), key=repr)
            rows.append({
                "patient": [getattr(patient, f) for f in PATIENT_FIELDS],
                "case": [getattr(case, f) for f in CASE_FIELDS],
                "detail": {f: getattr(detail, f) for f in PATHWAY_CASES[case.pathway][1]},
                "changes": changes,
                "audit": [(a, o, c, u, s == site.pk, d) for a, o, c, u, s, d in audit],
                "outcome": [getattr(case.outcome, f) for f in OUTCOME_FIELDS],
            })
        return sorted(rows, key=lambda row: row["patient"][0])

    def test_it_imports_several_patients_identically_in_bulk_and_through_the_services(
            self) -> None:
        bulk, serviced = self._both()
        assert bulk.patients == serviced.patients == len(PATHWAY_CASES)
        assert bulk.cases == serviced.cases == len(PATHWAY_CASES)
        assert bulk.issues == serviced.issues
        assert {k: s for k, (s, _) in bulk.locations.items()} == {
            k: s for k, (s, _) in serviced.locations.items()}
        assert {s for s, _ in bulk.locations.values()} == {"201 Created"}
        west, north = self._snapshot(self.other_site), self._snapshot(self.north)
        assert len(west) == len(PATHWAY_CASES)
        for one, other in zip(west, north, strict=True):
            for key in one:
                assert one[key] == other[key], (key, one[key], other[key])
        for site in (self.other_site, self.north):
            unscreened = Case.objects.filter(site=site, screenings__isnull=True)
            assert not unscreened.exists(), site

    def test_it_writes_one_audit_row_and_one_status_change_per_record(self) -> None:
        before = AuditEvent.objects.count()
        self._import(self._bundle("WEST"), self.other_site)
        cases = Case.objects.filter(site=self.other_site)
        events = AuditEvent.objects.filter(site=self.other_site, action="create")
        # a create row per patient and per case, and one for screening the batch in bulk
        assert AuditEvent.objects.count() - before == 2 * len(PATHWAY_CASES) + 1
        assert sorted(events.values_list("object_type", flat=True)) == sorted(
            ["patient", "case"] * len(PATHWAY_CASES))
        assert {e.channel for e in events} == {"cli"}
        assert CaseStatusChange.objects.filter(case__in=cases, note="case created").count() \
            == len(PATHWAY_CASES)
        assert CaseOutcome.objects.filter(case__in=cases).count() == len(PATHWAY_CASES)

    def test_it_writes_nothing_when_a_patient_in_the_middle_is_refused(self) -> None:
        bundle = self._bundle("WEST")
        middle = next(i for i, e in enumerate(bundle["entry"])
                      if e["resource"]["resourceType"] == "Condition"
                      and e["resource"]["subject"]["reference"].endswith(
                          str(self.sources[2].external_id)))
        bundle["entry"][middle]["resource"]["onsetDateTime"] = "1901-01-01"  # before birth
        counts = (Patient.objects.count(), Case.objects.count(), AuditEvent.objects.count(),
                  CaseStatusChange.objects.count(), CaseOutcome.objects.count())
        with self.assertRaises(FhirInputError) as raised:
            self._import(bundle, self.other_site)
        errors = raised.exception.problems.errors
        assert errors[0].expression.startswith(f"Bundle.entry[{middle}]"), errors
        assert "before the date of birth" in errors[0].diagnostics
        assert counts == (Patient.objects.count(), Case.objects.count(),
                          AuditEvent.objects.count(), CaseStatusChange.objects.count(),
                          CaseOutcome.objects.count())

    def test_it_names_the_bad_bundle_of_several_and_writes_none_of_them(self) -> None:
        bundles = [self._bundle("WEST", [patient]) for patient in self.sources[:3]]
        bundles[1]["entry"][0]["resource"]["birthDate"] = "2999-01-01"
        context = ImportContext(AnonymousUser(), self.other_site, None)
        with self.assertRaises(FhirInputError) as raised:
            import_bundles(bundles, context)
        assert raised.exception.index == 1
        assert not Patient.objects.filter(site=self.other_site).exists()

    def test_it_updates_patients_already_stored_or_repeated_in_the_same_import(self) -> None:
        bundle = self._bundle("WEST", self.sources[:2])
        context = ImportContext(AnonymousUser(), self.other_site, None)
        first, repeated = import_bundles([bundle, bundle], context)
        again = import_bundle(bundle, context)
        assert {s for s, _ in first.locations.values()} == {"201 Created"}
        assert {s for s, _ in repeated.locations.values()} == {"200 OK"}
        assert {s for s, _ in again.locations.values()} == {"200 OK"}
        assert Patient.objects.filter(site=self.other_site).count() == 2
        assert Case.objects.filter(site=self.other_site).count() == 2


class DeferredRefreshTest(BaseTestCase):
    def test_it_refreshes_summaries_at_the_end_of_the_block_not_at_each_save(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="DEFER-1")
        values, details = case_values("breast")
        with deferred_refresh():
            case = services.do_create_case(self.coordinator, patient, values, details=details)
            assert not CaseOutcome.objects.filter(case=case).exists()
        assert CaseOutcome.objects.get(case=case).pathway == "breast"

    def test_it_refreshes_at_each_save_outside_the_block(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="DEFER-2")
        values, details = case_values("rectum")
        case = services.do_create_case(self.coordinator, patient, values, details=details)
        assert CaseOutcome.objects.get(case=case).pathway == "rectum"

    def test_it_refreshes_nothing_when_the_block_raises(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="DEFER-3")
        values, details = case_values("melanoma")
        with self.assertRaises(RuntimeError), deferred_refresh() as pending:
            case = services.do_create_case(self.coordinator, patient, values, details=details)
            assert pending == {case.pk}
            raise RuntimeError("rolled back by the caller")
        assert not CaseOutcome.objects.filter(case=case).exists()
