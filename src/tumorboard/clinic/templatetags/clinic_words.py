"""{{ day.template.name|local }}: names the project ships as defaults (a clinic's name, its
rooms) are stored as written in English and read in the reader's language; names a
coordinator typed in any language read as typed (the catalogue does not know them)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def local(text: object) -> str:
    written = str(text or "")
    return gettext(written) if written else ""
