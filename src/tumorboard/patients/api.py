"""Patients and cases in the JSON API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tumorboard.accounts import audit
from tumorboard.core.api_filters import site_filter
from tumorboard.core.api_schemas import ApiDate, responses
from tumorboard.patients import queries, services
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

router = Router(tags=["patients"])

Sex = Literal["female", "male", "other", "unknown"]
PathwayName = Literal["breast", "rectum", "sarcoma", "bone_metastasis", "melanoma"]
StatusName = Literal["referred", "work_up", "discussed", "in_treatment", "follow_up", "closed"]


class PatientIn(Schema):
    site: str | None = Field(None, description="site code; optional if you belong to one site")
    mrn: str = Field(..., min_length=1, max_length=40)
    family_name: str = Field(..., min_length=1, max_length=100)
    given_name: str = Field(..., min_length=1, max_length=100)
    sex: Sex
    birth_date: ApiDate
    phone: str = ""
    email: str = ""
    address: str = ""
    preferred_language: Literal["en", "zh-hans"] = "en"
    research_consent: bool = False
    date_of_death: ApiDate | None = None
    national_id: str | None = Field(None, description="stored only as a salted hash")


VERSION_HELP = ("The version you read (from GET). When it is no longer current the update "
                "is refused with 409 and nothing is written. Only the fields you send change.")


class PatientPatch(Schema):
    mrn: str | None = Field(None, min_length=1, max_length=40)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    given_name: str | None = Field(None, min_length=1, max_length=100)
    sex: Sex | None = None
    birth_date: ApiDate | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    preferred_language: Literal["en", "zh-hans"] | None = None
    research_consent: bool | None = None
    date_of_death: ApiDate | None = None
    national_id: str | None = None
    version: int | None = Field(None, ge=1, description=VERSION_HELP)


class PatientOut(Schema):
    id: uuid.UUID
    version: int
    site: str
    mrn: str
    family_name: str
    given_name: str
    sex: str
    birth_date: dt.date
    phone: str
    email: str
    address: str
    preferred_language: str
    research_consent: bool
    date_of_death: dt.date | None
    created: dt.datetime
    modified: dt.datetime


class CaseIn(Schema):
    patient: uuid.UUID
    pathway: PathwayName
    primary_site_code: str
    histology_code: str
    laterality: Literal["", "left", "right", "bilateral", "midline"] = ""
    diagnosis_date: ApiDate
    ecog: int | None = Field(None, ge=0, le=5)
    asa: int | None = Field(None, ge=1, le=5)
    clinical_frailty_scale: int | None = Field(None, ge=1, le=9)
    clinical_t: str = ""
    clinical_n: str = ""
    clinical_m: str = ""
    pathological_t: str = ""
    pathological_n: str = ""
    pathological_m: str = ""
    grade: str = ""
    referred_by: str = ""
    notes: str = ""
    details: dict[str, Any] = Field(default_factory=dict)


class CasePatch(Schema):
    primary_site_code: str | None = None
    histology_code: str | None = None
    laterality: Literal["", "left", "right", "bilateral", "midline"] | None = None
    diagnosis_date: ApiDate | None = None
    ecog: int | None = Field(None, ge=0, le=5)
    asa: int | None = Field(None, ge=1, le=5)
    clinical_frailty_scale: int | None = Field(None, ge=1, le=9)
    clinical_t: str | None = None
    clinical_n: str | None = None
    clinical_m: str | None = None
    pathological_t: str | None = None
    pathological_n: str | None = None
    pathological_m: str | None = None
    grade: str | None = None
    referred_by: str | None = None
    notes: str | None = None
    details: dict[str, Any] | None = None
    version: int | None = Field(None, ge=1, description=VERSION_HELP)


class StatusChangeOut(Schema):
    # "from" is a Python keyword: the endpoints that answer a case serialise by alias.
    from_: str = Field(..., alias="from")
    to: str
    at: dt.datetime
    by: str | None
    note: str


class CaseOut(Schema):
    version: int
    id: uuid.UUID
    patient: uuid.UUID
    site: str
    pathway: str
    primary_site_code: str
    primary_site_label: str
    histology_code: str
    histology_label: str
    laterality: str
    diagnosis_date: dt.date
    ecog: int | None
    asa: int | None
    clinical_frailty_scale: int | None
    clinical_t: str
    clinical_n: str
    clinical_m: str
    clinical_stage: str
    pathological_t: str
    pathological_n: str
    pathological_m: str
    pathological_stage: str
    grade: str
    status: str
    referred_by: str
    notes: str
    details: dict[str, Any] = Field(description="the pathway's own measurements")
    status_history: list[StatusChangeOut]
    created: dt.datetime
    modified: dt.datetime


class StatusIn(Schema):
    status: StatusName
    note: str = ""


class Page(Schema):
    count: int
    page: int
    page_size: int


class PatientPage(Page):
    items: list[PatientOut]


class CasePage(Page):
    items: list[CaseOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def patient_out(patient: Patient) -> dict[str, Any]:
    data = {name: getattr(patient, name) for name in PatientOut.model_fields if
            name not in {"id", "site"}}
    return {**data, "id": patient.external_id, "site": patient.site.code}


def case_out(case: Case, *, history: bool = True) -> dict[str, Any]:
    data = {name: getattr(case, name) for name in CaseOut.model_fields
            if name not in {"id", "patient", "site", "details", "status_history"}}
    details = getattr(case, DETAIL_ACCESSORS[case.pathway], None)
    detail_data = {} if details is None else {
        f.name: getattr(details, f.name) for f in details._meta.fields
        if f.name not in {"id", "case", "external_id", "created", "modified"}
    }
    changes = [
        {"from": c.from_status, "to": c.to_status, "at": c.created,
         "by": c.changed_by.get_username() if c.changed_by else None, "note": c.note}
        for c in case.status_changes.select_related("changed_by")
    ] if history else []
    return {**data, "id": case.external_id, "patient": case.patient.external_id,
            "site": case.site.code, "details": detail_data, "status_history": changes}


def _page(items: list[Any], count: int, paging: PageQuery) -> dict[str, Any]:
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}


@router.get("/patients", response=responses({200: PatientPage}))
def list_patients(request: HttpRequest, q: str = "", site: str = "",
                  paging: Query[PageQuery] = None) -> dict[str, Any]:  # type: ignore[assignment]
    patients = queries.search_patients(request.user, q)
    site = site_filter(request.user, site)
    if site:
        patients = patients.filter(site__code=site)
    start = (paging.page - 1) * paging.page_size
    rows = list(patients[start:start + paging.page_size])
    audit.record(user=request.user, action="search", object_type="patient", request=request,
                 detail={"q": q, "site": site, "results": len(rows),
                         "patients": [str(p.external_id) for p in rows]})
    return _page([patient_out(p) for p in rows], patients.count(), paging)


@router.post("/patients", response=responses({201: PatientOut}, 409))
def create_patient(request: HttpRequest, body: PatientIn) -> Status[dict[str, Any]]:
    site = queries.writable_site(request.user, body.site)
    values = body.model_dump(exclude={"site", "national_id"})
    patient = services.do_create_patient(request.user, site, values,
                                         national_id=body.national_id, request=request)
    return Status(201, patient_out(patient))


@router.get("/patients/{patient_id}", response=responses({200: PatientOut}))
def read_patient(request: HttpRequest, patient_id: uuid.UUID) -> dict[str, Any]:
    return patient_out(queries.get_patient(request.user, patient_id, request=request))


@router.patch("/patients/{patient_id}", response=responses({200: PatientOut}, 409))
def update_patient(request: HttpRequest, patient_id: uuid.UUID,
                   body: PatientPatch) -> dict[str, Any]:
    patient = queries.get_patient(request.user, patient_id, write=True)
    values = body.model_dump(exclude_unset=True, exclude={"national_id", "version"})
    national_id = body.national_id if "national_id" in body.model_fields_set else None
    services.do_update_patient(request.user, patient, values, national_id=national_id,
                               expected_version=body.version, request=request)
    return patient_out(patient)


@router.get("/cases", response=responses({200: CasePage}), by_alias=True)
def list_cases(request: HttpRequest, patient: uuid.UUID | None = None,
               status: Literal["", StatusName] = "", pathway: Literal["", PathwayName] = "",
               site: str = "",
               paging: Query[PageQuery] = None) -> dict[str, Any]:  # type: ignore[assignment]
    cases = queries.cases_for(request.user).order_by("-diagnosis_date", "-id")
    site = site_filter(request.user, site)
    filters = {"patient__external_id": patient, "status": status, "pathway": pathway,
               "site__code": site}
    cases = cases.filter(**{k: v for k, v in filters.items() if v})
    start = (paging.page - 1) * paging.page_size
    rows = list(cases[start:start + paging.page_size])
    audit.record(user=request.user, action="search", object_type="case", request=request,
                 detail={**{k.split("__")[0]: str(v) for k, v in filters.items() if v},
                         "patients": sorted({str(c.patient.external_id) for c in rows})})
    return _page([case_out(c, history=False) for c in rows], cases.count(), paging)


@router.post("/cases", response=responses({201: CaseOut}, 409), by_alias=True)
def create_case(request: HttpRequest, body: CaseIn) -> Status[dict[str, Any]]:
    patient = queries.get_patient(request.user, body.patient, write=True)
    values = body.model_dump(exclude={"patient", "details"})
    case = services.do_create_case(request.user, patient, values, details=body.details,
                                   request=request)
    return Status(201, case_out(case))


@router.get("/cases/{case_id}", response=responses({200: CaseOut}), by_alias=True)
def read_case(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    return case_out(queries.get_case(request.user, case_id, request=request))


@router.patch("/cases/{case_id}", response=responses({200: CaseOut}, 409),
               by_alias=True)
def update_case(request: HttpRequest, case_id: uuid.UUID, body: CasePatch) -> dict[str, Any]:
    case = queries.get_case(request.user, case_id, write=True)
    values = body.model_dump(exclude_unset=True, exclude={"details", "version"})
    services.do_update_case(request.user, case, values, details=body.details,
                            expected_version=body.version, request=request)
    return case_out(case)


@router.post("/cases/{case_id}/status", response=responses({200: CaseOut}, 409),
               by_alias=True)
def change_status(request: HttpRequest, case_id: uuid.UUID, body: StatusIn) -> dict[str, Any]:
    case = queries.get_case(request.user, case_id, write=True)
    services.do_change_case_status(request.user, case, body.status, note=body.note,
                                   request=request)
    return case_out(case)
