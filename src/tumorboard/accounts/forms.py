from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.models import AuditAction


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("any")), *AuditAction.choices])
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=50)
    patient_id = forms.CharField(label=_("Patient id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
