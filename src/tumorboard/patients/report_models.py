"""Imaging, pathology and other reports of a case, with their attached files.

Reports are evidence: a report is never edited in place. An amendment is a new row of the
same series (``series``) with the next ``version``, pointing at the version it supersedes,
with the reason; every version stays readable. Files are stored under the runtime folder
(MEDIA_ROOT, under VAR_DIR) by a generated name; the sender's file name is kept only as a
label, never used as a path."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tumorboard.core.models import BaseModel


class ReportType(models.TextChoices):
    IMAGING = "imaging", pgettext_lazy("report type", "Imaging")
    PATHOLOGY = "pathology", pgettext_lazy("report type", "Pathology")
    ENDOSCOPY = "endoscopy", pgettext_lazy("report type", "Endoscopy")
    MOLECULAR = "molecular", pgettext_lazy("report type", "Molecular pathology / genetics")
    OTHER = "other", pgettext_lazy("report type", "Other")


class ClinicalReport(BaseModel):
    case = models.ForeignKey("patients.Case", on_delete=models.PROTECT, related_name="reports")
    series = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", editable=False)
    amendment_reason = models.CharField(_("reason for the amendment"), max_length=300,
                                        blank=True)
    report_type = models.CharField(_("type of report"), max_length=20,
                                   choices=ReportType.choices)
    report_date = models.DateField(_("date of the report"))
    author_name = models.CharField(_("author"), max_length=200)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("author (member of staff)"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the report"))
    viewer_link = models.URLField(_("link to the image or slide viewer"), max_length=500,
                                  blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-report_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["series", "version"],
                                               name="unique_report_version")]
        indexes = [models.Index(fields=["case", "report_date"])]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} {self.report_date:%Y-%m-%d}"


class ReportAttachment(BaseModel):
    report = models.ForeignKey(ClinicalReport, on_delete=models.PROTECT,
                               related_name="attachments")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # Relative to MEDIA_ROOT, made from ids only.
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.original_name
