"""Users' roles, specialties and site memberships; API tokens; the audit trail."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel
from tumorboard.network.models import Site


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CLINICIAN = "clinician", _("Clinician")
    WELFARE_OFFICER = "welfare_officer", _("Welfare officer")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Specialty(models.TextChoices):
    NONE = "", _("None")
    BREAST_SURGERY = "breast_surgery", _("Breast surgery")
    COLORECTAL_SURGERY = "colorectal_surgery", _("Colorectal surgery")
    PLASTIC_SURGERY = "plastic_surgery", _("Plastic surgery")
    ORTHOPAEDIC_ONCOLOGY = "orthopaedic_oncology", _("Orthopaedic oncology")
    SPINE_SURGERY = "spine_surgery", _("Spine surgery")
    MEDICAL_ONCOLOGY = "medical_oncology", _("Medical oncology")
    RADIATION_ONCOLOGY = "radiation_oncology", _("Radiation oncology")
    RADIOLOGY = "radiology", _("Radiology")
    PATHOLOGY = "pathology", _("Pathology")
    DERMATOLOGY = "dermatology", _("Dermatology")
    NURSING = "nursing", _("Specialist nursing")
    PSYCHOLOGY = "psychology", _("Psychology")
    GASTROENTEROLOGY = "gastroenterology", _("Gastroenterology")
    PALLIATIVE_CARE = "palliative_care", _("Palliative care")
    REHABILITATION = "rehabilitation", _("Rehabilitation")


class Profile(BaseModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    specialty = models.CharField(
        _("specialty"), max_length=30, choices=Specialty.choices, blank=True, default=""
    )
    sites: models.ManyToManyField[Site, SiteMembership] = models.ManyToManyField(
        Site, through="SiteMembership", related_name="members"
    )

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role})"


class SiteMembership(BaseModel):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="memberships")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        unique_together = [("profile", "site")]


def hash_token(raw: str) -> str:
    # Tokens are random and long, so a fast unsalted hash is enough to make a leaked
    # table useless while keeping per-request lookup cheap.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}… of {self.user_id}"


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"failed login {self.username} at {self.at}"


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only")


class AuditEvent(models.Model):
    """Append-only: the app never updates or deletes a row (a database trigger backs this)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=50, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    patient_id = models.CharField(max_length=64, blank=True, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True)
    channel = models.CharField(max_length=10, default="web")  # web, api, fhir, cli
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only")
