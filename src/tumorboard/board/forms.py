"""Web forms of the board app, and parsing of the recommendation form's repeated rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.models import Specialty
from tumorboard.accounts.people import display_name
from tumorboard.board.agenda import SORT_KEYS
from tumorboard.board.models import TumourGroup, Urgency, Weekday
from tumorboard.board.plan import MODALITIES

PLAN_ROWS = 6
DISSENT_ROWS = 3


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Choices labelled by the person's name, never the account name."""

    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    tumour_group = forms.ChoiceField(label=_("Tumour group"), choices=TumourGroup.choices)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Start time"),
                                 widget=forms.TimeInput(attrs={"type": "time"}))
    listing_deadline_hours = forms.IntegerField(label=_("Listing deadline (hours before)"),
                                                min_value=0, max_value=336, initial=48)
    chair = PersonChoiceField(label=_("Chair"), queryset=User.objects.none())
    core_specialties = forms.MultipleChoiceField(
        label=_("Core specialties"), choices=[c for c in Specialty.choices if c[0]],
        widget=forms.CheckboxSelectMultiple, required=False)
    # The meeting room and the case presentation offer it as "Join the video call".
    video_link = forms.CharField(label=_("Video call link"), max_length=200, required=False,
                                 widget=forms.URLInput(attrs={"placeholder": "https://"}))

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(profile__sites__pk=site_id, profile__role="clinician")
            .order_by("username"))


class ListingForm(forms.Form):
    meeting = forms.UUIDField(label=_("Meeting"))
    question = forms.CharField(label=_("Question for the board"), max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=100)
    sort_keys = forms.MultipleChoiceField(label=_("Order"),
                                          choices=[(k, _(v)) for k, v in SORT_KEYS.items()],
                                          widget=forms.CheckboxSelectMultiple, required=False)
    standing_items = forms.CharField(label=_("Standing items (one a line)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))


def parse_recommendation(post: QueryDict, raised_codes: list[str]) -> dict[str, Any]:
    """The recommendation form's fields as the service's values (rows in order, blanks out)."""
    plan = []
    for index in range(1, PLAN_ROWS + 1):
        modality = post.get(f"plan_{index}_modality", "")
        if modality:
            plan.append({"modality": modality, "detail": post.get(f"plan_{index}_detail", "")})
    decisions = {code: {"decision": post.get(f"option_{code}_decision", ""),
                        "reason": post.get(f"option_{code}_reason", ""),
                        "referred_to": post.get(f"option_{code}_referred_to", "")}
                 for code in raised_codes}
    dissent = [{"author": post.get(f"dissent_{i}_author", ""),
                "text": post.get(f"dissent_{i}_text", "")} for i in range(1, DISSENT_ROWS + 1)]
    return {
        "discussion_summary": post.get("discussion_summary", ""),
        "intent": post.get("intent", ""),
        "treatment_plan": plan,
        "option_decisions": decisions,
        "trial_consideration": post.get("trial_consideration", ""),
        "trial_notes": post.get("trial_notes", ""),
        "patient_preferences": post.get("patient_preferences", ""),
        "dissent": dissent,
        "condition": post.get("condition", ""),
        "relist_on": post.get("relist_on", ""),
    }


def plan_rows(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [dict(item) for item in plan][:PLAN_ROWS]
    rows += [{"modality": "", "detail": ""}] * (PLAN_ROWS - len(rows))
    return [{"index": i, **row} for i, row in enumerate(rows, start=1)]


def dissent_rows(dissent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [dict(item) for item in dissent if item.get("author") or item.get("text")]
    rows = rows[:DISSENT_ROWS] + [{"author": "", "text": ""}] * (DISSENT_ROWS - len(rows))
    return [{"index": i, **row} for i, row in enumerate(rows, start=1)]


__all__ = ["MODALITIES"]
