"""Forms of the capacity pages; the services validate, these only parse and show errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts import people
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import PROCEDURE_CHOICES
from tumorboard.core.forms import add_service_errors

__all__ = ["add_service_errors"]
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


def person(user: User) -> str:
    """By name, never by username (accounts.people)."""
    return people.display_name(user)


class SurgeonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person(obj)


def surgeons_of(site_id: int) -> Any:
    return User.objects.filter(profile__memberships__site_id=site_id,
                               profile__role="clinician", is_active=True).order_by(
        "last_name", "first_name", "username")


class EntryForm(forms.Form):
    case = forms.UUIDField(label=_("case"), widget=forms.HiddenInput, required=False)
    procedure = forms.ChoiceField(label=_("procedure"), required=False,
                                  choices=[("", "—"), *PROCEDURE_CHOICES])
    procedure_detail = forms.CharField(label=_("procedure as planned"), max_length=200,
                                       required=False)
    surgeon = SurgeonChoice(label=_("surgeon"), queryset=User.objects.none())
    priority = forms.ChoiceField(label=_("priority"), choices=v.PRIORITIES)
    target_date = forms.DateField(label=_("target date"), required=False, widget=DATE)
    earliest = forms.DateField(label=_("not before"), required=False, widget=DATE)
    expected_los_days = forms.IntegerField(label=_("expected length of stay (days)"),
                                           required=False, min_value=1, max_value=365)
    anaesthetic = forms.ChoiceField(label=_("anaesthetic assessment"),
                                    choices=v.CHECK_STATUSES)
    consent = forms.ChoiceField(label=_("consent"), choices=v.CHECK_STATUSES)
    funding = forms.ChoiceField(label=_("funding"), choices=v.FUNDING_STATUSES)

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surgeon"].queryset = surgeons_of(site_id)  # type: ignore[attr-defined]


class EntryChangeForm(EntryForm):
    status = forms.ChoiceField(label=_("status"), choices=v.ENTRY_STATUSES)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    room = forms.CharField(label=_("theatre"), max_length=40)
    start = forms.TimeField(label=_("start"), widget=TIME)
    end = forms.TimeField(label=_("end"), widget=TIME)
    surgeon = SurgeonChoice(label=_("surgeon"), queryset=User.objects.none())

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surgeon"].queryset = surgeons_of(site_id)  # type: ignore[attr-defined]


class TemplateForm(SessionForm):
    weekday = forms.TypedChoiceField(label=_("weekday"), choices=v.WEEKDAYS, coerce=int)

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, site_id=site_id, **kwargs)
        del self.fields["date"]


class AdmitForm(forms.Form):
    entry = forms.UUIDField(label=_("patient on the waiting list"), required=False,
                            widget=forms.HiddenInput)
    case = forms.UUIDField(label=_("case"), widget=forms.HiddenInput)
    admitted_on = forms.DateField(label=_("admitted on"), widget=DATE)
    expected_los_days = forms.IntegerField(label=_("expected length of stay (days)"),
                                           min_value=1, max_value=365)
    ward = forms.CharField(label=_("ward"), max_length=40, required=False)


class MoveForm(forms.Form):
    kind = forms.ChoiceField(label=_("movement"), choices=v.MOVE_KINDS[1:])
    on = forms.DateField(label=_("date"), widget=DATE)
    ward = forms.CharField(label=_("ward"), max_length=40, required=False)


class DayForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=v.DAY_OUTCOMES)
    actual_start = forms.TimeField(label=_("actual start"), required=False, widget=TIME)
    actual_end = forms.TimeField(label=_("actual end"), required=False, widget=TIME)
    cancel_reason = forms.ChoiceField(label=_("reason for cancellation"), required=False,
                                      choices=[("", "—"), *v.CANCEL_REASONS])
