"""The referral letter, from the referring site to the receiving site, as PDF in English or
Simplified Chinese (rendered on request: nothing is stored)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from tumorboard.accounts.people import display_name_with_title
from tumorboard.network import vocabulary as v
from tumorboard.network.models import Referral

LANGUAGES = ("en", "zh-hans")


def letter_context(referral: Referral, language: str) -> dict[str, Any]:
    case = referral.case
    return {"referral": referral, "case": case, "patient": case.patient,
            "language": language, "reason": v.label(v.REASONS, referral.reason),
            "urgency": v.label(v.URGENCIES, referral.urgency),
            "sender": display_name_with_title(referral.sent_by),
            "reply_days": v.REPLY_DAYS[referral.urgency]}


def referral_html(referral: Referral, language: str) -> str:
    with translation.override(language):
        return render_to_string("network/letter.html", letter_context(referral, language))


def referral_pdf(referral: Referral, language: str) -> bytes:
    from weasyprint import HTML  # imported late: WeasyPrint loads fonts and Pango on import

    return bytes(HTML(string=referral_html(referral, language)).write_pdf())
