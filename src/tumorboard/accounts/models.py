"""Users' roles, specialties and site memberships; API tokens; the audit trail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts import audit_chain
from tumorboard.core import precompiled
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


class Title(models.TextChoices):
    """Professional titles of Chinese hospitals (卫生专业技术职称) with their usual English
    renderings; the one vocabulary, translated through the catalogue."""

    NONE = "", _("No title")
    CHIEF_PHYSICIAN = "chief_physician", _("Chief physician")
    ASSOCIATE_CHIEF_PHYSICIAN = "associate_chief_physician", _("Associate chief physician")
    ATTENDING_PHYSICIAN = "attending_physician", _("Attending physician")
    RESIDENT_PHYSICIAN = "resident_physician", _("Resident physician")
    CHIEF_NURSE = "chief_nurse", _("Chief nurse")
    ASSOCIATE_CHIEF_NURSE = "associate_chief_nurse", _("Associate chief nurse")
    NURSE_IN_CHARGE = "nurse_in_charge", _("Nurse-in-charge")
    SENIOR_NURSE = "senior_nurse", _("Senior nurse")
    NURSE = "nurse", _("Nurse")


class Profile(BaseModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    specialty = models.CharField(
        _("specialty"), max_length=30, choices=Specialty.choices, blank=True, default=""
    )
    title = models.CharField(
        _("professional title"), max_length=30, choices=Title.choices, blank=True, default=""
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
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token {self.prefix}… of {self.user_id}"


class IdempotencyKey(models.Model):
    """The first response to an API create sent with an Idempotency-Key header."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # Empty until the first request has finished (a concurrent retry then gets 409).
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"idempotency key {self.key} of {self.user_id}"


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
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
    LOGOUT = "logout", _("logged out")
    REFUSED = "refused", _("was refused access")
    USER_CREATE = "user_create", _("created a user")
    ROLE_CHANGE = "role_change", _("changed a role or site membership")
    TOKEN_ISSUE = "token_issue", _("issued an API token")
    TOKEN_REVOKE = "token_revoke", _("revoked an API token")
    USER_UPDATE = "user_update", _("changed a user's details")
    USER_DEACTIVATE = "user_deactivate", _("deactivated a user")
    USER_ACTIVATE = "user_activate", _("reactivated a user")
    TWO_FACTOR_RESET = "two_factor_reset", _("reset a user's second factor")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only")

    def bulk_create(self, objs: Iterable[AuditEvent], *args: Any,  # type: ignore[override]
                    **kwargs: Any) -> list[AuditEvent]:
        rows = list(objs)
        with transaction.atomic(using=self.db):
            _seal(rows, self.db)
            return super().bulk_create(rows, *args, **kwargs)


class AuditEvent(models.Model):
    """Append-only and hash-chained (see audit_chain): the app never updates or deletes a
    row, database triggers back this, and `tumorboard audit verify` proves it."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
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
    seq = models.BigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only")
        using = str(kwargs.get("using") or router.db_for_write(type(self)))
        with transaction.atomic(using=using):
            _seal([self], using)
            super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only")


# Any constant; names the chain's lock among the database's advisory locks.
CHAIN_LOCK_KEY = 0x74756D6F72  # "tumor"


def _lock_chain(using: str) -> None:
    """Serialise appends until the caller's transaction ends, so no two rows share a head."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write that matches nothing takes SQLite's write lock before we read the head.
            cursor.execute("UPDATE accounts_auditevent SET id = id WHERE 0 = 1")


def chain_head(using: str) -> audit_chain.Head:
    found = precompiled.rows(AuditEvent, "audit.chain_head", lambda _: (
        AuditEvent.objects.order_by("-id").values_list("seq", "hash", "at")[:1]), using=using)
    last = found[0] if found else None
    return audit_chain.Head(*last) if last else audit_chain.Head()


def _seal(events: Sequence[AuditEvent], using: str) -> None:
    """Stamp the time and chain the new events after the current head (caller is atomic)."""
    _lock_chain(using)
    head = chain_head(using)
    now = max(timezone.now(), head.at) if head.at else timezone.now()
    rows = []
    for event in events:
        event.at = now  # taken under the lock, so times never run backwards along the chain
        event.ip_address = AuditEvent._meta.get_field("ip_address").get_prep_value(
            event.ip_address)
        detail_field = AuditEvent._meta.get_field("detail")
        event.detail = json.loads(json.dumps(event.detail, cls=detail_field.encoder))
        rows.append({name: getattr(event, name) for name in audit_chain.HASHED_FIELDS
                     if name not in ("seq", "prev_hash")})
    audit_chain.seal(rows, head)
    for event, row in zip(events, rows, strict=True):
        event.seq, event.prev_hash, event.hash = row["seq"], row["prev_hash"], row["hash"]
