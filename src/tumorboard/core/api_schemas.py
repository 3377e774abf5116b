"""Pieces every router of the JSON API shares: the one error schema, the statuses every
endpoint can answer, and a date type bounded to years a clinical record can have."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator

FIRST_YEAR, LAST_YEAR = 1900, 2100


class FieldError(Schema):
    field: str
    error: str


class ErrorOut(Schema):
    """Every refusal: the first problem, the field it names, and all problems. A version
    conflict (409 on an update) also carries both versions."""

    error: str
    field: str | None = None
    errors: list[FieldError] = []
    your_version: int | None = None
    current_version: int | None = None


# 400: odd input refused by core.input_guard; 401: no valid token or session; 403: role or
# site; 404: no such record visible to the caller; 413: body too large; 422: invalid fields.
COMMON_ERRORS = (400, 401, 403, 404, 413, 422)


def responses(ok: dict[int, Any], *extra: int) -> dict[int, Any]:
    """The success schemas plus ErrorOut for the common error statuses and `extra` ones
    (409: a stale version, or an Idempotency-Key still being processed on a create)."""
    return {**ok, **{status: ErrorOut for status in (*COMMON_ERRORS, *extra)}}


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(_("The year must be between %(first)d and %(last)d.")
                         % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return value


# Any date the API accepts; "0082-01-01" is a typing mistake, not a record from antiquity.
ApiDate = Annotated[dt.date, AfterValidator(_in_range)]
