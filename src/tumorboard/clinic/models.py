"""The one-stop clinic: templates per site and pathway, clinic days, clinicians' sessions,
bookings with their consults, and the schedules the solver produced.

Times inside a day are whole minutes from the day's opening time, as in the solver's
contract (shared/contracts/schedule.md); the UI shows them as clock times.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.people import display_name
from tumorboard.clinic.wording import reason_text, specialty_label
from tumorboard.core.models import BaseModel
from tumorboard.network.models import Site
from tumorboard.patients.models import Case, Pathway


class ClinicTemplate(BaseModel):
    """Which consults a pathway's one-stop clinic holds at a site, and in which order."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="clinic_templates")
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["site__code", "pathway"]
        constraints = [models.UniqueConstraint(fields=["site", "pathway"],
                                               name="one_clinic_template_per_pathway")]

    def __str__(self) -> str:
        return self.name


class TemplateStep(BaseModel):
    """One consult of a template.

    `position`: steps of a lower position come first; steps of equal position may be seen
    in any order. `when` / `unless` name a case flag (see clinic.pathway_rules) that must
    hold / must not hold for the step to be booked; blank means always.
    """

    template = models.ForeignKey(ClinicTemplate, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    specialties = models.JSONField(_("specialties"), default=list)
    room = models.CharField(_("room"), max_length=100, blank=True)
    duration = models.PositiveIntegerField(_("duration (minutes)"))
    position = models.PositiveIntegerField(_("position"), default=0)
    when = models.CharField(_("only when"), max_length=40, blank=True)
    unless = models.CharField(_("unless"), max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "code"],
                                               name="unique_step_code_per_template")]


class ClinicDay(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="clinic_days")
    template = models.ForeignKey(ClinicTemplate, on_delete=models.PROTECT, related_name="days")
    date = models.DateField(_("date"))
    opening = models.TimeField(_("opening time"), default=dt.time(8, 0))
    horizon = models.PositiveIntegerField(_("length of the day (minutes)"), default=540)

    class Meta:
        ordering = ["-date", "site__code"]
        constraints = [models.UniqueConstraint(fields=["site", "date", "template"],
                                               name="one_clinic_day_per_template_and_date")]

    def __str__(self) -> str:
        return f"{self.template.name} {self.date:%Y-%m-%d}"

    def clock(self, minute: int) -> str:
        """'HH:MM' of a minute offset from the opening."""
        start = dt.datetime.combine(self.date, self.opening)
        return (start + dt.timedelta(minutes=minute)).strftime("%H:%M")


class ClinicianSession(BaseModel):
    """A clinician's availability on a clinic day: windows minus breaks, cut when called away."""

    day = models.ForeignKey(ClinicDay, on_delete=models.CASCADE, related_name="sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="clinic_sessions")
    specialty = models.CharField(_("specialty"), max_length=30)
    room = models.CharField(_("room"), max_length=100, blank=True)
    windows = models.JSONField(_("available windows"), default=list)
    breaks = models.JSONField(_("breaks"), default=list, blank=True)
    away_from = models.PositiveIntegerField(_("called away from"), null=True, blank=True)

    class Meta:
        ordering = ["specialty", "user__username"]
        constraints = [models.UniqueConstraint(fields=["day", "user"],
                                               name="one_session_per_clinician_and_day")]

    @property
    def solver_id(self) -> str:
        return self.user.get_username()

    @property
    def display_name(self) -> str:
        return display_name(self.user)

    @property
    def specialty_label(self) -> str:
        return specialty_label(self.specialty)

    @property
    def windows_text(self) -> str:
        return ", ".join(f"{self.day.clock(s)}–{self.day.clock(e)}" for s, e in self.windows)

    @property
    def breaks_text(self) -> str:
        return ", ".join(f"{self.day.clock(s)}–{self.day.clock(e)}" for s, e in self.breaks)

    @property
    def away_text(self) -> str:
        return "" if self.away_from is None else self.day.clock(self.away_from)


class Booking(BaseModel):
    day = models.ForeignKey(ClinicDay, on_delete=models.CASCADE, related_name="bookings")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="clinic_bookings")
    arrival = models.PositiveIntegerField(_("arrival (minutes from opening)"), default=0)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+")
    # the day as it happens (minutes from opening); each change is also a DayEvent row
    ticket = models.PositiveSmallIntegerField(_("queue number"), null=True, blank=True)
    checked_in_at = models.PositiveIntegerField(_("checked in at"), null=True, blank=True)
    no_show = models.BooleanField(_("did not come"), default=False)

    class Meta:
        ordering = ["arrival", "id"]
        constraints = [models.UniqueConstraint(fields=["day", "case"],
                                               name="one_booking_per_case_and_day")]

    @property
    def solver_id(self) -> str:
        return str(self.external_id)

    @property
    def arrival_clock(self) -> str:
        return self.day.clock(self.arrival)


