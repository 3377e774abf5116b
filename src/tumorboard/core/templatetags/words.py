"""{{ text|local }}: texts the project writes into data (a default clinic's name, its
rooms, a status change the system records) are stored as written in English and read in
the reader's language; what a person typed, in any language, reads as typed (the catalogue
does not know it)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def local(text: object) -> str:
    written = str(text or "")
    return gettext(written) if written else ""
