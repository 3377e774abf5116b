"""Forms of the network pages; the services validate again and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumorboard.network import vocabulary as v
from tumorboard.network.models import Site


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
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CompleteForm(forms.Form):
    ending = forms.ChoiceField(label=_("How it ended"), choices=v.choices(v.ENDINGS))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class TakeOnForm(forms.Form):
    mrn = forms.CharField(label=_("Record number at this site"), max_length=30)
