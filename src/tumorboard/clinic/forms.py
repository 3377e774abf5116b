"""Web forms of the clinic. Clock times in, minutes from the opening to the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.models import Specialty
from tumorboard.accounts.people import display_name
from tumorboard.core import forms as core_forms
from tumorboard.patients.models import Pathway
from tumorboard.patients.validation import InvalidInput

SPECIALTIES = [c for c in Specialty.choices if c[0]]


class TimeInput(forms.TimeInput):
    input_type = "time"


def add_service_errors(form: forms.Form, error: InvalidInput) -> None:
    """`consults[3].duration` is shown on the form's `consults` field, or named at the top."""
    core_forms.add_service_errors(form, error.errors, name_unplaced=True,
                                  field_for=lambda f: f.split("[")[0].split(".")[0])


class DayForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"))
    pathway = forms.ChoiceField(label=_("Pathway"), choices=Pathway.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    opening = forms.TimeField(label=_("Opening time"), initial=dt.time(8, 0),
                              widget=TimeInput())
    horizon = forms.IntegerField(label=_("Length of the day (minutes)"), initial=540,
                                 min_value=1, max_value=24 * 60)
    staff_from_site = forms.BooleanField(
        label=_("Add a session for every clinician of the site with a specialty this clinic "
                "needs"), required=False, initial=True)

    def __init__(self, *args: Any, sites: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sites


class SessionForm(forms.Form):
    user = forms.ChoiceField(label=_("Clinician"))
    specialty = forms.ChoiceField(label=_("Specialty"), required=False,
                                  choices=[("", _("Her own")), *SPECIALTIES])
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("Until"), widget=TimeInput())
    break_start = forms.TimeField(label=_("Break from"), required=False, widget=TimeInput())
    break_end = forms.TimeField(label=_("Break until"), required=False, widget=TimeInput())
    room = forms.CharField(label=_("Room"), required=False, max_length=100)

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(u.profile.external_id),
                          f"{display_name(u)} ({u.profile.get_specialty_display()})")
                         for u in members]


class BookForm(forms.Form):
    day = forms.ChoiceField(label=_("Clinic day"))
    arrival = forms.TimeField(label=_("Arrival"), widget=TimeInput(), required=False)
    priority = forms.IntegerField(label=_("Priority"), initial=1, min_value=1, max_value=9)

    def __init__(self, *args: Any, days: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["day"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = days


class OptimiseForm(forms.Form):
    now = forms.TimeField(label=_("Re-plan from (optional)"), required=False,
                          widget=TimeInput())


class LateForm(forms.Form):
    booking = forms.ChoiceField(label=_("Patient"))
    arrival = forms.TimeField(label=_("Now expected at"), widget=TimeInput())
    now = forms.TimeField(label=_("Time now"), widget=TimeInput())

    def __init__(self, *args: Any, bookings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["booking"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = bookings


class WalkInForm(forms.Form):
    mrn = forms.CharField(label=_("Medical record number"), max_length=40)
    now = forms.TimeField(label=_("Arrived at"), widget=TimeInput())


class AwayForm(forms.Form):
    session = forms.ChoiceField(label=_("Clinician"))
    start = forms.TimeField(label=_("Away from"), widget=TimeInput())

    def __init__(self, *args: Any, sessions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sessions


class ConsultForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    specialties = forms.MultipleChoiceField(label=_("Specialties (several: a joint consult)"),
                                            choices=SPECIALTIES)
    duration = forms.IntegerField(label=_("Duration (minutes)"))
    after = forms.CharField(label=_("After (codes, comma-separated)"), required=False)
    room = forms.CharField(label=_("Room"), required=False, max_length=100)
    code = forms.SlugField(label=_("Code"), required=False, max_length=40)


class ConsultChangeForm(forms.Form):
    duration = forms.IntegerField(label=_("Duration (minutes)"), required=False)
    done = forms.BooleanField(label=_("Done"), required=False)
