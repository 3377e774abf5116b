"""The decision letter to the patient (PDF, in the patient's language) and the donor report
(PDF, no patient names or identifiers). Rendered with WeasyPrint and the Noto Sans CJK
font, like the MDT's letters, so that Chinese keeps its glyphs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door, people
from tumorboard.accounts.access import AnyUser
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import ledger, queries, reports
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Decision, Fund, WelfareLetter

LANGUAGES = ("en", "zh-hans")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # late: WeasyPrint loads fonts and Pango on import

    return bytes(HTML(string=html).write_pdf())


def letter_html(decision: Decision, language: str) -> str:
    app = decision.application
    context: dict[str, Any] = {
        "site": app.site, "patient_name": app.patient.display_name, "decision": decision,
        "today": timezone.localdate(), "treatment": app.planned_treatment,
        "tier": v.label(v.TIERS, decision.tier), "amount": ledger.yuan(decision.amount_fen),
        "reasons": queries.reasons(app), "officer": people.display_name(decision.by),
        "appealed": decision.on_appeal}
    with translation.override(language):
        return render_to_string("welfare/pdf/letter.html", context)


@transaction.atomic
def do_write_letter(user: AnyUser | None, decision: Decision, *,
                    request: HttpRequest | None = None) -> WelfareLetter:
    app = decision.application
    door.check(user, app, door.CHANGE)
    if app.decisions.order_by("-created", "-id").first() != decision:
        raise InvalidInput({"decision": _("A letter is written for the latest decision.")})
    language = app.patient.preferred_language
    language = language if language in LANGUAGES else "en"
    letter = WelfareLetter.objects.create(application=app, decision=decision,
                                          language=language,
                                          pdf=html_to_pdf(letter_html(decision, language)))
    audit.record(user=user, action="create", object_type="welfare_letter",
                 object_id=letter.external_id, patient_id=app.patient.external_id,
                 site_id=app.site_id, request=request, detail={"language": language})
    return letter


def donor_report_pdf(fund: Fund, start: dt.date, end: dt.date) -> bytes:
    """Aggregates only: no names, no record numbers, no ids."""
    report = reports.fund_report(fund, start, end)
    html = render_to_string("welfare/pdf/donor_report.html", {
        "report": report, "columns": v.REPORT_COLUMNS,
        "committed": ledger.yuan(report.committed_fen), "spent": ledger.yuan(report.spent_fen),
        "released": ledger.yuan(report.released_fen),
        "available": ledger.yuan(fund.available_fen)})
    return html_to_pdf(html)
