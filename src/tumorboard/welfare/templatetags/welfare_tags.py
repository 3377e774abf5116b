"""{% load welfare_tags %}{% funding_status case %}: "funding: approved / pending" for
anyone who may see the patient; nothing about household or income. The MDT and clinic
pages include it beside the case."""

from __future__ import annotations

from typing import Any

from django import template

from tumorboard.welfare import queries
from tumorboard.welfare import vocabulary as v

register = template.Library()


@register.inclusion_tag("welfare/_funding_status.html", takes_context=True)
def funding_status(context: dict[str, Any], case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    status = queries.funding_status(user, case, request=request) if case is not None else None
    label = v.FUNDING_LABELS.get(status or "")
    return {"status": status or "", "label": str(label) if label else ""}
