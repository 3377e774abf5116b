"""Forms of the network pages (referrals, the training network); the services validate
again and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.people import display_name
from tumorboard.network import vocabulary as v
from tumorboard.network.models import Site
from tumorboard.outcomes.models import Operation


class ReferralForm(forms.Form):
    to_site = forms.ChoiceField(label=_("Refer to"))
    reason = forms.ChoiceField(label=_("Reason"), choices=v.choices(v.REASONS))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=v.choices(v.URGENCIES))
    consent = forms.BooleanField(label=_("The patient consented to the referral"),
                                 required=False)
    consent_date = forms.DateField(label=_("Date of consent"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note to the receiving site"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, from_site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_site"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (s.code, s.name) for s in Site.objects.exclude(pk=from_site_id).order_by("name")]


class ReplyForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"),
                                 choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CompleteForm(forms.Form):
    ending = forms.ChoiceField(label=_("How it ended"), choices=v.choices(v.ENDINGS))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class TakeOnForm(forms.Form):
    mrn = forms.CharField(label=_("Record number at this site"), max_length=30)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(users: Any) -> list[tuple[str, str]]:
    """Each surgeon as 'name · hospital', so that two namesakes can be told apart."""
    people = sorted((display_name(u) + " · " + ", ".join(s.name for s in u.profile.sites.all()),
                     str(u.profile.external_id)) for u in users.prefetch_related(
                         "profile__sites"))
    return [("", "—"), *((key, label) for label, key in people)]


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class MentorshipForm(forms.Form):
    """Who trains whom: the trainee is a surgeon of one of the user's sites, the mentor any
    surgeon of the network. Choices carry the profile's UUID, never a username."""

    site = forms.ChoiceField(label=_("Trainee's hospital"))
    trainee = forms.ChoiceField(label=_("Trainee"))
    mentor = forms.ChoiceField(label=_("Mentor"))
    technique = forms.CharField(label=_("Technique taught"), max_length=100)
    started_on = forms.DateField(label=_("Training started"), widget=DATE)
    independent_on = forms.DateField(label=_("Signed off as independent (if already)"),
                                     required=False, widget=DATE)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        surgeons = User.objects.filter(profile__role="clinician", is_active=True
                                       ).select_related("profile").distinct()
        self.sites = {str(s.external_id): s for s in sites}
        _set_choices(self, "site", [("", "—")] + [(k, s.name) for k, s in self.sites.items()])
        _set_choices(self, "trainee", _people(
            surgeons.filter(profile__memberships__site__in=list(self.sites.values()))))
        _set_choices(self, "mentor", _people(surgeons))

    def values(self) -> tuple[Site, dict[str, Any]]:
        """The site and the service's values (people as users)."""
        data = dict(self.cleaned_data)
        site = self.sites[data.pop("site")]
        people = {str(u.profile.external_id): u for u in User.objects.filter(
            profile__external_id__in=[data["trainee"], data["mentor"]]).select_related(
            "profile")}
        data["trainee"], data["mentor"] = people.get(data["trainee"]), people.get(data["mentor"])
        if data.get("independent_on") is None:
            data.pop("independent_on", None)
        return site, data


class ProctoredCaseForm(forms.Form):
    operation = forms.ChoiceField(label=_("Operation proctored"))

    def __init__(self, *args: Any, operations: list[Operation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operations = {str(op.external_id): op for op in operations}
        _set_choices(self, "operation", [("", "—")] + [
            (key, operation_label(op)) for key, op in self.operations.items()])


def operation_label(op: Operation) -> str:
    label = f"{op.date:%Y-%m-%d} · {op.get_procedure_display()}"
    if op.technique:
        label += f" · {op.technique}" + (f" {op.technique_version}" if op.technique_version
                                         else "")
    return label


class SignOffForm(forms.Form):
    independent_on = forms.DateField(label=_("Signed off as independent on"), widget=DATE)
