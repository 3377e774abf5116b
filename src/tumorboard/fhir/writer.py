"""Writing planned patients: new patients (with only new cases) are checked in memory and
bulk-inserted together (bulk.py); patients or cases that exist already are updated through
the patients services, each patient in a savepoint. Problems go to the bundle's Problems."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from tumorboard.fhir import bulk
from tumorboard.fhir import plan as planning
from tumorboard.fhir.observation import observation_id
from tumorboard.fhir.problems import Problems
from tumorboard.network.models import Site
from tumorboard.patients import services
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput

PATIENT_PATHS = {"mrn": "identifier", "family_name": "name.family", "given_name": "name.given",
                 "birth_date": "birthDate", "date_of_death": "deceasedDateTime",
                 "email": "telecom", "phone": "telecom", "address": "address", "sex": "gender"}


@dataclass
class ImportContext:
    user: User | AnonymousUser
    default_site: Site
    allowed_site_ids: set[int] | None  # None: any site (the command line)
    request: HttpRequest | None = None


def _patient_paths(plan: planning.PatientPlan) -> dict[str, str]:
    return {k: f"{plan.where}.{v}" for k, v in PATIENT_PATHS.items()}


def _given(plan: planning.PatientPlan) -> dict[str, Any]:
    return {k: v for k, v in plan.values.items() if v is not None}


class Writer:
    """New patients (with only new cases) are checked in memory and bulk-inserted
    (bulk.py); patients or cases that exist already are updated through the services."""

    def __init__(self, context: ImportContext, problems: Problems,
                 sites: dict[str, Site | None]) -> None:
        self.context = context
        self.problems = problems
        self.sites = sites  # site code -> Site, shared by the bundles of one import
        self.plan_sites: dict[int, Site | None] = {}
        self.updates: list[planning.PatientPlan] = []
        self.patient_ids: dict[int, tuple[str, str]] = {}
        self.case_ids: dict[int, tuple[str, str]] = {}
        self.patient_count = 0
        self.case_count = 0

    def _site(self, plan: planning.PatientPlan) -> Site | None:
        code = plan.site_code
        if code is None:
            return self.context.default_site
        if code not in self.sites:
            site = Site.objects.filter(code=code).first()
            allowed = self.context.allowed_site_ids
            self.sites[code] = site if site and (allowed is None or site.pk in allowed) else None
        if self.sites[code] is None:
            self.problems.error(f"{plan.where}.identifier.system", f"no site {code!r} that you "
                                "may write to", code="security")
        return self.sites[code]

    def _report(self, error: InvalidInput, where: str, paths: dict[str, str]) -> None:
        for name, message in error.errors.items():
            target = paths.get(name, where)
            self.problems.error(target, f"{name}: {message}", code="invariant")

    def mrn_keys(self, plans: list[planning.PatientPlan]) -> list[tuple[int, str]]:
        """(site, MRN) of the bundle's patients, reporting sites the user may not write to."""
        self.plan_sites = {plan.index: self._site(plan) for plan in plans
                           if not plan.existing_patient}
        return [(site.pk, plan.mrn) for plan in plans
                if (site := self.plan_sites.get(plan.index)) and plan.mrn]

    def prepare(self, plans: list[planning.PatientPlan], found: set[tuple[int, str]],
                seen: set[tuple[int, str]]) -> list[bulk.NewPatient]:
        """New patients checked in memory, for bulk.write; the rest is kept for
        write_updates. `found`: patients already stored; `seen`: new ones met so far."""
        fresh: list[bulk.NewPatient] = []
        for plan in plans:
            site = self.plan_sites.get(plan.index)
            if site is None and not plan.existing_patient:
                continue  # reported by mrn_keys
            key = (site.pk, plan.mrn or "") if site else (0, "")
            if plan.existing_patient or key in found or key in seen or any(
                    case.existing_case for case in plan.cases):
                self.updates.append(plan)  # as is a repeated MRN: it updates the first
            elif site is not None:
                seen.add(key)
                prepared = self._prepare(site, plan)
                fresh.extend([prepared] if prepared else [])
        return fresh

    def write_updates(self) -> None:
        for plan in self.updates:
            self.write_patient(plan)

    def _prepare(self, site: Site, plan: planning.PatientPlan) -> bulk.NewPatient | None:
        today = timezone.localdate()
        try:
            new = bulk.new_patient(site, plan.mrn or "", _given(plan), today)
        except InvalidInput as error:
            self._report(error, plan.where, _patient_paths(plan))
            return None
        for case_plan in plan.cases:
            try:
                made = bulk.new_case(new.patient, self._case_values(case_plan),
                                     case_plan.details, today)
            except InvalidInput as error:
                self._report(error, case_plan.where, case_plan.sources)
                return None
            new.cases.append(made)
            self._done_case(made.case, case_plan, "201 Created")
        self._done_patient(new.patient, plan, "201 Created")
        return new

    def write_patient(self, plan: planning.PatientPlan) -> None:
        try:
            with transaction.atomic():
                patient = self._save_patient(plan)
                if patient is not None:
                    for case_plan in plan.cases:
                        self._save_case(patient, case_plan)
        except InvalidInput:
            pass  # reported already; the savepoint is rolled back

    def _save_patient(self, plan: planning.PatientPlan) -> Patient | None:
        user, request = self.context.user, self.context.request
        if plan.existing_patient:
            return Patient.objects.select_related("site").get(external_id=plan.existing_patient)
        site = self.plan_sites.get(plan.index)
        if site is None:
            return None
        values = _given(plan)
        # Read again, not taken from the lookup: an earlier bundle may have changed it.
        existing = Patient.objects.filter(site=site, mrn=plan.mrn).first()
        try:
            if existing is None:
                patient = services.do_create_patient(user, site, {"mrn": plan.mrn, **values},
                                                     request=request)
                status = "201 Created"
            else:
                patient = services.do_update_patient(user, existing, values, request=request)
                status = "200 OK"
        except InvalidInput as error:
            self._report(error, plan.where, _patient_paths(plan))
            raise
        self._done_patient(patient, plan, status)
        return patient

    def _done_patient(self, patient: Patient, plan: planning.PatientPlan, status: str) -> None:
        self.patient_count += 1
        self.patient_ids[plan.index] = (status, f"Patient/{patient.external_id}")

    def _match_case(self, patient: Patient, plan: planning.CasePlan) -> Case | None:
        if plan.existing_case:
            return Case.objects.select_related("patient").get(external_id=plan.existing_case)
        cases = Case.objects.filter(patient=patient).select_related("patient")
        found = cases.filter(external_id=plan.condition_id).first() if _is_uuid(
            plan.condition_id) else None
        return found or cases.filter(
            pathway=plan.values["pathway"], primary_site_code=plan.values["primary_site_code"],
            diagnosis_date=plan.values["diagnosis_date"]).first()

    def _case_values(self, plan: planning.CasePlan) -> dict[str, Any]:
        values = dict(plan.values)
        given = values.get("pathological_t") or values.get("pathological_n")
        if given and not values.get("pathological_m") and values.get("clinical_m"):
            # AJCC 8: pathological stage groups use cM when pM is not assessed.
            values["pathological_m"] = values["clinical_m"]
            self.problems.note(plan.where, "pathological M not given: clinical M used "
                               "for the pathological stage group (AJCC 8th ed.)")
        return values

    def _save_case(self, patient: Patient, plan: planning.CasePlan) -> None:
        values = self._case_values(plan)
        existing = self._match_case(patient, plan)
        paths = {**plan.sources}
        user, request = self.context.user, self.context.request
        try:
            if existing is None:
                case = services.do_create_case(user, patient, values, details=plan.details,
                                               request=request)
                status = "201 Created"
            else:
                values.pop("pathway", None)
                case = services.do_update_case(user, existing, values, details=plan.details,
                                               request=request)
                status = "200 OK"
        except InvalidInput as error:
            self._report(error, plan.where, paths)
            raise
        self._done_case(case, plan, status)

    def _done_case(self, case: Case, plan: planning.CasePlan, status: str) -> None:
        self._compare_stages(case, plan)
        self.case_count += 1
        if plan.index >= 0:
            self.case_ids[plan.index] = (status, f"Condition/{case.external_id}")
        for member, kind in plan.members:
            self.case_ids[member] = (status, f"Observation/{observation_id(case, kind)}")

    def _compare_stages(self, case: Case, plan: planning.CasePlan) -> None:
        for kind, (given, where) in plan.stages.items():
            derived = getattr(case, kind)
            if given and derived != given:
                self.problems.warn(where, f"stage group {given} given; tumorboard derives "
                                   f"{derived or 'none'} from the T, N and M it received and "
                                   "keeps its own")

    def locations(self) -> dict[int, tuple[str, str]]:
        return {**self.case_ids, **self.patient_ids}


def stored_mrns(keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """The (site, MRN) pairs of patients already in tumorboard: one query."""
    if not keys:
        return set()
    by_site: dict[int, list[str]] = {}
    for site_id, mrn in keys:
        by_site.setdefault(site_id, []).append(mrn)
    match = Q()
    for site_id, mrns in by_site.items():
        match |= Q(site_id=site_id, mrn__in=mrns)
    return set(Patient.objects.filter(match).values_list("site_id", "mrn"))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
