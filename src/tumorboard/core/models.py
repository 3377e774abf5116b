"""The shared base model: every object the API or FHIR exposes has a UUID external id."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.encoding import force_str

# field -> {stored value: label}, built once per field. Django's own get_FOO_display hashes
# every (value, label) pair on each call, and hashing a lazy label translates it: about a
# hundred catalogue look-ups per case page for the half-dozen labels it shows.
_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


class BaseModel(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> str:
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field) has no label
            label = value
        return force_str(label, strings_only=True)
