"""MDT boards, meetings, listings, attendance, recommendations, actions and letters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tumorboard.core.models import BaseModel
from tumorboard.network.models import Site
from tumorboard.patients.models import Case


class TumourGroup(models.TextChoices):
    BREAST = "breast", _("Breast")
    COLORECTAL = "colorectal", _("Colorectal")
    SARCOMA_BONE = "sarcoma_bone", _("Sarcoma and bone")
    SKIN = "skin", _("Skin")
    METASTATIC_BONE = "metastatic_bone", _("Metastatic bone")


# Which board discusses a case of each pathway.
GROUP_OF_PATHWAY = {"breast": "breast", "rectum": "colorectal", "sarcoma": "sarcoma_bone",
                    "melanoma": "skin", "bone_metastasis": "metastatic_bone"}

DEFAULT_CORE = {
    "breast": ["breast_surgery", "plastic_surgery", "radiology", "pathology",
               "medical_oncology", "radiation_oncology", "nursing"],
    "colorectal": ["colorectal_surgery", "radiology", "pathology", "medical_oncology",
                   "radiation_oncology", "nursing"],
    "sarcoma_bone": ["orthopaedic_oncology", "plastic_surgery", "radiology", "pathology",
                     "medical_oncology", "radiation_oncology", "nursing"],
    "skin": ["dermatology", "plastic_surgery", "radiology", "pathology", "medical_oncology",
             "nursing"],
    "metastatic_bone": ["spine_surgery", "orthopaedic_oncology", "radiology",
                        "radiation_oncology", "medical_oncology", "nursing"],
}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Board(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="boards")
    tumour_group = models.CharField(_("tumour group"), max_length=20,
                                    choices=TumourGroup.choices)
    name = models.CharField(_("name"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("start time"))
    # Hours before the start after which only urgent cases can be listed.
    listing_deadline_hours = models.PositiveIntegerField(
        _("listing deadline (hours before)"), default=48,
        validators=[MinValueValidator(0), MaxValueValidator(24 * 14)])
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="chaired_boards", verbose_name=_("chair"))
    deputy_chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="deputy_chaired_boards",
                                     verbose_name=_("deputy chair"))
    core_specialties = models.JSONField(_("core specialties"), default=list)
    video_link = models.URLField(_("video link"), blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["site__code", "tumour_group", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"],
                                               name="unique_board_name_per_site")]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.code})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", pgettext_lazy("meeting status", "Closed")


class Meeting(BaseModel):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    listing_deadline = models.DateTimeField(_("listing deadline"))
    standing_items = models.JSONField(_("standing agenda items"), default=list, blank=True)
    # The current state; every change is a MeetingStatusChange row.
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    video_link = models.URLField(_("video link"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["board", "starts_at"],
                                               name="one_meeting_per_board_time")]

    def __str__(self) -> str:
        from tumorboard.board.zones import local_time  # the site's clock, not UTC

        return f"{self.board.name} {local_time(self.starts_at, self.board.site):%Y-%m-%d %H:%M}"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class MeetingStatusChange(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT,
                                related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=MeetingStatus.choices)
    to_status = models.CharField(max_length=12, choices=MeetingStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")


class AttendMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")


class Attendance(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The specialty the attendee attends as at this meeting (chosen at check-in; a
    # coordinator counts as the specialist nurse only when recorded so).
    specialty = models.CharField(max_length=30, blank=True)
    presence = models.CharField(max_length=10, choices=Presence.choices,
                                default=Presence.PRESENT)
    mode = models.CharField(max_length=10, choices=AttendMode.choices,
                            default=AttendMode.IN_PERSON)
    deputy_for = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    left_at = models.DateTimeField(null=True, blank=True)  # left before the end
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="attend_once")]


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class Triage(models.TextChoices):
    STANDARD_OF_CARE = "standard_of_care", _("Standard of care (ratified without discussion)")
    FULL_DISCUSSION = "full_discussion", _("Full discussion")


class Listing(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="listings")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="board_listings")
    question = models.TextField(_("question for the board"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.ROUTINE)
    position = models.PositiveIntegerField(default=0)
    late = models.BooleanField(default=False)  # listed after the deadline (urgent)
    imaging_ready = models.BooleanField(_("imaging available for review"), default=False)
    pathology_ready = models.BooleanField(_("pathology report available"), default=False)
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+")
    # Standard-of-care triage (NHS England, "Streamlining MDT meetings", 2020).
    triage = models.CharField(_("triage"), max_length=20, choices=Triage.choices, blank=True)
    protocol = models.CharField(_("agreed protocol"), max_length=200, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    ratified_at = models.DateTimeField(null=True, blank=True)
    discussion_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"],
                                               name="list_case_once_per_meeting")]


class AgendaTemplate(BaseModel):
    """A reusable order for a board's case list, plus standing (non-case) items."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="agenda_templates")
    name = models.CharField(_("name"), max_length=100)
    sort_keys = models.JSONField(default=list)
    standing_items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["board", "name"],
                                               name="unique_template_name")]


