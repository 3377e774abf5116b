"""Panels the clinic app adds to the case page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_clinic_panel(context: dict[str, Any], case: Any) -> str:
    return ""
