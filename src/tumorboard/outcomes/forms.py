"""HTML forms of the case panel. They only parse; the rules live in services/validation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.people import display_name_with_title
from tumorboard.core import forms as core_forms
from tumorboard.outcomes import vocabulary as v
from tumorboard.outcomes.models import Operation
from tumorboard.pathways import SCORES
from tumorboard.pathways.score_labels import choice_label
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "—"), ("true", _("Yes")), ("false", _("No"))]
BREAST_FIELDS = ("reconstruction", "reconstruction_type", "flap")
RECTAL_FIELDS = ("sphincter_preserved", "anastomosis_height_cm", "diverting_stoma",
                 "stoma_closure_date", "permanent_stoma_18m")
LIMB_FIELDS = ("limb_outcome", "limb_reconstruction")


def _with_blank(codes: dict[str, str]) -> list[tuple[str, Any]]:
    # The vocabularies hold catalogue msgids (gettext_noop): read each in the reader's
    # language when the form is drawn, not in English when this module is imported.
    return [("", "—"), *((code, _(label)) for code, label in codes.items())]


def _yes_no(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, required=False,
                                  coerce=lambda value: value == "true", empty_value=None)


class OperationForm(forms.Form):
    date = forms.DateField(label=_("date of operation"), widget=DATE)
    procedure = forms.ChoiceField(label=_("procedure"))
    surgeon = forms.ModelChoiceField(label=_("surgeon"), queryset=User.objects.none(),
                                     required=False, to_field_name="username")
    intent = forms.ChoiceField(label=_("intent"), choices=_with_blank(v.INTENTS))
    margin = forms.ChoiceField(label=_("resection margin"), choices=_with_blank(v.MARGINS),
                               required=False)
    reconstruction = forms.ChoiceField(label=_("breast reconstruction"), required=False,
                                       choices=_with_blank(v.RECONSTRUCTION_TIMING))
    reconstruction_type = forms.ChoiceField(label=_("reconstruction type"), required=False,
                                            choices=_with_blank(v.RECONSTRUCTION_TYPES))
    flap = forms.ChoiceField(label=_("flap"), choices=_with_blank(v.FLAPS), required=False)
    sphincter_preserved = _yes_no(_("sphincter preserved (empty: from the procedure)"))
    anastomosis_height_cm = forms.DecimalField(label=_("anastomosis height (cm)"),
                                               required=False, max_digits=3, decimal_places=1)
    diverting_stoma = _yes_no(_("diverting stoma"))
    stoma_closure_date = forms.DateField(label=_("stoma closure date"), required=False,
                                         widget=DATE)
    permanent_stoma_18m = _yes_no(_("permanent stoma at 18 months"))
    limb_outcome = forms.ChoiceField(label=_("limb"), required=False,
                                     choices=_with_blank(v.LIMB_OUTCOMES))
    limb_reconstruction = forms.ChoiceField(label=_("reconstruction"), required=False,
                                            choices=_with_blank(v.LIMB_RECONSTRUCTIONS))
    technique = forms.CharField(label=_("technique (as the network teaches it)"),
                                required=False, max_length=100)
    technique_version = forms.CharField(label=_("technique version (such as 3.0)"),
                                        required=False, max_length=20)
    instrument_kit = forms.CharField(label=_("instrument kit"), required=False, max_length=100)
    kit_lot = forms.CharField(label=_("kit lot"), required=False, max_length=50)
    notes = forms.CharField(label=_("notes"), required=False, max_length=300)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "op")
        super().__init__(*args, **kwargs)
        procedure = self.fields["procedure"]
        assert isinstance(procedure, forms.ChoiceField)
        procedure.choices = _with_blank(v.PROCEDURES.get(case.pathway, {}))
        surgeon = self.fields["surgeon"]
        assert isinstance(surgeon, forms.ModelChoiceField)
        surgeon.queryset = User.objects.filter(
            profile__memberships__site_id=case.site_id, profile__role="clinician",
        ).select_related("profile").order_by("last_name", "first_name")
        surgeon.label_from_instance = display_name_with_title  # type: ignore[method-assign,assignment]
        keep = {"breast": BREAST_FIELDS, "rectum": RECTAL_FIELDS, "sarcoma": LIMB_FIELDS,
                "bone_metastasis": LIMB_FIELDS}.get(case.pathway, ())
        for name in (*BREAST_FIELDS, *RECTAL_FIELDS, *LIMB_FIELDS):
            if name not in keep:
                del self.fields[name]

    def values(self) -> dict[str, Any]:
        return {k: val for k, val in self.cleaned_data.items() if val not in (None, "")}


class ComplicationForm(forms.Form):
    operation = forms.ChoiceField(label=_("operation"))
    type = forms.ChoiceField(label=_("complication"), choices=_with_blank(v.COMPLICATIONS))
    grade = forms.ChoiceField(label=_("Clavien-Dindo grade"),
                              choices=_with_blank(v.CLAVIEN_DINDO))
    date = forms.DateField(label=_("date"), widget=DATE)
    description = forms.CharField(label=_("description"), required=False, max_length=300)

    def __init__(self, *args: Any, operations: list[Operation], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "cx")
        super().__init__(*args, **kwargs)
        field = self.fields["operation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(op.external_id), str(op)) for op in operations]


class FollowUpForm(forms.Form):
    type = forms.ChoiceField(label=_("event"), choices=_with_blank(v.FOLLOW_UP_TYPES))
    date = forms.DateField(label=_("date"), widget=DATE)
    cause_of_death = forms.ChoiceField(label=_("cause of death (deaths only)"), required=False,
                                       choices=_with_blank(v.CAUSES_OF_DEATH))
    notes = forms.CharField(label=_("notes"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "fu")
        super().__init__(*args, **kwargs)


def time_points() -> list[tuple[str, str]]:
    """Called when the choices are read, so each request reads them in its own language."""
    return [(str(m), gettext("%(months)s months") % {"months": m})
            for m in v.STANDARD_TIME_POINTS] + [("other", gettext("other"))]


class FunctionScoreForm(forms.Form):
    """Metadata fields plus one field per questionnaire item of the instrument."""

    operation = forms.ChoiceField(label=_("after operation"))
    time_point = forms.ChoiceField(label=_("time point"), choices=time_points)
    other_months = forms.IntegerField(label=_("months (if other)"), required=False)
    assessed_on = forms.DateField(label=_("assessed on"), widget=DATE)

    def __init__(self, *args: Any, instrument: str, operations: list[Operation],
                 **kwargs: Any) -> None:
        kwargs.setdefault("prefix", instrument)
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        field = self.fields["operation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(op.external_id), str(op)) for op in operations]
        self.item_names: list[str] = []
        items = cast(list[dict[str, Any]], SCORES[instrument].form()["fields"])
        for item in items:
            self.item_names.append(item["name"])
            self.fields[item["name"]] = self._item_field(item)

    @property
    def instrument_label(self) -> str:
        return v.label(v.INSTRUMENTS, self.instrument)

    def _item_field(self, item: dict[str, Any]) -> forms.Field:
        """A questionnaire item in the reader's language: its label, help and choices come
        from the score's catalogue texts (pathways.score_labels), never its codes."""
        label = gettext(item["label"]) + (f" ({gettext(item['help'])})"
                                          if item.get("help") else "")
        if item["kind"] == "choice":
            choices = [("", "—")] + [(c, self._choice(item["name"], str(c)))
                                     for c in item["choices"]]
            return forms.ChoiceField(label=label, choices=choices, required=False)
        when = item.get("applies_when")
        suffix = (" — " + gettext(", ").join(self._choice(key, str(value))
                                             for key, value in when.items())) if when else ""
        return forms.IntegerField(label=label + suffix, required=False)

    def _choice(self, field: str, value: str) -> str:
        msgid = choice_label(self.instrument, field, value)
        return gettext(msgid) if msgid else value

    def months(self) -> int | None:
        point = self.cleaned_data["time_point"]
        return self.cleaned_data.get("other_months") if point == "other" else int(point)

    def inputs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.item_names
                if self.cleaned_data.get(name) not in (None, "")}


def add_service_errors(form: forms.Form, error: InvalidInput) -> None:
    """Put each service error next to its field (``inputs.x`` -> field ``x``)."""
    renames = {"time_point_months": "other_months" if form.data.get(
        f"{form.prefix}-time_point") == "other" else "time_point"}
    core_forms.add_service_errors(
        form, error.errors, field_for=lambda name: renames.get(name, name.removeprefix("inputs.")))