class ImmutableRecord(Exception):
    """A signed recommendation was about to be changed."""


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(signed_at__isnull=False).exists():
            raise ImmutableRecord("A signed recommendation cannot be changed.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("Recommendations are kept; supersede them instead.")


class Recommendation(BaseModel):
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT,
                                related_name="recommendations")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="board_recommendations")
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    # Optimistic lock: every save increments it; a save carrying an older number is refused.
    lock_version = models.PositiveIntegerField(default=0)
    discussion_summary = models.TextField(_("discussion summary"), blank=True)
    intent = models.CharField(_("intent"), max_length=12, blank=True)
    treatment_plan = models.JSONField(_("planned treatment"), default=list, blank=True)
    raised_options = models.JSONField(default=list, blank=True)
    option_decisions = models.JSONField(default=dict, blank=True)
    trial_consideration = models.CharField(_("clinical trial"), max_length=20, blank=True)
    trial_notes = models.CharField(_("trial notes"), max_length=300, blank=True)
    patient_preferences = models.TextField(_("patient's known preferences"), blank=True)
    dissent = models.JSONField(_("dissent"), default=list, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    quorate = models.BooleanField(null=True)  # set at sign-off
    # The specialties missing when it was signed (quorum per case: members may leave).
    missing_specialties = models.JSONField(default=list, blank=True)
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    # A conditional decision ("watch and wait if complete response at the 12-week MRI"):
    # the case is listed again at the board's first meeting on or after `relist_on`.
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    relist_on = models.DateField(_("discuss again on"), null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "version"], name="one_version_number"),
            models.UniqueConstraint(fields=["listing"], condition=Q(signed_at__isnull=True),
                                    name="one_draft_per_listing"),
        ]

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and type(self)._base_manager.filter(
                pk=self.pk, signed_at__isnull=False).exists():
            raise ImmutableRecord("A signed recommendation cannot be changed; "
                                  "create a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("Recommendations are kept; supersede them instead.")


class Action(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="board_actions")
    # Empty for an action added by hand outside a recommendation.
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT,
                                       related_name="actions", null=True, blank=True)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions",
                              null=True, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    # Words of a planned action are built at display time from kind + params (gettext);
    # `description` holds the text of an action added by hand.
    params = models.JSONField(default=dict, blank=True)
    description = models.CharField(_("action"), max_length=300, blank=True)
    tier = models.CharField(max_length=10, blank=True)  # emergency / urgent / routine
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              null=True, blank=True, related_name="board_actions_owned")
    due_date = models.DateField(_("due"))
    closed_by = models.CharField(max_length=20, blank=True)  # the fulfilling event's kind
    done_date = models.DateField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    # Set when a newer version of the recommendation replaced this action.
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["done_date", "cancelled", "due_date"])]


class ActionDueChange(BaseModel):
    """A change of an action's due date, with the reason the owner gave."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="due_changes")
    old_due = models.DateField()
    new_due = models.DateField()
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]


class LetterKind(models.TextChoices):
    REFERRER = "referrer", _("Letter to the referring doctor")
    PATIENT = "patient", _("Letter to the patient")


class Letter(BaseModel):
    """A generated PDF, kept as bytes with the case (one row per generation)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT,
                                       related_name="letters")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="board_letters")
    kind = models.CharField(max_length=10, choices=LetterKind.choices)
    language = models.CharField(max_length=10)
    pdf = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]

    @property
    def filename(self) -> str:
        return f"mdt-{self.kind}-letter-v{self.recommendation.version}-{self.language}.pdf"


class Implementation(BaseModel):
    """Whether a signed recommendation was carried out, with a coded reason when not; rows
    are kept (the latest one counts). Reasons: board/implementation.py."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT,
                                       related_name="implementations")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    implemented = models.BooleanField()
    reason = models.CharField(max_length=30, blank=True)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]
