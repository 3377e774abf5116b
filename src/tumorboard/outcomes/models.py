"""Registry records (operations, complications, follow-up, function scores) and the
per-case outcome summary the analytics aggregate over.

Writes go through outcomes/services.py (validated, atomic, audited); the summary is
derived data, refreshed by outcomes/summary.py whenever a record of the case changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tumorboard.core.models import BaseModel
from tumorboard.network.models import Site
from tumorboard.outcomes import vocabulary as v
from tumorboard.patients.models import Case

_USER = settings.AUTH_USER_MODEL


class Operation(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="operations")
    date = models.DateField("date of operation")
    surgeon = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    procedure = models.CharField(max_length=30, choices=v.choices(v.all_procedures()))
    intent = models.CharField(max_length=12, choices=v.choices(v.INTENTS))
    margin = models.CharField(max_length=2, choices=v.choices(v.MARGINS), blank=True)
    # breast
    reconstruction = models.CharField(max_length=10, blank=True,
                                      choices=v.choices(v.RECONSTRUCTION_TIMING))
    reconstruction_type = models.CharField(max_length=12, blank=True,
                                           choices=v.choices(v.RECONSTRUCTION_TYPES))
    flap = models.CharField(max_length=6, blank=True, choices=v.choices(v.FLAPS))
    # rectum
    sphincter_preserved = models.BooleanField(null=True, blank=True)
    anastomosis_height_cm = models.DecimalField("anastomosis height (cm from anal verge)",
                                                max_digits=3, decimal_places=1, null=True,
                                                blank=True)
    diverting_stoma = models.BooleanField(null=True, blank=True)
    stoma_closure_date = models.DateField(null=True, blank=True)
    permanent_stoma_18m = models.BooleanField("permanent stoma at 18 months", null=True,
                                              blank=True)
    # sarcoma and bone metastasis
    limb_outcome = models.CharField(max_length=12, blank=True,
                                    choices=v.choices(v.LIMB_OUTCOMES))
    limb_reconstruction = models.CharField(max_length=20, blank=True,
                                           choices=v.choices(v.LIMB_RECONSTRUCTIONS))
    # The technique as the network teaches it (e.g. a named anus-preserving technique),
    # its version, and the instrument kit with its lot: outcomes by technique version.
    technique = models.CharField("technique", max_length=100, blank=True)
    technique_version = models.CharField("technique version", max_length=20, blank=True)
    instrument_kit = models.CharField("instrument kit", max_length=100, blank=True)
    kit_lot = models.CharField("kit lot", max_length=50, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    # Comprehensive Complication Index of this operation, recomputed on every complication.
    cci = models.FloatField("CCI", default=0.0)
    recorded_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "date"])]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()} {self.date:%Y-%m-%d}"


class Complication(BaseModel):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT,
                                  related_name="complications")
    type = models.CharField(max_length=30, choices=v.choices(v.COMPLICATIONS))
    grade = models.CharField("Clavien-Dindo grade", max_length=4,
                             choices=v.choices(v.CLAVIEN_DINDO))
    date = models.DateField()
    description = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["date", "id"]


class FollowUpEvent(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_up_events")
    type = models.CharField(max_length=20, choices=v.choices(v.FOLLOW_UP_TYPES))
    date = models.DateField()
    cause_of_death = models.CharField(max_length=10, blank=True,
                                      choices=v.choices(v.CAUSES_OF_DEATH))
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "type"])]


class FunctionScore(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="function_scores")
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT,
                                  related_name="function_scores")
    instrument = models.CharField(max_length=10, choices=v.choices(v.INSTRUMENTS))
    time_point_months = models.PositiveSmallIntegerField("months after surgery")
    assessed_on = models.DateField()
    inputs = models.JSONField(default=dict)
    total = models.FloatField(null=True)
    category = models.CharField(max_length=30, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["operation_id", "instrument", "time_point_months"]
        constraints = [models.UniqueConstraint(
            fields=["operation", "instrument", "time_point_months"],
            name="one_score_per_operation_instrument_time_point")]


class CaseOutcome(models.Model):
    """One row per case: times and flags the dashboard aggregates with GROUP BY.

    Times are whole days from diagnosis. ``*_event`` and the rate flags are 0/1 (so SUM
    works on every database); a NULL flag means "not applicable or not yet known" and is
    left out of that rate's denominator.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="outcome")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    pathway = models.CharField(max_length=20)
    diagnosis_year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=4, blank=True)  # main group: 0, I, II, III, IV
    surgeon = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    treatment = models.CharField(max_length=30)
    last_known = models.DateField()
    dead = models.PositiveSmallIntegerField()
    os_days = models.IntegerField()
    os_event = models.PositiveSmallIntegerField()
    dfs_days = models.IntegerField()
    dfs_event = models.PositiveSmallIntegerField()
    lr_days = models.IntegerField()
    lr_cause = models.PositiveSmallIntegerField()  # 0 censored, 1 local recurrence, 2 death
    operated = models.PositiveSmallIntegerField()
    reconstruction = models.PositiveSmallIntegerField(null=True)
    sphincter_preserved = models.PositiveSmallIntegerField(null=True)
    permanent_stoma = models.PositiveSmallIntegerField(null=True)
    limb_salvage = models.PositiveSmallIntegerField(null=True)
    anastomotic_leak = models.PositiveSmallIntegerField(null=True)
    death_90d = models.PositiveSmallIntegerField(null=True)
    index_cci = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["pathway", "site"])]

    def __str__(self) -> str:
        return f"outcome of case {self.case_id}"


