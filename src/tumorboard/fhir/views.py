"""The FHIR R4 REST API under /fhir/R4: metadata, read, search, $everything, transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tumorboard.accounts import access, audit, door
from tumorboard.accounts.tokens import user_for_token
from tumorboard.fhir import (
    bulkdata,
    capability,
    condition,
    export,
    observation,
    paging,
    reads,
    search,
    tumour,
    versions,
)
from tumorboard.fhir import patient as patient_map
from tumorboard.fhir.importer import ImportContext, ImportResult, import_bundle
from tumorboard.fhir.models import ExportStatus
from tumorboard.fhir.problems import FhirInputError, Issue, outcome, refuse
from tumorboard.fhir.validate import load_json
from tumorboard.patients import queries
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput

CONTENT_TYPE = "application/fhir+json"
DEFAULT_COUNT, MAX_COUNT = 50, 500
View = Callable[..., HttpResponse | FileResponse]


def respond(body: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def fail(status: int, code: str, message: str, expression: str = "") -> HttpResponse:
    return respond(outcome([Issue("error", code, expression, message)]), status)


def _authenticate(request: HttpRequest) -> str:
    """'bearer', 'session' or '' (and request.user set for a valid token)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            return ""
        request.user = user  # type: ignore[assignment]
        return "bearer"
    return "session" if request.user.is_authenticated else ""


JSON_TYPES = ("application/fhir+json", "application/json", "application/json+fhir")
ACCEPTABLE = (*JSON_TYPES, "*/*", "application/*", "application/fhir+ndjson",
              "application/ndjson")
FORMATS = ("json", *JSON_TYPES)


def _media_types(header: str) -> list[str]:
    return [part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()]


def negotiate(request: HttpRequest) -> HttpResponse | None:
    """406 for a format other than JSON (_format or Accept), 415 for a body that is not
    JSON; None when the request is fine."""
    wanted = request.GET.get("_format", "").strip().lower()
    if wanted and wanted not in FORMATS:
        return fail(406, "not-supported", f"_format {wanted!r}: tumorboard answers only "
                    "application/fhir+json", "_format")
    accept = _media_types(request.headers.get("Accept", ""))
    if accept and not wanted and not any(a in ACCEPTABLE for a in accept):
        return fail(406, "not-supported", "Accept: tumorboard answers only "
                    "application/fhir+json (XML and other formats are not supported)")
    # The length, not the body: reading it here would spend a stream a form parser read.
    if request.method in ("POST", "PUT", "PATCH") and int(request.META.get("CONTENT_LENGTH")
                                                          or 0) > 0:
        given = _media_types(request.headers.get("Content-Type", ""))
        if not given or given[0] not in JSON_TYPES:
            return fail(415, "not-supported", "send application/fhir+json")
    return None


def _not_allowed(request: HttpRequest, methods: tuple[str, ...]) -> HttpResponse:
    response = fail(405, "not-supported", f"{request.method} is not supported on "
                    f"{request.path}; allowed: {', '.join(methods)}")
    response["Allow"] = ", ".join(methods)
    return response


def fhir_view(view: View | None = None, *, methods: tuple[str, ...] = ("GET", "HEAD"),
              public: bool = False) -> Any:
    """JSON-only FHIR endpoint: 405 for other methods, then the login (a Bearer token or a
    session; `public` endpoints need none), content negotiation and the OperationOutcome
    answers for refused input."""
    if view is None:
        return lambda inner: fhir_view(inner, methods=methods, public=public)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | FileResponse:
        if request.method not in methods:
            return _not_allowed(request, methods)
        if not public:  # who asks comes first: an anonymous caller learns nothing more
            problem = _login(request, view)
            if problem is not None:
                return problem
        refused = negotiate(request)
        if refused is not None:
            return refused
        try:
            return view(request, *args, **kwargs)
        except FhirInputError as error:
            return respond(outcome(error.problems.issues), error.status)
        except InvalidInput as error:
            return fail(422, "invalid", "; ".join(error.errors.values()), error.field)
        except PermissionDenied as error:
            return fail(403, "forbidden", str(error) or "forbidden")
        except Http404:
            return fail(404, "not-found", "no such resource")

    return wrapped


def _login(request: HttpRequest, view: View) -> HttpResponse | None:
    via = _authenticate(request)
    if not via:
        response = fail(401, "login", "authentication required (Bearer token or session)")
        response["WWW-Authenticate"] = 'Bearer realm="tumorboard"'
        return response
    if via == "session" and request.method not in ("GET", "HEAD", "OPTIONS"):
        refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
            request, view, (), {})
        if refused is not None:
            return fail(403, "security", "CSRF check failed")
    return None


