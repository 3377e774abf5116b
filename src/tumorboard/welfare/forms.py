"""Web forms of the welfare app. They collect text; the services validate and name the
field of any bad input (core.forms.add_service_errors puts it beside the field)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from tumorboard.patients.models import Pathway
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.means_test.policies import POLICIES
from tumorboard.welfare.queries import policy_label

MEMBER_ROWS = 6
DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.Form):
    planned_treatment = forms.CharField(label=_("planned treatment"), max_length=200)
    insurance = forms.ChoiceField(label=_("insurance scheme"), choices=v.INSURANCE)
    category = forms.ChoiceField(label=_("hardship category"), choices=v.CATEGORIES,
                                 required=False)
    food = forms.CharField(label=_("food spending per year (¥)"))
    assets = forms.CharField(label=_("assets (¥)"), required=False)
    estimated_cost = forms.CharField(label=_("estimated cost (¥)"))
    oop_percent = forms.CharField(label=_("out-of-pocket share after insurance (%)"))


class MemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("relation"), choices=[("", "—"), *v.RELATIONS],
                                 required=False)
    age = forms.CharField(label=_("age"), required=False)
    income = forms.CharField(label=_("income per year (¥)"), required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=MEMBER_ROWS, max_num=MEMBER_ROWS)


class DocumentsForm(forms.Form):
    kinds = forms.MultipleChoiceField(label=_("documents"), choices=v.DOCUMENT_KINDS,
                                      widget=forms.CheckboxSelectMultiple)
    due = forms.DateField(label=_("due"), widget=DATE)


class AssessForm(forms.Form):
    fund = forms.ChoiceField(label=_("fund"))

    def __init__(self, *args: object, funds: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["fund"].choices = funds  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("decision"), coerce=lambda x: x == "yes",
                                     choices=[("yes", _("approve")), ("no", _("refuse"))])
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class SettleForm(forms.Form):
    """The operation (a select of the case's operations; the service checks the choice)
    and its actual cost."""

    operation = forms.CharField(label=_("operation"), widget=forms.Select)
    actual_cost = forms.CharField(label=_("actual cost of the operation (¥)"))

    def __init__(self, *args: object, operations: Sequence[tuple[str, str]] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["operation"].widget.choices = [  # type: ignore[attr-defined]
            ("", "—"), *operations]


def policy_choices() -> list[tuple[str, str]]:
    """Each policy version by its title and start, in the reader's language (no code)."""
    return [(key, policy_label(policy)) for key, policy in POLICIES.items()]


class FundForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    donor = forms.CharField(label=_("donor or partner"), max_length=200)
    donor_kind = forms.ChoiceField(label=_("kind"), choices=v.DONOR_KINDS)
    purpose = forms.CharField(label=_("purpose restriction"), max_length=300, required=False)
    pathway = forms.ChoiceField(label=_("pathway restriction"), required=False,
                                choices=[("", _("any")), *Pathway.choices])
    budget = forms.CharField(label=_("budget (¥)"))
    starts = forms.DateField(label=_("from"), widget=DATE)
    ends = forms.DateField(label=_("until"), widget=DATE)
    policy = forms.ChoiceField(label=_("means-test policy"), choices=policy_choices)


class GrantForm(forms.Form):
    amount = forms.CharField(label=_("donation (¥)"))
    memo = forms.CharField(label=_("note"), max_length=200, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("until"), widget=DATE)