class OutcomeTimeTally(models.Model):
    """Counts of CaseOutcome per (pathway, site, treatment, day), maintained by tallies.py.

    A case adds 1 to the row of its os_days (event or censored), of its dfs_days and of its
    lr_days (local recurrence, death without one, or censored).
    """

    pathway = models.CharField(max_length=20)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    treatment = models.CharField(max_length=30)
    day = models.IntegerField()
    os_events = models.IntegerField(default=0)
    os_censored = models.IntegerField(default=0)
    dfs_events = models.IntegerField(default=0)
    dfs_censored = models.IntegerField(default=0)
    lr_local = models.IntegerField(default=0)
    lr_death = models.IntegerField(default=0)
    lr_censored = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pathway", "site", "treatment", "day"],
                                               name="one_time_tally_per_cell")]

    def __str__(self) -> str:
        return f"{self.pathway} site {self.site_id} {self.treatment} day {self.day}"


class OutcomeTotalTally(models.Model):
    """Counts of CaseOutcome per (pathway, site, dead, last known date), by tallies.py:
    cases, each rate flag's events (sum) and denominator (non-null), the CCI bins."""

    pathway = models.CharField(max_length=20)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    dead = models.PositiveSmallIntegerField()
    last_known = models.DateField()
    cases = models.IntegerField(default=0)
    reconstruction_events = models.IntegerField(default=0)
    sphincter_preserved_events = models.IntegerField(default=0)
    permanent_stoma_events = models.IntegerField(default=0)
    anastomotic_leak_events = models.IntegerField(default=0)
    limb_salvage_events = models.IntegerField(default=0)
    death_90d_events = models.IntegerField(default=0)
    reconstruction_total = models.IntegerField(default=0)
    sphincter_preserved_total = models.IntegerField(default=0)
    permanent_stoma_total = models.IntegerField(default=0)
    anastomotic_leak_total = models.IntegerField(default=0)
    limb_salvage_total = models.IntegerField(default=0)
    death_90d_total = models.IntegerField(default=0)
    cci_0 = models.IntegerField(default=0)
    cci_1 = models.IntegerField(default=0)
    cci_2 = models.IntegerField(default=0)
    cci_3 = models.IntegerField(default=0)
    cci_4 = models.IntegerField(default=0)
    cci_5 = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pathway", "site", "dead", "last_known"],
                                               name="one_total_tally_per_cell")]

    def __str__(self) -> str:
        return f"{self.pathway} site {self.site_id} dead {self.dead} {self.last_known}"
