"""Letters after a signed recommendation: to the referring doctor and, in plain language, to
the patient (English or Simplified Chinese). Rendered to PDF with WeasyPrint using Debian's
Noto Sans CJK font so that Chinese names and words keep their glyphs and stay extractable."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.board import labels
from tumorboard.board.models import Letter, LetterKind, Recommendation
from tumorboard.board.recommendations import _real
from tumorboard.patients.validation import InvalidInput

LANGUAGES = ("en", "zh-hans")


def _plan_rows(rec: Recommendation, zh: bool) -> list[dict[str, str]]:
    rows = []
    for item in rec.treatment_plan:
        code = item["modality"]
        rows.append({
            "code": code, "detail": item.get("detail", ""),
            "label": str(labels.MODALITY_LABELS.get(code, code)),
            "plain": labels.PLAIN_MODALITY_ZH.get(code, code) if zh
            else str(labels.PLAIN_MODALITY_EN.get(code, code)),
        })
    return rows


def _option_rows(rec: Recommendation, zh: bool) -> list[dict[str, str]]:
    titles = {o["code"]: o.get("title", o["code"]) for o in rec.raised_options}
    rows = []
    for code, entry in rec.option_decisions.items():
        decision = entry.get("decision", "")
        rows.append({
            "code": code,
            "title": labels.OPTION_ZH.get(code, titles.get(code, code)) if zh
            else titles.get(code, code),
            "decision": labels.DECISION_ZH.get(decision, decision) if zh
            else str(labels.DECISION_LABELS.get(decision, decision)),
            "reason": entry.get("reason", ""), "referred_to": entry.get("referred_to", ""),
        })
    return rows


def letter_context(rec: Recommendation, language: str) -> dict[str, Any]:
    zh = language == "zh-hans"
    meeting = rec.listing.meeting
    day = timezone.localtime(meeting.starts_at).date()
    signed = timezone.localtime(rec.signed_at).date() if rec.signed_at else None
    chair = rec.signed_by
    return {
        "rec": rec, "case": rec.case, "patient": rec.case.patient, "site": rec.case.site,
        "board": meeting.board, "meeting_date": day, "signed_date": signed,
        "meeting_date_zh": labels.zh_date(day), "signed_date_zh": labels.zh_date(signed)
        if signed else "", "question": rec.listing.question,
        "chair_name": (chair.get_full_name() or chair.get_username()) if chair else "",
        "plan": _plan_rows(rec, zh), "options": _option_rows(rec, zh),
        "intent_label": str(labels.INTENT_LABELS.get(rec.intent, rec.intent)),
        "intent_plain": labels.PLAIN_INTENT_ZH.get(rec.intent, "") if zh
        else str(labels.PLAIN_INTENT_EN.get(rec.intent, "")),
        "trial_label": labels.TRIAL_ZH.get(rec.trial_consideration, "") if zh
        else str(labels.TRIAL_LABELS.get(rec.trial_consideration, "")),
        "actions": [{"description": labels.ACTION_ZH.get(a.kind, a.description) if zh
                     else a.description, "due_date": a.due_date}
                    for a in rec.actions.filter(cancelled=False).order_by("due_date", "id")],
        "referrer": rec.case.referred_by,
    }


def render_letter_html(rec: Recommendation, kind: str, language: str) -> str:
    template = ("board/letters/referrer.html" if kind == LetterKind.REFERRER
                else f"board/letters/patient_{language}.html")
    with translation.override(language):
        return render_to_string(template, letter_context(rec, language))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: WeasyPrint loads fonts and Pango on import

    return bytes(HTML(string=html).write_pdf())


@transaction.atomic
def do_generate_letters(user: AnyUser, rec: Recommendation, *,
                        request: HttpRequest | None = None) -> list[Letter]:
    """Both letters of a signed recommendation, stored with the case."""
    door.check(user, rec, door.CHANGE, data=door.LETTERS)
    if not rec.is_signed:
        raise InvalidInput({"signed_at": "Letters are written from a signed recommendation."})
    language = rec.case.patient.preferred_language
    language = language if language in LANGUAGES else "en"
    letters = []
    for kind in (LetterKind.REFERRER, LetterKind.PATIENT):
        pdf = html_to_pdf(render_letter_html(rec, kind, language))
        letter = Letter.objects.create(recommendation=rec, case=rec.case, kind=kind,
                                       language=language, pdf=pdf, created_by=_real(user))
        audit.record(user=user, action="create", object_type="letter",
                     object_id=letter.external_id, patient_id=rec.case.patient.external_id,
                     site_id=rec.case.site_id, request=request,
                     detail={"kind": kind, "language": language,
                             "recommendation": str(rec.external_id)})
        letters.append(letter)
    return letters
