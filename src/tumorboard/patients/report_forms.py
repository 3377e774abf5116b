"""The forms of the report pages: a new report, an amendment and a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.people import display_name_with_title
from tumorboard.patients.report_models import ClinicalReport
from tumorboard.patients.services import clinicians_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields of a report; the service checks them again (dates, link, author)."""

    class Meta:
        model = ClinicalReport
        fields = ["report_type", "report_date", "title", "author_name", "author_user", "text",
                  "viewer_link"]
        widgets = {"report_date": DATE, "text": forms.Textarea(attrs={"rows": 8}),
                   "viewer_link": forms.URLInput(attrs={"placeholder": "https://"})}
        # The service says which schemes are allowed; a form URL check would only say "invalid".
        field_classes = {"viewer_link": forms.CharField}

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        author = self.fields["author_user"]
        author.queryset = clinicians_of(site_id)  # type: ignore[attr-defined]
        author.label_from_instance = display_name_with_title  # type: ignore[attr-defined]
        author.help_text = _("When the author is a member of staff here.")

    def _post_clean(self) -> None:
        """No model validation here: the service checks the report against its case."""

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class AmendForm(ReportForm):
    reason = forms.CharField(label=_("reason for the amendment"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("file (PDF, PNG, JPEG or DICOM)"))
