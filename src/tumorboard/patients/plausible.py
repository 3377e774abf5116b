"""Plausibility problems (core/plausibility.py) as translated messages naming the field by
its label, for the services, the web forms, the API and the importers alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from tumorboard.core.plausibility import Problem

MESSAGES: dict[str, Any] = {
    "not_a_number": _("%(label)s: %(value)s is not a number."),
    "out_of_range": _("%(label)s: %(value)s is outside the plausible range "
                      "%(low)s–%(high)s %(unit)s."),
    "topography_not_in_pathway": _("%(label)s: %(value)s is not a site of the %(pathway)s "
                                   "pathway."),
    "unknown_grade": _("%(label)s: %(value)s is not a grade; use one of %(allowed)s."),
    "date_too_early": _("%(label)s: the date is before %(earliest)s."),
    "date_in_future": _("%(label)s: the date is in the future."),
    "id_shape": _("%(label)s: a resident identity number has 17 digits and a final digit "
                  "or X."),
    "id_region": _("%(label)s: %(value)s is not a province code of a resident identity "
                   "number."),
    "id_birth_date": _("%(label)s: the birth date in the number (%(value)s) is not a real "
                       "date."),
    "id_checksum": _("%(label)s: the check character does not match; the number was "
                     "probably mistyped."),
    "id_birth_date_mismatch": _("%(label)s: the number gives the birth date %(embedded)s, "
                                "not the patient's date of birth."),
}
EXTRA_LABELS: dict[str, Any] = {"national_id": _("national identity number")}
PATHWAY_PARAM = "pathway"


def label_of(model: type[Model] | None, name: str) -> str:
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    if model is not None:
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            pass
    return name.replace("_", " ")


def message(problem: Problem, model: type[Model] | None) -> str:
    params = dict(problem.params)
    if PATHWAY_PARAM in params:
        from tumorboard.patients.models import Pathway

        params[PATHWAY_PARAM] = str(dict(Pathway.choices).get(params[PATHWAY_PARAM],
                                                             params[PATHWAY_PARAM]))
    label = label_of(model, problem.field)
    text = str(MESSAGES[problem.code]) if problem.code in MESSAGES else problem.code
    return text % {**params, "label": label[:1].upper() + label[1:]}


def errors(problems: Iterable[Problem], model: type[Model] | None,
           prefix: str = "") -> dict[str, str]:
    """{field: message}, the first problem of each field."""
    out: dict[str, str] = {}
    for problem in problems:
        out.setdefault(prefix + problem.field, message(problem, model))
    return out
