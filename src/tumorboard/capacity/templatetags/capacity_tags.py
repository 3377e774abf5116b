"""Template filters of the capacity pages."""

from __future__ import annotations

from typing import Any

from django import template

from tumorboard.accounts import people

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """A member of staff by name (family name first in Chinese), never by username."""
    return people.display_name(user)
