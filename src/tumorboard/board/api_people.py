"""People in the board's API: by display name and title (accounts.people), never by
username; the user's profile external_id is the stable identifier a client may send back
(a dissent's author)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from ninja import Schema

from tumorboard.accounts import people
from tumorboard.accounts.models import Profile


class PersonOut(Schema):
    id: str | None = None  # the profile's external_id
    name: str
    title: str


class DissentOut(Schema):
    author: PersonOut | None
    text: str


def person_json(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    profile = getattr(user, "profile", None)
    person = {"name": people.display_name(user), "title": people.title_of(user)}
    return {"id": str(profile.external_id), **person} if profile is not None else person


def dissent_json(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored dissent names its author by username; the API names the person."""
    rows = list(rows)
    users = {u.get_username(): u for u in User.objects.filter(
        username__in=[str(r.get("author") or "") for r in rows]).select_related("profile")}
    return [{"author": person_json(users.get(str(r.get("author") or ""))),
             "text": str(r.get("text") or "")} for r in rows]


def author_username(value: str) -> str:
    """A dissent author sent as a profile id becomes the username the record keeps; any other
    value is passed on for the service to judge (it names the field when unknown)."""
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        return value
    profile = Profile.objects.filter(external_id=key).select_related("user").first()
    return profile.user.get_username() if profile is not None else value
