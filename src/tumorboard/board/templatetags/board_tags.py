"""Panels the board app adds to the case page and the dashboard."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_board_panel(context: dict[str, Any], case: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def dashboard_board_panel(context: dict[str, Any]) -> str:
    return ""
