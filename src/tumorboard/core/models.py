"""The shared base model: every object the API or FHIR exposes has a UUID external id."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