class Consult(BaseModel):
    """One consult of a booking and, once scheduled, its appointment."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="consults")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    specialties = models.JSONField(_("specialties"), default=list)
    room = models.CharField(_("room"), max_length=100, blank=True)
    duration = models.PositiveIntegerField(_("duration (minutes)"))
    after = models.JSONField(_("after"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    done = models.BooleanField(_("done"), default=False)
    # the appointment of the current schedule (null start: not scheduled)
    start = models.IntegerField(null=True, blank=True)
    end = models.IntegerField(null=True, blank=True)
    clinicians = models.ManyToManyField(ClinicianSession, blank=True, related_name="consults")
    unscheduled_reason = models.CharField(max_length=300, blank=True)
    # what happened: called to the room, started, finished (minutes from opening)
    called_at = models.PositiveIntegerField(null=True, blank=True)
    actual_start = models.PositiveIntegerField(null=True, blank=True)
    actual_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["booking", "code"],
                                               name="unique_consult_code_per_booking")]

    @property
    def specialties_text(self) -> str:
        return " + ".join(specialty_label(s) for s in self.specialties)

    @property
    def label_text(self) -> str:
        """The pathway's consults are stored by their English label and read in the
        reader's language; a label a coordinator typed reads as typed."""
        return _read(self.label)

    @property
    def after_text(self) -> str:
        labels = {c.code: c.label for c in self.booking.consults.all()}
        return ", ".join(_read(labels.get(code, "")) for code in self.after) or "—"

    @property
    def reason_text(self) -> str:
        labels = {c.code: c.label for c in self.booking.consults.all()}
        return reason_text(self.unscheduled_reason, lambda code: _read(labels.get(code, "")))

    @property
    def start_clock(self) -> str:
        return "" if self.start is None else self.booking.day.clock(self.start)

    @property
    def end_clock(self) -> str:
        return "" if self.end is None else self.booking.day.clock(self.end)


class ScheduleRun(BaseModel):
    """One solve of a day: the instance, the schedule JSON and the waiting before/after."""

    class Kind(models.TextChoices):
        OPTIMISE = "optimise", _("optimised")
        REPLAN = "replan", _("re-planned")

    day = models.ForeignKey(ClinicDay, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    now = models.PositiveIntegerField(default=0)
    event = models.CharField(max_length=300, blank=True)
    instance = models.JSONField()
    schedule = models.JSONField()
    baseline = models.CharField(max_length=20)  # "fcfs" or "previous"
    mean_wait_before = models.FloatField(null=True)
    mean_wait_after = models.FloatField(null=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    @property
    def now_clock(self) -> str:
        return self.day.clock(self.now)


class DayEvent(BaseModel):
    """One thing that happened on a clinic day, as a row: check-in, call, start, finish,
    no-show, walk-in. The booking and consult columns hold the current state; these rows
    are its history (and the source of the day's measures)."""

    class Kind(models.TextChoices):
        CHECK_IN = "check-in", _("checked in")
        NO_SHOW = "no-show", _("did not come")
        CALLED = "called", _("called")
        STARTED = "started", _("consult started")
        FINISHED = "finished", _("consult finished")

    day = models.ForeignKey(ClinicDay, on_delete=models.CASCADE, related_name="events")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    consult = models.ForeignKey(Consult, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    minute = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           related_name="+")

    class Meta:
        ordering = ["minute", "id"]


class Reminder(BaseModel):
    """One reminder message to a patient about her clinic day, as sent (or not)."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "day-before", _("the day before")
        MORNING = "morning", _("on the morning")

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=10)
    channel = models.CharField(max_length=100)  # the sender's name, e.g. "console"
    to = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created", "-id"]


def _read(label: str) -> str:
    # gettext("") would return the catalogue's header.
    return gettext(label) if label else ""
