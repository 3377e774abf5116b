"""Stored decision support: score records, screening results and option decisions.

Every table here is append-only history: a re-screen, a changed decision or a new score is a
new row, and the latest row counts. `is_latest` / `is_current` flags are maintained by
decisions.services so that the missed-opportunity report can use plain indexed filters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel
from tumorboard.patients.models import Case


class ScoreRecord(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="score_records")
    score_name = models.CharField(_("score"), max_length=40)
    score_version = models.CharField(_("score version"), max_length=20)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    total = models.FloatField(_("total"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["case", "score_name", "created"])]

    def __str__(self) -> str:
        return f"{self.score_name} {self.total} ({self.category})"


class ScreeningTrigger(models.TextChoices):
    VIEW = "view", _("case page viewed")  # before 2.0.0 pages screened while they were read
    MANUAL = "manual", _("screened on request")
    BULK = "bulk", _("bulk screen")
    CHANGE = "change", _("case facts changed")
    RULESET = "ruleset", _("new ruleset version")


class ScreeningResult(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    ruleset_version = models.CharField(_("ruleset version"), max_length=20)
    # The screen's input (recorded facts only), kept so that advice can be traced.
    facts = models.JSONField(_("facts screened"))
    result = models.JSONField(_("result"))
    error_field = models.CharField(max_length=80, blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")
    trigger = models.CharField(max_length=10, choices=ScreeningTrigger.choices,
                               default=ScreeningTrigger.VIEW)
    is_latest = models.BooleanField(default=True)
    # Options whose status differs from the previous screening: [{code, before, after}].
    changes = models.JSONField(default=list, blank=True)
    previous_ruleset_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["case", "is_latest"])]
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(is_latest=True),
                                               name="one_latest_screening_per_case")]

    def __str__(self) -> str:
        return f"screening {self.ruleset_version} of case {self.case_id}"


# Statuses that raise an option for the MDT (see docs/decisions.md "Definitions").
RAISING_STATUSES = ("offer", "discuss")


class ScreenedOption(BaseModel):
    """One option of one screening, flattened so that the report can aggregate in SQL."""

    screening = models.ForeignKey(ScreeningResult, on_delete=models.CASCADE,
                                  related_name="option_rows")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=60)
    status = models.CharField(max_length=20)
    must_discuss = models.BooleanField(default=False)
    raised = models.BooleanField(default=False)
    # When the option was first raised in the unbroken run of screenings that raise it, so
    # that a re-screen does not restart the "undecided after N days" clock.
    raised_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "is_current", "raised"]),
            models.Index(fields=["is_current", "raised", "raised_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.status}"


class Decision(models.TextChoices):
    OFFERED_ACCEPTED = "offered_accepted", _("Offered, accepted")
    OFFERED_DECLINED = "offered_declined", _("Offered, declined (patient preference)")
    NOT_SUITABLE = "not_suitable", _("Not suitable")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")


class OptionDecision(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="option_decisions")
    option_code = models.CharField(_("option"), max_length=60)
    screening = models.ForeignKey(ScreeningResult, on_delete=models.PROTECT,
                                  related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["case", "option_code", "created"])]

    def __str__(self) -> str:
        return f"{self.option_code}: {self.decision}"
