"""Typed pathway details of a case: one table per pathway, one row per case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.core import plausibility
from tumorboard.core.models import BaseModel

NONNEG = [MinValueValidator(0)]


class PlausibleDetails(BaseModel):
    """Pathway details whose measurements must fall in core/plausibility's named ranges:
    checked by full_clean, so the web form, the services and the importers all refuse."""

    PATHWAY = ""

    class Meta:
        abstract = True

    def clean(self) -> None:
        from tumorboard.patients import plausible

        names = plausibility.DETAIL_RANGES.get(self.PATHWAY, {})
        problems = plausibility.detail_problems(
            self.PATHWAY, {name: getattr(self, name) for name in names})
        if problems:
            raise ValidationError(plausible.errors(problems, type(self)))


class PlannedBreastSurgery(models.TextChoices):
    UNDECIDED = "", _("Not yet decided")
    CONSERVING = "conserving", _("Breast-conserving surgery")
    MASTECTOMY = "mastectomy", _("Mastectomy")


class ReceptorStatus(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


def _receptor(label: Any) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(label, max_length=10, choices=ReceptorStatus.choices, blank=True,
                            default="")


class BreastDetails(PlausibleDetails):
    PATHWAY = "breast"
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="breast")
    tumour_size_mm = models.PositiveIntegerField(_("tumour size (mm)"), null=True, blank=True)
    multifocal = models.BooleanField(_("multifocal"), null=True, blank=True)
    planned_surgery = models.CharField(
        _("planned surgery"), max_length=20, choices=PlannedBreastSurgery.choices,
        blank=True, default="",
    )
    radiotherapy_expected_after_mastectomy = models.BooleanField(
        _("radiotherapy expected after mastectomy"), null=True, blank=True
    )
    bmi = models.DecimalField(
        _("BMI (kg/m²)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(80)],
    )
    smoking = models.BooleanField(_("current smoker"), null=True, blank=True)
    diabetes = models.BooleanField(_("diabetes"), null=True, blank=True)
    significant_comorbidity = models.BooleanField(
        _("significant comorbidity"), null=True, blank=True
    )
    prior_chest_wall_radiotherapy = models.BooleanField(
        _("previous radiotherapy to the chest wall or breast"), null=True, blank=True
    )
    # Grade is on the case; these complete the AJCC 8th prognostic stage.
    er_status = _receptor(_("oestrogen receptor (ER)"))
    pr_status = _receptor(_("progesterone receptor (PR)"))
    her2_status = _receptor(_("HER2"))
    ki67_percent = models.PositiveSmallIntegerField(
        _("Ki-67 (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )


class NeoadjuvantTherapy(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    NONE = "none", _("None")
    SHORT_COURSE_RT = "short_course_rt", _("Short-course radiotherapy")
    LONG_COURSE_CRT = "long_course_crt", _("Long-course chemoradiotherapy")
    TNT = "tnt", _("Total neoadjuvant therapy")


class NeoadjuvantResponse(models.TextChoices):
    UNKNOWN = "", _("Not yet assessed")
    COMPLETE = "complete", _("Clinical complete response")
    NEAR_COMPLETE = "near_complete", _("Near-complete response")
    INCOMPLETE = "incomplete", _("Incomplete response")


class Continence(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    GOOD = "good", _("Good")
    IMPAIRED = "impaired", _("Impaired")
    POOR = "poor", _("Poor")


class RectalDetails(PlausibleDetails):
    PATHWAY = "rectum"
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="rectal")
    distance_from_anal_verge_cm = models.DecimalField(
        _("lower edge from anal verge (cm)"), max_digits=4, decimal_places=1,
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    distance_from_anorectal_ring_cm = models.DecimalField(
        _("lower edge from anorectal ring (cm)"), max_digits=4, decimal_places=1,
        null=True, blank=True, validators=[MinValueValidator(-5), MaxValueValidator(20)],
    )
    mri_t = models.CharField(_("MRI T"), max_length=5, blank=True)
    mri_n = models.CharField(_("MRI N"), max_length=5, blank=True)
    mesorectal_fascia_involved = models.BooleanField(
        _("mesorectal fascia involved"), null=True, blank=True
    )
    emvi = models.BooleanField(_("extramural venous invasion"), null=True, blank=True)
    internal_sphincter_invaded = models.BooleanField(
        _("internal sphincter invaded"), null=True, blank=True
    )
    external_sphincter_or_levator_invaded = models.BooleanField(
        _("external sphincter or levator invaded"), null=True, blank=True
    )
    lateral_lymph_nodes = models.BooleanField(_("enlarged lateral pelvic lymph nodes"),
                                              null=True, blank=True)
    neoadjuvant_therapy = models.CharField(
        _("neoadjuvant therapy"), max_length=20, choices=NeoadjuvantTherapy.choices, blank=True,
        default="",
    )
    neoadjuvant_response = models.CharField(
        _("response to neoadjuvant therapy"), max_length=20,
        choices=NeoadjuvantResponse.choices, blank=True, default="",
    )
    baseline_continence = models.CharField(
        _("baseline continence"), max_length=10, choices=Continence.choices, blank=True, default=""
    )
    patient_preference_against_preservation = models.BooleanField(
        _("patient prefers not to preserve the sphincter"), null=True, blank=True
    )


class Depth(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    SUPERFICIAL = "superficial", _("Superficial")
    DEEP = "deep", _("Deep")


class NeurovascularInvolvement(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    NONE = "none", _("None")
    ABUTTING = "abutting", _("Abutting")
    ENCASED_RECONSTRUCTABLE = "encased_reconstructable", _("Encased, reconstructable")
    ENCASED_UNRECONSTRUCTABLE = "encased_unreconstructable", _("Encased, not reconstructable")


class SarcomaDetails(PlausibleDetails):
    PATHWAY = "sarcoma"
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="sarcoma")
    size_cm = models.DecimalField(_("size (cm)"), max_digits=4, decimal_places=1, null=True,
                                  blank=True, validators=[MinValueValidator(0)])
    depth = models.CharField(_("depth"), max_length=12, choices=Depth.choices, blank=True,
                             default="")
    fnclcc_grade = models.PositiveSmallIntegerField(
        _("FNCLCC grade"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    limb = models.BooleanField(_("extremity (not trunk)"), null=True, blank=True)
    compartment = models.CharField(_("compartment"), max_length=100, blank=True)
    major_neurovascular_involvement = models.CharField(
        _("major neurovascular involvement"), max_length=30,
        choices=NeurovascularInvolvement.choices, blank=True, default="",
    )
    expected_defect_large = models.BooleanField(
        _("large defect expected after resection"), null=True, blank=True
    )
    amputation_reason = models.CharField(_("reason for amputation, if proposed"),
                                         max_length=300, blank=True)
    # Bone sarcoma after neoadjuvant chemotherapy; the Huvos grade is derived from it.
    chemotherapy_necrosis_percent = models.PositiveSmallIntegerField(
        _("tumour necrosis after chemotherapy (%)"), null=True, blank=True,
        validators=[MaxValueValidator(100)],
    )


class Frankel(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"


class VisceralMetastases(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    NONE = "none", _("None")
    REMOVABLE = "removable", _("Removable")
    UNREMOVABLE = "unremovable", _("Unremovable")


class BoneMetastasisDetails(PlausibleDetails):
    PATHWAY = "bone_metastasis"
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE,
                                related_name="bone_metastasis")
    spinal_levels = models.JSONField(_("spinal levels"), default=list, blank=True)
    limb_bones = models.JSONField(_("limb bones"), default=list, blank=True)
    # Per-lesion assessment, keyed by level / bone: [{"level", "bilsky", "sins": {...}}] and
    # [{"bone", "mirels": {...}}]; checked by tumorboard.pathways (screen contract).
    spinal_lesions = models.JSONField(_("spinal lesions"), default=list, blank=True)
    limb_lesions = models.JSONField(_("limb lesions"), default=list, blank=True)
    primary_tumour = models.CharField(_("primary tumour"), max_length=30, blank=True)
    visceral_metastases = models.CharField(
        _("visceral metastases"), max_length=12, choices=VisceralMetastases.choices,
        blank=True, default="",
    )
    frankel = models.CharField(_("neurological status (Frankel)"), max_length=1,
                               choices=Frankel.choices, blank=True, default="")


class MelanomaDetails(PlausibleDetails):
    PATHWAY = "melanoma"
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="melanoma")
    breslow_mm = models.DecimalField(_("Breslow thickness (mm)"), max_digits=4, decimal_places=2,
                                     null=True, blank=True, validators=NONNEG)
    ulceration = models.BooleanField(_("ulceration"), null=True, blank=True)
    mitotic_rate_per_mm2 = models.PositiveIntegerField(_("mitotic rate (per mm²)"), null=True,
                                                       blank=True)
    lymphovascular_invasion = models.BooleanField(_("lymphovascular invasion"), null=True,
                                                  blank=True)
    deep_margin_positive = models.BooleanField(_("deep margin positive on biopsy"), null=True,
                                               blank=True)
    clinically_node_positive = models.BooleanField(_("clinically node-positive"), null=True,
                                                   blank=True)
    on_limb = models.BooleanField(_("primary on a limb"), null=True, blank=True)
    in_transit_metastases = models.BooleanField(_("in-transit metastases"), null=True,
                                                blank=True)


DETAIL_MODELS: dict[str, Any] = {
    "breast": BreastDetails,
    "rectum": RectalDetails,
    "sarcoma": SarcomaDetails,
    "bone_metastasis": BoneMetastasisDetails,
    "melanoma": MelanomaDetails,
}
# The reverse accessor on Case for each pathway's details.
DETAIL_ACCESSORS = {
    "breast": "breast",
    "rectum": "rectal",
    "sarcoma": "sarcoma",
    "bone_metastasis": "bone_metastasis",
    "melanoma": "melanoma",
}
