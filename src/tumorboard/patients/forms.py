from __future__ import annotations

from typing import Any

from django import forms
from django.forms import ModelForm
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.people import display_name_with_title
from tumorboard.core import forms as core_forms
from tumorboard.patients import vocabulary
from tumorboard.patients.models import Case, CaseStatus, Patient
from tumorboard.patients.pathway_models import (
    BoneMetastasisDetails,
    BreastDetails,
    MelanomaDetails,
    RectalDetails,
    SarcomaDetails,
)
from tumorboard.patients.services import clinicians_of
from tumorboard.patients.validation import InvalidInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(ModelForm):  # type: ignore[type-arg]
    """Carries the version of the record the user is editing (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def edited_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def values(self, *drop: str) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", *drop}}


class PatientForm(VersionedForm):
    national_id = forms.CharField(
        label=_("national identity number"), required=False, max_length=40,
        help_text=_("Stored only as a salted hash; leave empty to keep the current one."),
    )

    class Meta:
        model = Patient
        fields = ["mrn", "family_name", "given_name", "sex", "birth_date", "phone", "email",
                  "address", "preferred_language", "research_consent", "date_of_death"]
        widgets = {"birth_date": DATE, "date_of_death": DATE}

    def validate_unique(self) -> None:
        """Uniqueness per site is checked by the service, which knows the site."""


def code_choices(codes: dict[str, str]) -> list[tuple[str, str | Promise]]:
    return [("", "—")] + [(code, format_lazy("{} {}", code, _(label)))
                          for code, label in codes.items()]


class CaseForm(VersionedForm):
    primary_site_code = forms.ChoiceField(label=_("primary site (ICD-O-3 topography)"),
                                          choices=code_choices(vocabulary.TOPOGRAPHY))
    histology_code = forms.ChoiceField(label=_("histology (ICD-O-3 morphology)"),
                                       choices=code_choices(vocabulary.MORPHOLOGY))

    class Meta:
        model = Case
        fields = ["pathway", "primary_site_code", "histology_code", "laterality",
                  "diagnosis_date", "ecog", "asa", "clinical_frailty_scale", "clinical_t",
                  "clinical_n", "clinical_m",
                  "pathological_t", "pathological_n", "pathological_m", "grade",
                  "lead_clinician", "referred_by", "notes"]
        widgets = {"diagnosis_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, editing: bool = False, site_id: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["pathway"]
        lead = self.fields["lead_clinician"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = clinicians_of(site_id if site_id is not None else -1)
        lead.label_from_instance = display_name_with_title  # type: ignore[method-assign,assignment]
        lead.help_text = _("Left empty, the clinician who creates the case leads it.")


def _details_form(model: type) -> type[ModelForm]:  # type: ignore[type-arg]
    meta = type("Meta", (), {"model": model, "exclude": ["case", "external_id"]})
    return type(f"{model.__name__}Form", (ModelForm,), {"Meta": meta})


class ListField(forms.CharField):
    """A comma-separated list such as 'T8, T9' stored as a JSON list."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip().upper() for part in text.split(",") if part.strip()]


class BoneMetastasisDetailsForm(ModelForm[BoneMetastasisDetails]):
    spinal_levels = ListField(label=_("spinal levels (e.g. T8, L1)"), required=False)
    limb_bones = ListField(label=_("limb bones (e.g. femur, humerus)"), required=False)

    class Meta:
        model = BoneMetastasisDetails
        # Per-lesion assessments have their own form (patients.lesion_forms).
        exclude = ["case", "external_id", "spinal_lesions", "limb_lesions"]


DETAIL_FORMS: dict[str, type[ModelForm]] = {
    "breast": _details_form(BreastDetails),
    "rectum": _details_form(RectalDetails),
    "sarcoma": _details_form(SarcomaDetails),
    "bone_metastasis": BoneMetastasisDetailsForm,
    "melanoma": _details_form(MelanomaDetails),
}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=CaseStatus.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


def add_service_errors(error: InvalidInput, form: forms.BaseForm,
                       details_form: forms.BaseForm | None = None) -> None:
    """Case errors next to their fields; `details.x` errors on the pathway details form."""
    if details_form is None:
        core_forms.add_service_errors(form, error.errors)
        return
    details = {k.removeprefix("details."): v for k, v in error.errors.items()
               if k.startswith("details.")}
    core_forms.add_service_errors(form, {k: v for k, v in error.errors.items()
                                         if not k.startswith("details.")})
    core_forms.add_service_errors(details_form, details)
