"""Letters after a signed recommendation: to the referring doctor and, in plain language, to
the patient, each in the recipient's language (English or Simplified Chinese, one template
per kind, words through gettext). Rendered to PDF with WeasyPrint using Debian's Noto Sans
CJK font so that Chinese names and words keep their glyphs and stay extractable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from tumorboard.accounts import audit, door, people
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.models import Specialty
from tumorboard.board import labels, plan
from tumorboard.board.models import Letter, LetterKind, Presence, Recommendation
from tumorboard.board.recommendations import _real
from tumorboard.board.zones import local_date
from tumorboard.core import derived
from tumorboard.decisions.facts import details_of
from tumorboard.decisions.models import OptionDecision
from tumorboard.patients.validation import InvalidInput

LANGUAGES = ("en", "zh-hans")
BIOMARKER_FIELDS = ("er_status", "pr_status", "her2_status")
ANSWERS = ("offered_accepted", "offered_declined")
SPECIALTIES = dict(Specialty.choices)


def _named(user: Any) -> str:
    with_title = getattr(people, "display_name_with_title", None)
    return str(with_title(user) if with_title else people.display_name(user))


def _plan_rows(rec: Recommendation) -> list[dict[str, str]]:
    return [{"label": str(labels.MODALITY_LABELS.get(item["modality"], "")),
             "detail": item.get("detail", ""),
             "plain": str(labels.PLAIN_MODALITY.get(
                 plan.plain_key(item["modality"], rec.intent, rec.treatment_plan), ""))}
            for item in rec.treatment_plan]


def _patient_answered(rec: Recommendation) -> dict[str, str]:
    """The patient's answer per option, recorded after the consultation that followed the
    sign-off (a decision recorded later than the sign-off's own)."""
    if rec.signed_at is None:
        return {}
    later = (OptionDecision.objects.filter(case=rec.case, decision__in=ANSWERS,
                                           created__gt=rec.signed_at)
             .exclude(decided_by_id=rec.signed_by_id).order_by("created"))
    return {row.option_code: row.decision for row in later}


def _option_rows(rec: Recommendation, for_patient: bool) -> list[dict[str, str]]:
    answered = _patient_answered(rec) if for_patient else {}
    rows = []
    for code, entry in rec.option_decisions.items():
        decision = entry.get("decision", "")
        if for_patient:
            shown = answered.get(code) or ("to_offer" if decision in ANSWERS else decision)
            words = str(labels.PLAIN_DECISION.get(shown, ""))
            title = str(labels.PLAIN_OPTION.get(code, labels.option_title(code)))
        else:
            words = str(labels.DECISION_LABELS.get(decision, ""))
            title = labels.option_title(code, rec.raised_options)
        rows.append({"title": title, "decision": words, "reason": entry.get("reason", ""),
                     "referred_to": entry.get("referred_to", "")})
    return rows


def _biomarkers(rec: Recommendation) -> list[tuple[str, str]]:
    return biomarkers(rec.case)


def biomarkers(case: Any) -> list[tuple[str, str]]:
    """The case's recorded biomarkers as (name, value) words."""
    details = details_of(case)
    found = []
    for name in BIOMARKER_FIELDS:
        value = getattr(details, name, "") if details is not None else ""
        if value:
            field = type(details)._meta.get_field(name)
            display = getattr(details, f"get_{name}_display")()
            found.append((str(field.verbose_name), str(display)))
    return found


def _tnm(rec: Recommendation) -> str:
    return tnm(rec.case)


def tnm(case: Any) -> str:
    """cT2N1M0 · pT2N0M0: the clinical and pathological TNM as recorded."""
    parts = []
    if case.clinical_t or case.clinical_n or case.clinical_m:
        parts.append(f"c{case.clinical_t}{case.clinical_n}{case.clinical_m}")
    if case.pathological_t or case.pathological_n or case.pathological_m:
        parts.append(f"p{case.pathological_t}{case.pathological_n}{case.pathological_m}")
    return " · ".join(parts)


def _attendees(rec: Recommendation) -> list[str]:
    rows = rec.listing.meeting.attendance.filter(presence=Presence.PRESENT).select_related(
        "user__profile")
    return [f"{_named(row.user)} ({SPECIALTIES.get(row.specialty, '')})" if row.specialty
            else _named(row.user) for row in rows]


def letter_context(rec: Recommendation, language: str) -> dict[str, Any]:
    meeting = rec.listing.meeting
    site = rec.case.site
    signed = local_date(rec.signed_at, site) if rec.signed_at else None
    key_worker = rec.listing.listed_by
    return {
        "rec": rec, "case": rec.case, "patient": rec.case.patient, "site": site,
        "board": meeting.board, "language": language,
        "meeting_date": labels.long_date(local_date(meeting.starts_at, site), language),
        "signed_date": labels.long_date(signed, language), "question": rec.listing.question,
        "chair_name": _named(rec.signed_by), "chair_is_deputy":
        rec.signed_by_id is not None and rec.signed_by_id != meeting.board.chair_id,
        "attendees": _attendees(rec), "tnm": _tnm(rec), "biomarkers": _biomarkers(rec),
        "missing": [str(SPECIALTIES.get(s, "")) for s in rec.missing_specialties],
        "plan": _plan_rows(rec),
        "options_patient": _option_rows(rec, True), "options": _option_rows(rec, False),
        "intent_label": str(labels.INTENT_LABELS.get(rec.intent, "")),
        "intent_plain": str(labels.PLAIN_INTENT.get(rec.intent, "")),
        "trial_label": str(labels.TRIAL_LABELS.get(rec.trial_consideration, "")),
        "trial_plain": str(labels.PLAIN_TRIAL.get(rec.trial_consideration, "")),
        "actions": [{"text": labels.action_text(a.kind, a.params, a.description),
                     "due": labels.long_date(a.due_date, language)}
                    for a in rec.actions.filter(cancelled=False).order_by("due_date", "id")],
        "referrer": rec.case.referred_by,
        "birth_date": labels.long_date(rec.case.patient.birth_date, language),
        "key_worker": _named(key_worker) if key_worker else "",
        "site_phone": getattr(site, "phone", ""),
    }


def render_letter_html(rec: Recommendation, kind: str, language: str) -> str:
    template = ("board/letters/referrer.html" if kind == LetterKind.REFERRER
                else "board/letters/patient.html")
    with translation.override(language):
        return render_to_string(template, letter_context(rec, language))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: WeasyPrint loads fonts and Pango on import

    return bytes(HTML(string=html).write_pdf())


def _language(value: str | None, fallback: str) -> str:
    return value if value in LANGUAGES else fallback


@transaction.atomic
def do_generate_letters(user: AnyUser, rec: Recommendation, *,
                        referrer_language: str | None = None,
                        request: HttpRequest | None = None) -> list[Letter]:
    """Both letters of the current signed recommendation, each in its recipient's language:
    the patient's preferred one, and the one chosen for the referrer (default: the site's)."""
    door.check(user, rec, door.CHANGE, data=door.LETTERS)
    if not rec.is_signed:
        raise InvalidInput({"signed_at": gettext(
            "Letters are written from a signed recommendation.")})
    if Recommendation.objects.filter(supersedes_id=rec.pk).exists():
        raise InvalidInput({"version": gettext(
            "A newer version replaced this recommendation: write "
                                       "the letters from the current version.")})
    if referrer_language and referrer_language not in LANGUAGES:
        raise InvalidInput({"referrer_language": gettext("Choose English or Simplified Chinese.")})
    patient_language = _language(rec.case.patient.preferred_language, "en")
    languages = {LetterKind.REFERRER: _language(referrer_language, settings.LANGUAGE_CODE),
                 LetterKind.PATIENT: patient_language}
    written = []
    for kind, language in languages.items():
        pdf = html_to_pdf(render_letter_html(rec, kind, language))
        letter = Letter.objects.create(recommendation=rec, case=rec.case, kind=kind,
                                       language=language, pdf=pdf, created_by=_real(user))
        audit.record(user=user, action="create", object_type="letter",
                     object_id=letter.external_id, patient_id=rec.case.patient.external_id,
                     site_id=rec.case.site_id, request=request,
                     detail={"kind": kind, "language": language,
                             "recommendation": str(rec.external_id)})
        written.append(letter)
    return written


@transaction.atomic
def do_mark_sent(user: AnyUser, letter: Letter, *,
                 request: HttpRequest | None = None) -> Letter:
    """The letter went out: recorded once, and it closes the case's 'send the letter'
    actions through the event hook."""
    door.check(user, letter, door.CHANGE)
    if letter.sent_at is not None:
        raise InvalidInput({"sent_at": gettext("The letter is already marked sent.")})
    now = timezone.now()
    Letter.objects.filter(pk=letter.pk).update(sent_at=now, sent_by=_real(user), modified=now)
    letter.sent_at = now
    derived.event_recorded("letter", letter.case, local_date(now, letter.case.site), user)
    audit.record(user=user, action="update", object_type="letter",
                 object_id=letter.external_id, patient_id=letter.case.patient.external_id,
                 site_id=letter.case.site_id, request=request, detail={"sent": True})
    return letter


