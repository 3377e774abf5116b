"""Thin views: check access, parse input, call one service or query."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tumorboard.accounts import audit, door
from tumorboard.core import precompiled
from tumorboard.pathways.huvos import GRADE_LABELS, huvos_grade
from tumorboard.patients import panels, queries, services
from tumorboard.patients.forms import (
    DETAIL_FORMS,
    CaseForm,
    PatientForm,
    StatusForm,
    add_service_errors,
)
from tumorboard.patients.lesion_forms import (
    LesionAssessmentForm,
    lesion_summaries,
    vocabulary_word,
)
from tumorboard.patients.models import STATUS_TRANSITIONS, Case, CaseStatus, Patient
from tumorboard.patients.pathway_models import DETAIL_MODELS
from tumorboard.patients.validation import InvalidInput, StaleVersion

PAGE_SIZE = 25


def dashboard(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if door.may(request.user, door.CLINICAL):
        cases = queries.cases_for(request.user)
        mine = cases.filter(lead_clinician_id=request.user.pk)
        scope = mine if mine.exists() else cases
        counts = dict(scope.values_list("status").annotate(n=Count("id")))
        context["scope_is_mine"] = scope is mine
        context["by_status"] = [
            (value, label, counts.get(value, 0),
             list(scope.filter(status=value).order_by("-modified")[:5]))
            for value, label in CaseStatus.choices
        ]
        shown = {str(case.patient.external_id) for *_, rows in context["by_status"]
                 for case in rows}
        audit.record(user=request.user, action="view", object_type="dashboard",
                     request=request, detail={"patients": sorted(shown)})
    return render(request, "patients/dashboard.html", context)


def patient_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    patients = queries.search_patients(request.user, query)
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(user=request.user, action="search", object_type="patient", request=request,
                 detail={"q": query, "page": page.number, "results": len(page.object_list),
                         "patients": [str(p.external_id) for p in page.object_list]})
    template = "patients/_results.html" if request.headers.get("HX-Request") else (
        "patients/search.html")
    return render(request, template, {"page": page, "q": query})


def patient_detail(request: HttpRequest, patient_id: str) -> HttpResponse:
    patient = queries.get_patient(request.user, patient_id, request=request)
    # The welfare officer sees who the patient is, not the clinical record.
    cases = (door.scope(request.user, patient.cases.select_related("lead_clinician"))
             .order_by("-diagnosis_date") if door.may(request.user, door.CLINICAL) else [])
    return render(request, "patients/patient.html", {
        "patient": patient, "cases": cases,
        "can_write": door.may(request.user, door.IDENTITY, door.CHANGE),
    })


def patient_create(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.IDENTITY, door.CHANGE)
    form = PatientForm(request.POST or None)
    site_choices = list(door.sites_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            site = queries.writable_site(request.user, request.POST.get("site") or None)
            values = form.values("national_id")
            patient = services.do_create_patient(
                request.user, site, values,
                national_id=form.cleaned_data["national_id"] or None, request=request)
            messages.success(request, _("Patient registered."))
            return redirect("patient-detail", patient_id=patient.external_id)
        except InvalidInput as error:
            add_service_errors(error, form)
    return render(request, "patients/patient_form.html",
                  {"form": form, "sites": site_choices, "creating": True})


def patient_edit(request: HttpRequest, patient_id: str) -> HttpResponse:
    patient = queries.get_patient(request.user, patient_id, write=True)
    form = PatientForm(request.POST or None, instance=Patient.objects.get(pk=patient.pk))
    version, status = patient.version, 200
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_patient(request.user, patient, form.values("national_id"),
                                       national_id=form.cleaned_data["national_id"] or None,
                                       expected_version=form.edited_version(),
                                       request=request)
            messages.success(request, _("Patient updated."))
            return redirect("patient-detail", patient_id=patient.external_id)
        except StaleVersion as conflict:
            # Show the conflict; the next save, made knowingly, applies to the current version.
            form.add_error(None, conflict.errors["version"])
            version, status = conflict.current, 409
        except InvalidInput as error:
            add_service_errors(error, form)
    return render(request, "patients/patient_form.html",
                  {"form": form, "patient": patient, "version": version}, status=status)


def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, request=request)
    if case.patient.site_id == case.site_id:  # the banner's site, without another query
        case.patient.site = case.site
    # a second query, compiled once: joined to the case's, PostgreSQL planned it for 10 ms
    details = precompiled.by_key(DETAIL_MODELS[case.pathway], "case", case.pk)
    detail_rows = [] if details is None else [
        (f.verbose_name, _display(details, f.name)) for f in details._meta.fields
        if f.name not in {"id", "case", "external_id", "created", "modified", "spinal_lesions",
                          "limb_lesions"}
    ]
    if case.pathway == "bone_metastasis" and details is not None:
        detail_rows += lesion_summaries(details)
    if case.pathway == "sarcoma" and details is not None:
        grade = huvos_grade(details.chemotherapy_necrosis_percent)
        if grade is not None:
            detail_rows.append((_("response to chemotherapy"), _(GRADE_LABELS[grade])))
    allowed = STATUS_TRANSITIONS[case.status]
    return render(request, "patients/case.html", {
        "case": case, "patient": case.patient, "detail_rows": detail_rows,
        # the change-status form's choices (case_status validates the post with StatusForm)
        "status_choices": [c for c in CaseStatus.choices if c[0] in allowed],
        "can_write": door.may(request.user, door.CLINICAL, door.CHANGE),
        "panels": panels.placeholders(case, request),
    })


# free-text fields whose usual values are vocabulary words (shown in the reader's language)
VOCABULARY_FIELDS = frozenset({"primary_tumour", "limb_bones"})


def _display(obj: Any, name: str) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    if name in VOCABULARY_FIELDS and value:
        words = value if isinstance(value, list) else [value]
        return ", ".join(vocabulary_word(str(w)) for w in words)
    if isinstance(value, list):
        return ", ".join(value)
    if value is None or value == "":
        return None
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return value


def _case_form_view(request: HttpRequest, patient: Patient, case: Any = None) -> HttpResponse:
    # The forms get their own copies: a bound ModelForm writes into its instance, and the
    # service must compare the posted values with what is stored to write only changes.
    form = CaseForm(request.POST or None, instance=Case.objects.get(pk=case.pk) if case else None,
                    editing=case is not None, site_id=patient.site_id)
    pathway = case.pathway if case else (request.POST.get("pathway") or
                                         request.GET.get("pathway") or "breast")
    details_class = DETAIL_FORMS.get(pathway, DETAIL_FORMS["breast"])
    details_model = DETAIL_MODELS[pathway]
    details_instance = details_model.objects.filter(case=case).first() if case else None
    details_form = details_class(request.POST or None, instance=details_instance,
                                 prefix="details")
    lesion_form = _lesion_form(request, pathway, details_instance)
    version, status = (case.version if case else None), 200
    if request.method == "POST" and form.is_valid() and details_form.is_valid() and (
            lesion_form is None or lesion_form.is_valid()):
        values = form.values()
        details = {k: v for k, v in details_form.cleaned_data.items()}
        if lesion_form is not None:
            details.update(lesion_form.lesions())
        try:
            if case is None:
                case = services.do_create_case(request.user, patient, values, details=details,
                                               request=request)
            else:
                services.do_update_case(request.user, case, values, details=details,
                                        expected_version=form.edited_version(), request=request)
            messages.success(request, _("Case saved."))
            return redirect("case-detail", case_id=case.external_id)
        except StaleVersion as conflict:
            form.add_error(None, conflict.errors["version"])
            version, status = conflict.current, 409
        except InvalidInput as error:
            add_service_errors(error, form, details_form)
    return render(request, "patients/case_form.html", {
        "form": form, "details_form": details_form, "patient": patient, "case": case,
        "pathway": pathway, "lesion_form": lesion_form, "version": version,
    }, status=status)


def _lesion_form(request: HttpRequest, pathway: str,
                 details: Any) -> LesionAssessmentForm | None:
    """Per-lesion rows for the levels and bones already recorded on a bone-metastasis case."""
    if pathway != "bone_metastasis" or details is None:
        return None
    return LesionAssessmentForm(
        request.POST or None, levels=list(details.spinal_levels or []),
        bones=list(details.limb_bones or []), spinal=list(details.spinal_lesions or []),
        limb=list(details.limb_lesions or []))


def case_create(request: HttpRequest, patient_id: str) -> HttpResponse:
    patient = queries.get_patient(request.user, patient_id, write=True)
    return _case_form_view(request, patient)


def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    return _case_form_view(request, case.patient, case)


@require_POST
def case_status(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.do_change_case_status(request.user, case, form.cleaned_data["status"],
                                           note=form.cleaned_data["note"], request=request)
            messages.success(request, _("Status changed."))
        except InvalidInput as error:
            messages.error(request, error.errors["status"])
    return redirect("case-detail", case_id=case.external_id)
