"""Hospitals (sites) of a network, their departments, referrals between them with the
grant that lets the receiving site read the referred case, the hub's site keys and the
aggregates it receives, and the training network (mentoring, proctored cases)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel
from tumorboard.network import vocabulary as v

_USER = settings.AUTH_USER_MODEL


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Give an IANA time zone such as Asia/Shanghai."))


class Site(BaseModel):
    code = models.CharField(
        _("code"), max_length=20, unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capitals, digits, - and _."))],
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    network = models.CharField(_("network"), max_length=100, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai",
                                 validators=[validate_time_zone])
    # The screen refers rectal cases elsewhere when the site does not do this surgery.
    offers_sphincter_preservation = models.BooleanField(
        _("offers sphincter-preserving surgery"), default=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    beds = models.PositiveIntegerField(_("beds"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["site__code", "name"]
        unique_together = [("site", "name")]
        verbose_name = _("department")

    def __str__(self) -> str:
        return f"{self.site.code} / {self.name}"


class Referral(BaseModel):
    """A case of ``from_site`` referred to ``to_site`` for a named reason, with consent."""

    case = models.ForeignKey("patients.Case", on_delete=models.PROTECT,
                             related_name="referrals")
    from_site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="referrals_out",
                                  verbose_name=_("referring site"))
    to_site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="referrals_in",
                                verbose_name=_("receiving site"))
    reason = models.CharField(_("reason"), max_length=30, choices=v.choices(v.REASONS))
    urgency = models.CharField(_("urgency"), max_length=10, choices=v.choices(v.URGENCIES),
                               default="routine")
    consent = models.BooleanField(_("patient consented to the referral"), default=False)
    consent_date = models.DateField(_("date of consent"))
    note = models.CharField(_("note to the receiving site"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=v.choices(v.STATUSES),
                              default=v.SENT)
    sent_at = models.DateTimeField(_("sent"))
    reply_due = models.DateTimeField(_("reply due"))
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    ending = models.CharField(_("how it ended"), max_length=30, blank=True,
                              choices=v.choices(v.ENDINGS))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    operation = models.ForeignKey("outcomes.Operation", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    taken_case = models.ForeignKey("patients.Case", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="referred_from")
    sent_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["to_site", "status"]),
                   models.Index(fields=["from_site", "status"])]


class ReferralEvent(BaseModel):
    """The referral's history, one row per change of state."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=v.choices(v.EVENTS))
    at = models.DateTimeField()
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]


class GrantQuerySet(models.QuerySet["CaseGrant"]):
    def active(self) -> GrantQuerySet:
        return self.filter(revoked_at__isnull=True)


class CaseGrant(BaseModel):
    """The receiving site may read this one case (read-only) until the grant is revoked."""

    case = models.ForeignKey("patients.Case", on_delete=models.PROTECT, related_name="grants")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="grants")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="grants")
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = GrantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["case", "site"], condition=Q(revoked_at__isnull=True),
            name="one_active_grant_per_case_and_site")]


class SiteKey(BaseModel):
    """On a hub: the key a member site authenticates its aggregates with (hash only)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="hub_keys")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    revoked_at = models.DateTimeField(null=True, blank=True)


class AggregateSubmission(BaseModel):
    """On a hub: one site's sufficient statistics (no patient rows), as received."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="submissions")
    received_at = models.DateTimeField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    survival = models.JSONField(default=dict)  # tumorboard-aggregate/1
    indicators = models.JSONField(default=list)  # [{indicator, unit, numerator, denominator}]

    class Meta:
        ordering = ["-received_at", "-id"]


class Mentorship(BaseModel):
    """The training network: who trained whom in a technique, and when the trainee was
    signed off as independent (None: still proctored)."""

    trainee = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="mentored_by")
    mentor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="mentoring")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="mentorships",
                             verbose_name=_("trainee's site"))
    technique = models.CharField(_("technique"), max_length=100)
    started_on = models.DateField(_("training started"))
    independent_on = models.DateField(_("signed off as independent"), null=True, blank=True)

    class Meta:
        ordering = ["site__code", "started_on", "id"]
        verbose_name = _("mentorship")


class ProctoredCase(BaseModel):
    """An operation of the trainee's done under the mentor's supervision."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE,
                                   related_name="proctored")
    operation = models.OneToOneField("outcomes.Operation", on_delete=models.PROTECT,
                                     related_name="proctoring")

    class Meta:
        verbose_name = _("proctored case")
