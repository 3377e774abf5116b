"""Importing a Bundle: validate, plan, then write through the patients services inside one
transaction. Any error rolls the whole bundle back and is reported in an OperationOutcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest

from tumorboard.fhir import plan as planning
from tumorboard.fhir.observation import observation_id
from tumorboard.fhir.problems import FhirInputError, Issue, Problems
from tumorboard.fhir.validate import checked_bundle, load_json
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


@dataclass
class ImportResult:
    bundle_type: str
    locations: dict[int, tuple[str, str]]  # entry index -> (status, "Type/id")
    issues: list[Issue]
    patients: int
    cases: int
    resources: int


class Lookup:
    """What the planner may ask about records already in tumorboard, within the scope."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def _visible(self, site_id: int) -> bool:
        allowed = self.context.allowed_site_ids
        return allowed is None or site_id in allowed

    def __call__(self, kind: str, external_id: str) -> Any:
        if kind == "Patient":
            found = Patient.objects.filter(external_id=external_id).values_list("site_id")
            return any(self._visible(row[0]) for row in found)
        case = Case.objects.filter(external_id=external_id).values_list("site_id", "pathway")
        row = case.first()
        if row is None or not self._visible(row[0]):
            return "" if kind == "pathway" else False
        return row[1] if kind == "pathway" else True


def import_bundle(raw: bytes | str | dict[str, Any], context: ImportContext, *,
                  types: frozenset[str] = frozenset({"transaction", "collection"})
                  ) -> ImportResult:
    document = raw if isinstance(raw, dict) else load_json(raw)
    bundle = checked_bundle(document, types)
    planned = planning.Planner(bundle, Lookup(context)).plan()
    if planned.problems.errors:
        raise FhirInputError(planned.problems, 422)
    writer = Writer(context, planned.problems)
    with transaction.atomic():
        for patient_plan in planned.patients:
            writer.write_patient(patient_plan)
        if planned.problems.errors:
            transaction.set_rollback(True)
    if planned.problems.errors:
        raise FhirInputError(planned.problems, 422)
    return ImportResult(bundle["type"], writer.locations(planned), planned.problems.issues,
                        writer.patient_count, writer.case_count, len(bundle.get("entry") or []))


class Writer:
    def __init__(self, context: ImportContext, problems: Problems) -> None:
        self.context = context
        self.problems = problems
        self.sites: dict[str, Site | None] = {}
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
        site = self._site(plan)
        if site is None:
            return None
        values = {k: v for k, v in plan.values.items() if v is not None}
        existing = Patient.objects.filter(site=site, mrn=plan.mrn).first()
        paths = {k: f"{plan.where}.{v}" for k, v in PATIENT_PATHS.items()}
        try:
            if existing is None:
                patient = services.do_create_patient(user, site, {"mrn": plan.mrn, **values},
                                                     request=request)
                status = "201 Created"
            else:
                patient = services.do_update_patient(user, existing, values, request=request)
                status = "200 OK"
        except InvalidInput as error:
            self._report(error, plan.where, paths)
            raise
        self.patient_count += 1
        self.patient_ids[plan.index] = (status, f"Patient/{patient.external_id}")
        return patient

    def _match_case(self, patient: Patient, plan: planning.CasePlan) -> Case | None:
        if plan.existing_case:
            return Case.objects.select_related("patient").get(external_id=plan.existing_case)
        cases = Case.objects.filter(patient=patient).select_related("patient")
        found = cases.filter(external_id=plan.condition_id).first() if _is_uuid(
            plan.condition_id) else None
        return found or cases.filter(
            pathway=plan.values["pathway"], primary_site_code=plan.values["primary_site_code"],
            diagnosis_date=plan.values["diagnosis_date"]).first()

    def _save_case(self, patient: Patient, plan: planning.CasePlan) -> None:
        values = dict(plan.values)
        for prefix in ("clinical", "pathological"):
            given = any(values.get(f"{prefix}_{x}") for x in "tn")
            if given and not values.get(f"{prefix}_m") and prefix == "pathological" \
                    and values.get("clinical_m"):
                # AJCC 8: pathological stage groups use cM when pM is not assessed.
                values["pathological_m"] = values["clinical_m"]
                self.problems.note(plan.where, "pathological M not given: clinical M used "
                                   "for the pathological stage group (AJCC 8th ed.)")
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

    def locations(self, planned: planning.BundlePlan) -> dict[int, tuple[str, str]]:
        return {**self.case_ids, **self.patient_ids}


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
