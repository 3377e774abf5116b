"""Patients, cancer cases (mCODE-shaped) and the case status workflow."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel
from tumorboard.network.models import Site


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH = "zh-hans", _("Simplified Chinese")


class Patient(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="patients")
    mrn = models.CharField(_("medical record number"), max_length=40)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.EN
    )
    # Only a salted hash: the number itself is never stored.
    national_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    research_consent = models.BooleanField(_("consents to research use"), default=False)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    # Optimistic concurrency: a save that read an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Lower-cased copies kept by the database itself, so prefix search is an index range
    # scan (LIKE cannot use an index case-insensitively on both SQLite and PostgreSQL).
    family_name_key = models.GeneratedField(
        expression=Lower("family_name"), output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    given_name_key = models.GeneratedField(
        expression=Lower("given_name"), output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    mrn_key = models.GeneratedField(
        expression=Lower("mrn"), output_field=models.CharField(max_length=40), db_persist=True,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "mrn"], name="unique_mrn_per_site")]
        indexes = [
            models.Index(fields=["site", "family_name_key", "given_name_key"]),
            models.Index(fields=["site", "given_name_key"]),
            models.Index(fields=["site", "mrn_key"]),
        ]
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.mrn})"

    @property
    def display_name(self) -> str:
        if _is_cjk(self.family_name):
            return f"{self.family_name}{self.given_name}"
        return f"{self.given_name} {self.family_name}"


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class Pathway(models.TextChoices):
    BREAST = "breast", _("Breast")
    RECTUM = "rectum", _("Rectum")
    SARCOMA = "sarcoma", _("Sarcoma")
    BONE_METASTASIS = "bone_metastasis", _("Bone metastasis")
    MELANOMA = "melanoma", _("Melanoma")


class Laterality(models.TextChoices):
    NOT_APPLICABLE = "", _("Not applicable")
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BILATERAL = "bilateral", _("Bilateral")
    MIDLINE = "midline", _("Midline")


class CaseStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    WORK_UP = "work_up", _("Work-up")
    DISCUSSED = "discussed", _("Discussed at MDT")
    IN_TREATMENT = "in_treatment", _("In treatment")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


# Allowed moves. A case may go back to work-up after discussion (the board asked for
# more tests) and may be closed from anywhere (death, transfer, patient's choice).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REFERRED: frozenset({CaseStatus.WORK_UP, CaseStatus.CLOSED}),
    CaseStatus.WORK_UP: frozenset({CaseStatus.DISCUSSED, CaseStatus.CLOSED}),
    CaseStatus.DISCUSSED: frozenset(
        {CaseStatus.IN_TREATMENT, CaseStatus.WORK_UP, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_TREATMENT: frozenset({CaseStatus.FOLLOW_UP, CaseStatus.DISCUSSED,
                                        CaseStatus.CLOSED}),
    CaseStatus.FOLLOW_UP: frozenset({CaseStatus.DISCUSSED, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


class Case(BaseModel):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="cases")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices)
    primary_site_code = models.CharField(_("primary site (ICD-O-3 topography)"), max_length=10)
    primary_site_label = models.CharField(max_length=200, blank=True)
    histology_code = models.CharField(_("histology (ICD-O-3 morphology)"), max_length=10)
    histology_label = models.CharField(max_length=200, blank=True)
    laterality = models.CharField(
        _("laterality"), max_length=10, choices=Laterality.choices, blank=True, default=""
    )
    diagnosis_date = models.DateField(_("date of diagnosis"))
    ecog = models.PositiveSmallIntegerField(
        _("ECOG performance status"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    asa = models.PositiveSmallIntegerField(
        _("ASA physical status"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    clinical_frailty_scale = models.PositiveSmallIntegerField(
        _("Clinical Frailty Scale"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    clinical_t = models.CharField(_("clinical T"), max_length=10, blank=True)
    clinical_n = models.CharField(_("clinical N"), max_length=10, blank=True)
    clinical_m = models.CharField(_("clinical M"), max_length=10, blank=True)
    clinical_stage = models.CharField(_("clinical stage group"), max_length=10, blank=True)
    pathological_t = models.CharField(_("pathological T"), max_length=10, blank=True)
    pathological_n = models.CharField(_("pathological N"), max_length=10, blank=True)
    pathological_m = models.CharField(_("pathological M"), max_length=10, blank=True)
    pathological_stage = models.CharField(_("pathological stage group"), max_length=10, blank=True)
    grade = models.CharField(_("grade"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )
    lead_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="lead_cases", verbose_name=_("lead clinician"),
    )
    referred_by = models.CharField(_("referred by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-diagnosis_date", "-id"]
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["site", "pathway"]),
            models.Index(fields=["site", "diagnosis_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_pathway_display()} — {self.primary_site_text or self.primary_site_code}"

    # The labels are stored as the ICD-O-3 vocabulary's English (what FHIR and exports
    # send); a person reads them in their own language.
    @property
    def primary_site_text(self) -> str:
        return gettext(self.primary_site_label) if self.primary_site_label else ""

    @property
    def histology_text(self) -> str:
        return gettext(self.histology_label) if self.histology_label else ""


class CaseStatusChange(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created", "id"]


from tumorboard.patients.pathway_models import (  # noqa: E402, F401
    BoneMetastasisDetails,
    BreastDetails,
    MelanomaDetails,
    RectalDetails,
    SarcomaDetails,
)
from tumorboard.patients.report_models import ClinicalReport, ReportAttachment  # noqa: E402, F401
