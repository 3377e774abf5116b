"""Hospitals (sites) of a network and their departments."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel


class Site(BaseModel):
    code = models.CharField(
        _("code"), max_length=20, unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capitals, digits, - and _."))],
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
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
