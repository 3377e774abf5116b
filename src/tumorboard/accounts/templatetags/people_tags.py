"""People on pages: ``{{ user|person }}`` and ``{{ user|person_titled }}``, never a username."""

from __future__ import annotations

from typing import Any

from django import template

from tumorboard.accounts import people

register = template.Library()


@register.filter
def person(user: Any) -> str:
    return people.display_name(user)


@register.filter
def person_titled(user: Any) -> str:
    return people.display_name_with_title(user)
