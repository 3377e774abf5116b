"""Showing a service's field errors on the form the user filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext


def field_label(field: str, models: Sequence[type[Model]] = ()) -> str:
    """The reader's label of a field a service names (`discussion_summary`,
    `dissent.0.author`): the first model's verbose name for it, else the name in words."""
    name = field.split(".")[0].split("[")[0]
    for model in models:
        try:
            label = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if label:
            return capfirst(str(label))
    return capfirst(name.replace("_", " "))


def labelled_error(field: str, message: str, models: Sequence[type[Model]] = ()) -> str:
    """"Discussion summary: required before sign-off", in the reader's language."""
    return gettext("%(field)s: %(message)s") % {"field": field_label(field, models),
                                                "message": message}


def add_service_errors(form: forms.BaseForm, errors: Mapping[str, str], *,
                       field_for: Callable[[str], str] = str,
                       name_unplaced: bool = False,
                       models: Sequence[type[Model]] = ()) -> None:
    """Put each error next to the form field it names (`field_for` maps the service's field
    name to the form's); an error no field matches goes to the top of the form, prefixed with
    the field's label when `name_unplaced`."""
    for field, message in errors.items():
        name = field_for(field)
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, labelled_error(field, message, models)
                           if name_unplaced else message)
