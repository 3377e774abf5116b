from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.audit_labels import EXTRA_ACTIONS, OBJECT_TYPES
from tumorboard.accounts.models import AuditAction


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("any")), *AuditAction.choices,
                                        *EXTRA_ACTIONS.items()])
    object_type = forms.ChoiceField(label=_("What"), required=False)
    patient_id = forms.CharField(label=_("Patient id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sorted by the label the reader sees, in the language of this request.
        by_label = sorted(OBJECT_TYPES.items(), key=lambda item: str(item[1]))
        self.fields["object_type"].choices = [("", _("any")), *by_label]  # type: ignore[attr-defined]
