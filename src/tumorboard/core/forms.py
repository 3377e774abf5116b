"""Showing a service's field errors on the form the user filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms


def add_service_errors(form: forms.BaseForm, errors: Mapping[str, str], *,
                       field_for: Callable[[str], str] = str,
                       name_unplaced: bool = False) -> None:
    """Put each error next to the form field it names (`field_for` maps the service's field
    name to the form's); an error no field matches goes to the top of the form, prefixed with
    the service's field name when `name_unplaced`."""
    for field, message in errors.items():
        name = field_for(field)
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, f"{field}: {message}" if name_unplaced else message)
