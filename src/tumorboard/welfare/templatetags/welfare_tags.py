"""{% load welfare_tags %}{% funding_status case %}: "funding: approved / pending" for
anyone who may see the patient; nothing about household or income. The MDT and clinic
pages include it beside the case."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from tumorboard.welfare import queries
from tumorboard.welfare import vocabulary as v

register = template.Library()


# A simple tag, not an inclusion template: it is drawn on every case page.
@register.simple_tag(takes_context=True)
def funding_status(context: dict[str, Any], case: Any) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    status = queries.funding_status(user, case, request=request) if case is not None else None
    label = v.FUNDING_LABELS.get(status or "")
    if not label:
        return ""
    return format_html(' <span class="badge funding-status funding-{}">{}</span>', status, label)