@fhir_view
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under the base: an unknown resource type or operation."""
    return fail(404, "not-supported", f"{request.path}: no such resource type, interaction "
                "or operation here (see metadata)")


def _read_params(request: HttpRequest) -> None:
    extra = sorted(set(request.GET) - {"_format"})
    if extra:
        raise refuse(extra[0], f"parameter {extra[0]!r} is not supported on a read "
                     "(_summary and _elements are not supported)", code="not-supported")


def versioned(resource: dict[str, Any]) -> HttpResponse:
    response = respond(resource)
    tag = versions.etag(resource)
    if tag:
        response["ETag"] = tag
        response["Last-Modified"] = http_date(
            dt.datetime.fromisoformat(resource["meta"]["lastUpdated"]).timestamp())
    return response


@fhir_view(public=True)
def metadata(request: HttpRequest) -> HttpResponse:
    return respond(capability.statement(request.build_absolute_uri("/fhir/R4")))


def _page_params(request: HttpRequest) -> tuple[int, int]:
    try:
        count = int(request.GET.get("_count", DEFAULT_COUNT))
        offset = int(request.GET.get("_offset", 0))
    except ValueError:
        raise refuse("_count", "_count and _offset must be integers", code="value") from None
    if count < 0 or offset < 0:
        raise refuse("_count", "_count and _offset must not be negative", code="value")
    return min(count, MAX_COUNT), offset


def _link(request: HttpRequest, relation: str, offset: int, count: int) -> dict[str, str]:
    params = {k: v for k, v in request.GET.items() if k not in ("_offset", "_count")}
    params.update({"_count": str(count), "_offset": str(offset)})
    return {"relation": relation,
            "url": request.build_absolute_uri(f"{request.path}?{urlencode(params)}")}


def searchset(request: HttpRequest, total: int, page: list[dict[str, Any]], count: int,
              offset: int) -> dict[str, Any]:
    base = request.build_absolute_uri("/fhir/R4/")
    links = [_link(request, "self", offset, count)]
    if offset + count < total and count:
        links.append(_link(request, "next", offset + count, count))
    if offset > 0:
        links.append(_link(request, "previous", max(0, offset - count), count))
    return {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links,
            "entry": [{"fullUrl": f"{base}{r['resourceType']}/{r['id']}", "resource": r,
                       "search": {"mode": "match"}} for r in page]}


def _patient_of(resource: dict[str, Any]) -> str:
    """The patient id a resource is about (BodyStructure names it in `patient`)."""
    subject = resource.get("subject") or resource.get("patient") or {}
    return str(subject.get("reference", "")).split("/")[-1]


def _audit_page(request: HttpRequest, resource_type: str, page: list[dict[str, Any]],
                patient_sites: dict[str, int]) -> None:
    for resource in page:
        patient_id = resource["id"] if resource_type == "Patient" else _patient_of(resource)
        audit.record(user=request.user, action="search", object_type=resource_type.lower(),
                     object_id=resource["id"], patient_id=patient_id,
                     site_id=patient_sites.get(patient_id), request=request,
                     detail={"query": request.GET.urlencode()[:500]})


@fhir_view
def search_view(request: HttpRequest, resource_type: str) -> HttpResponse:
    params = {key: request.GET.getlist(key) for key in request.GET}
    search.check_parameters(resource_type, params)
    count, offset = _page_params(request)
    if resource_type == "Patient":
        rows = search.patients(request.user, params)
        total = rows.count()
        page = search.patient_resources(list(rows[offset:offset + count]))
    else:
        total, page = paging.SEARCHES[resource_type](request.user, params, offset, count)
    ids = {r["id"] if resource_type == "Patient" else
           _patient_of(r) for r in page}
    sites = dict(queries.patients_for(request.user).filter(external_id__in=ids)
                 .values_list("external_id", "site_id")) if ids else {}
    _audit_page(request, resource_type, page, {str(k): v for k, v in sites.items()})
    return respond(searchset(request, total, page, count, offset))


@fhir_view
def read_view(request: HttpRequest, resource_type: str, resource_id: str) -> HttpResponse:
    _read_params(request)
    return versioned(_read(request, resource_type, resource_id))


def _read(request: HttpRequest, resource_type: str, resource_id: str) -> dict[str, Any]:
    if resource_type == "Patient":
        return patient_map.to_fhir(queries.get_patient(request.user, resource_id,
                                                       request=request))
    if resource_type == "Procedure":
        return reads.read_procedure(request.user, resource_id, request=request)
    if resource_type == "CarePlan":
        return reads.read_careplan(request.user, resource_id, request=request)
    case_id = resource_id if resource_type == "Condition" else observation.split_id(
        resource_id)[0]
    case = queries.get_case(request.user, case_id, request=request)
    case = export.cases_with_details(queries.cases_for(request.user)).get(pk=case.pk)
    if resource_type == "Condition":
        return condition.to_fhir(case)
    if resource_type == "BodyStructure":
        return _tumour(case, resource_id)
    found = [r for r in observation.to_fhir(case) if r["id"] == resource_id]
    if not found:
        raise Http404
    return found[0]


def _tumour(case: Case, resource_id: str) -> dict[str, Any]:
    """The case's mCODE Tumor, which exists when its tumour size is recorded."""
    if resource_id != tumour.tumour_id(case) or not any(
            r["id"].endswith("-tumor-size") for r in observation.to_fhir(case)):
        raise Http404
    return tumour.to_fhir(case)


