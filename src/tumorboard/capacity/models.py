"""The department's capacity: its waiting list, theatre sessions and the planned lists the
optimiser made, its beds (admissions and their moves) and what happened on the day.

State changes are rows: an entry's history (WaitingListChange), each planning run
(PlanRun with its PlannedCase rows), each bed movement (BedMove) and each on-the-day record.
Writes go through capacity/services.py and capacity/planning.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.capacity import vocabulary as v
from tumorboard.core.models import BaseModel
from tumorboard.network.models import Department
from tumorboard.outcomes.vocabulary import all_procedures, choices
from tumorboard.patients.models import Case

_USER = settings.AUTH_USER_MODEL
PROCEDURE_CHOICES = choices(all_procedures())


class WaitingListEntry(BaseModel):
    """One planned operation of one case."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="waiting_list")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="waiting_entries")
    recommendation = models.ForeignKey("board.Recommendation", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    procedure = models.CharField(_("procedure"), max_length=30, choices=PROCEDURE_CHOICES,
                                 blank=True)
    procedure_detail = models.CharField(_("procedure as planned"), max_length=200, blank=True)
    surgeon = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("surgeon"))
    priority = models.CharField(_("priority"), max_length=2, choices=v.PRIORITIES)
    listed_on = models.DateField(_("listed on"))
    target_date = models.DateField(_("target date"))
    earliest = models.DateField(_("not before"), null=True, blank=True)
    expected_los_days = models.PositiveSmallIntegerField(_("expected length of stay (days)"))
    anaesthetic = models.CharField(_("anaesthetic assessment"), max_length=10,
                                   choices=v.CHECK_STATUSES, default="pending")
    consent = models.CharField(_("consent"), max_length=10, choices=v.CHECK_STATUSES,
                               default="pending")
    funding = models.CharField(_("funding"), max_length=16, choices=v.FUNDING_STATUSES,
                               default="not_applicable")
    status = models.CharField(_("status"), max_length=10, choices=v.ENTRY_STATUSES,
                              default=v.WAITING)

    # Optimistic concurrency: an edit of an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["target_date", "id"]
        indexes = [models.Index(fields=["department", "status"])]

    @property
    def ready(self) -> bool:
        """The pre-operative checks allow a date: assessed, consented, funded if needed."""
        return (self.anaesthetic == "done" and self.consent == "done"
                and self.funding in ("not_applicable", "approved"))


class WaitingListChange(BaseModel):
    """The entry's history: what changed, when, by whom."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE,
                              related_name="changes")
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    changes = models.JSONField(default=dict)  # field -> [before, after]
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created", "id"]


class SessionTemplate(BaseModel):
    """A weekly theatre session (room, weekday, times, surgeon) that generates sessions."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="session_templates")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=v.WEEKDAYS)
    room = models.CharField(_("room"), max_length=40)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    surgeon = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("surgeon"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["weekday", "start", "room"]


class TheatreSession(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="theatre_sessions")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(SessionTemplate, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="sessions")
    date = models.DateField(_("date"))
    room = models.CharField(_("room"), max_length=40)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    surgeon = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("surgeon"))

    class Meta:
        ordering = ["date", "start", "room"]
        constraints = [models.UniqueConstraint(fields=["department", "date", "room", "start"],
                                               name="one_session_per_room_and_start")]

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


class PlanRun(BaseModel):
    """One planning of a week: the instance given to the optimiser and what it answered."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="plan_runs")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField()
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    method = models.CharField(max_length=12)  # optimiser | baseline
    instance = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    unscheduled = models.JSONField(default=list)  # [{"entry": uuid, "reason": text}]

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["department", "week_start"])]


class PlannedCase(BaseModel):
    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="cases")
    session = models.ForeignKey(TheatreSession, on_delete=models.PROTECT,
                                related_name="planned")
    entry = models.ForeignKey(WaitingListEntry, on_delete=models.PROTECT,
                              related_name="planned")
    start = models.TimeField()
    end = models.TimeField()
    duration_min = models.PositiveIntegerField()
    fixed = models.BooleanField(default=False)

    class Meta:
        ordering = ["session__date", "session__room", "start"]


class Admission(BaseModel):
    """A stay of one of the department's patients; the census counts open stays."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="admissions")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="admissions")
    entry = models.ForeignKey(WaitingListEntry, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="admissions")
    admitted_on = models.DateField(_("admitted on"))
    expected_los_days = models.PositiveSmallIntegerField(_("expected length of stay (days)"))
    ward = models.CharField(_("ward"), max_length=40, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)

    class Meta:
        ordering = ["admitted_on", "id"]


class BedMove(BaseModel):
    admission = models.ForeignKey(Admission, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(max_length=10, choices=v.MOVE_KINDS)
    on = models.DateField()
    ward = models.CharField(max_length=40, blank=True)
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["on", "id"]


class DayRecord(BaseModel):
    """What happened to a planned case on the day: operated (actual times) or cancelled
    (coded reason). Operated records with both times are the duration history."""

    planned = models.OneToOneField(PlannedCase, on_delete=models.PROTECT,
                                   related_name="record")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(max_length=30, choices=PROCEDURE_CHOICES, blank=True)
    surgeon = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    outcome = models.CharField(_("outcome"), max_length=10, choices=v.DAY_OUTCOMES)
    actual_start = models.TimeField(_("actual start"), null=True, blank=True)
    actual_end = models.TimeField(_("actual end"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancellation"), max_length=10, blank=True,
                                     choices=v.CANCEL_REASONS)
    operation = models.ForeignKey("outcomes.Operation", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["procedure", "surgeon"])]

    @property
    def minutes(self) -> int | None:
        if self.actual_start is None or self.actual_end is None:
            return None
        return _minutes(self.actual_end) - _minutes(self.actual_start)