@fhir_view
def everything(request: HttpRequest, resource_id: str) -> HttpResponse:
    door.require(request.user, door.CLINICAL)  # the whole record, not only the identity
    patient = queries.get_patient(request.user, resource_id, request=request)
    resources = export.patient_resources(patient)
    count = len(resources)
    return respond(searchset(request, count, resources, max(count, 1), 0))


def _response_entries(result: ImportResult, entries: int) -> list[dict[str, Any]]:
    out = []
    for index in range(entries):
        status, location = result.locations.get(index, ("200 OK", ""))
        mine = [i for i in result.issues if i.expression.startswith(f"Bundle.entry[{index}]")]
        response: dict[str, Any] = {"status": status}
        if location:
            response["location"] = location
        if mine:
            response["outcome"] = outcome(mine)
        out.append({"response": response})
    return out


def _limited_bundle(request: HttpRequest) -> Any:
    """The posted Bundle, parsed, within FHIR_MAX_BUNDLE_BYTES and FHIR_MAX_BUNDLE_ENTRIES
    (413 otherwise); its nesting depth was already bounded by core.input_guard."""
    limit = settings.FHIR_MAX_BUNDLE_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit or len(request.body) > limit:
        raise refuse("Bundle", _("The Bundle is larger than %(n)d bytes.") % {"n": limit},
                     code="too-costly", status=413)
    document = load_json(request.body)
    entries = document.get("entry") if isinstance(document, dict) else None
    if isinstance(entries, list) and len(entries) > settings.FHIR_MAX_BUNDLE_ENTRIES:
        raise refuse("Bundle.entry", _("The Bundle has more than %(n)d entries.")
                     % {"n": settings.FHIR_MAX_BUNDLE_ENTRIES}, code="too-costly", status=413)
    return document if isinstance(document, dict) else request.body


@fhir_view(methods=("POST",))
def transaction_view(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, access.WRITE_PATIENTS)
    site = queries.writable_site(request.user, request.GET.get("site"))
    context = ImportContext(request.user, site, access.site_ids(request.user), request)
    result = import_bundle(_limited_bundle(request), context, types=frozenset({"transaction"}))
    return respond({"resourceType": "Bundle", "type": "transaction-response",
                    "entry": _response_entries(result, result.resources)})


# ---- Bulk Data $export (bulkdata.py) ---------------------------------------------------

def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir/R4/")


@fhir_view
def export_kickoff(request: HttpRequest) -> HttpResponse:
    """`[base]/$export` and `[base]/Patient/$export`: 202 + Content-Location."""
    door.require(request.user, door.CLINICAL)
    params = {key: str(request.GET.get(key, "")) for key in request.GET}
    params.pop("_format", None)
    types = bulkdata.check_kickoff(params, request.headers.get("Prefer", ""))
    job = bulkdata.do_start_export(request.user,  # type: ignore[arg-type]
                                   types, request.build_absolute_uri())
    response = respond(outcome([Issue("information", "informational", "",
                                      "export accepted; poll the Content-Location")]), 202)
    response["Content-Location"] = f"{_base(request)}$export-status/{job.external_id}"
    return response


@fhir_view(methods=("GET", "HEAD", "DELETE"))
def export_status(request: HttpRequest, job_id: str) -> HttpResponse:
    """Polling: 202 + X-Progress while it runs, 200 + manifest when done; DELETE cancels."""
    door.require(request.user, door.CLINICAL)
    job = bulkdata.job_for(request.user, job_id)
    if job is None or job.status == ExportStatus.CANCELLED:
        raise Http404
    if request.method == "DELETE":
        bulkdata.do_cancel_export(request.user, job)
        return respond(outcome([Issue("information", "informational", "",
                                      "export cancelled")]), 202)
    if job.status == ExportStatus.FAILED:
        return fail(500, "exception", f"the export failed: {job.error}")
    if job.status != ExportStatus.DONE:
        response = respond(outcome([Issue("information", "informational", "",
                                          bulkdata.progress(job))]), 202)
        response["X-Progress"] = bulkdata.progress(job)
        response["Retry-After"] = "2"
        return response
    return HttpResponse(json.dumps(bulkdata.manifest(job, _base(request))), status=200,
                        content_type="application/json")


@fhir_view
def export_file(request: HttpRequest, job_id: str, name: str) -> HttpResponse | FileResponse:
    door.require(request.user, door.CLINICAL)
    job = bulkdata.job_for(request.user, job_id)
    path = bulkdata.file_path(job, name) if job is not None else None
    if path is None or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type="application/fhir+ndjson")
