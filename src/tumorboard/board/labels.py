"""Words for the board's codes, through gettext only (the Chinese comes from the catalogue):
the recommendation's vocabularies, plain words for the patient letter, the words of an
action, and dates written the one way each language writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

MODALITY_LABELS = {
    "surgery": _("Surgery"),
    "neoadjuvant_therapy": _("Neoadjuvant therapy"),
    "adjuvant_therapy": _("Adjuvant therapy"),
    "radiotherapy": _("Radiotherapy"),
    "systemic_therapy": _("Systemic therapy (without an operation)"),
    "surveillance": _("Surveillance"),
    "best_supportive_care": _("Best supportive care"),
    "genetics_referral": _("Referral to clinical genetics"),
    "trial_referral": _("Referral for a clinical trial"),
    "rediscuss_after_tests": _("Discuss again after further tests"),
}
INTENT_LABELS = {"curative": _("Curative"), "palliative": _("Palliative")}
TRIAL_LABELS = {
    "eligible_offered": _("Eligible for a clinical trial; trial to be offered"),
    "not_eligible": _("Considered; not eligible for an open trial"),
    "no_trial_available": _("Considered; no suitable trial open"),
}
# What the board decided about an option; what the patient said is recorded later.
DECISION_LABELS = {
    "offered_accepted": _("Offered, accepted"),
    "offered_declined": _("Offered, declined (patient preference)"),
    "not_suitable": _("Not suitable"),
    "referred_elsewhere": _("Referred elsewhere"),
}
# The patient letter: "offered" until the consultation recorded the patient's answer.
PLAIN_DECISION = {
    "to_offer": _("your doctor will talk this option through with you"),
    "offered_accepted": _("you chose this option"),
    "offered_declined": _("you chose not to have this option"),
    "not_suitable": _("this option is not suitable for you at the moment"),
    "referred_elsewhere": _("we will refer you to another hospital for this"),
}

# Plain words for the patient letter (board/plan.py plain_key picks one).
PLAIN_MODALITY = {
    "surgery": _("an operation"),
    "neoadjuvant_therapy": _("treatment before the operation to shrink the tumour"),
    "adjuvant_therapy": _("treatment after the operation to lower the chance of the cancer "
                          "coming back"),
    "systemic_therapy": _("treatment with medicines"),
    "systemic_control": _("treatment with medicines to keep the cancer under control"),
    "radiotherapy": _("radiotherapy (treatment with targeted X-rays)"),
    "radiotherapy_palliative": _("radiotherapy (targeted X-rays) to ease symptoms such as "
                                 "pain"),
    "surveillance": _("regular check-ups and scans"),
    "best_supportive_care": _("care that focuses on comfort and quality of life"),
    "genetics_referral": _("an appointment with the genetics team"),
    "trial_referral": _("a meeting to hear about a research study you may join"),
    "rediscuss_after_tests": _("more tests, after which the team will talk about your care "
                               "again"),
}
PLAIN_INTENT = {
    "curative": _("The aim of treatment is to cure the cancer."),
    "palliative": _("The aim of treatment is to control the cancer, ease symptoms and help "
                    "you live as well as possible; it is not expected to cure it."),
}
PLAIN_TRIAL = {
    "eligible_offered": _("You may be able to take part in a research study (clinical trial); "
                          "your doctor will tell you about it."),
    "not_eligible": _("We looked for research studies; none is suitable for you now."),
    "no_trial_available": _("We looked for research studies; none is open that fits your "
                            "situation."),
}
# Function-preserving options in words a patient understands (codes never reach a page).
PLAIN_OPTION = {
    "breast_immediate_reconstruction": _("rebuilding the breast in the same operation"),
    "melanoma_slnb": _("checking the nearest lymph node for spread"),
    "rectal_sphincter_preservation": _("an operation that keeps the back passage working"),
    "rectal_watch_and_wait": _("close watching instead of an operation if the tumour has "
                               "gone"),
    "limb_salvage": _("an operation that keeps the arm or leg"),
    "sarcoma_amputation": _("removing the limb"),
    "sarcoma_flap_reconstruction": _("repairing the wound with tissue moved from elsewhere"),
    "sarcoma_radiotherapy": _("radiotherapy to the area of the tumour"),
    "spine_surgical_opinion": _("an opinion from a spine surgeon"),
    "spine_urgent_assessment": _("urgent assessment of pressure on the spinal cord"),
    "spine_en_bloc_excision": _("removing the spinal tumour in one piece"),
    "limb_prophylactic_fixation": _("an operation to strengthen the bone before it breaks"),
    "bone_mets_mdt_review": _("a review by the bone tumour team before any operation"),
}


def option_title(code: str, raised: list[dict[str, Any]] | None = None) -> str:
    """A clinician's title of an option: the screen's own words, never the code."""
    for option in raised or []:
        if option.get("code") == code and option.get("title") and option["title"] != code:
            return gettext(str(option["title"]))
    return str(PLAIN_OPTION.get(code, _("a function-preserving option")))


def action_text(kind: str, params: Mapping[str, Any], description: str = "") -> str:
    """The words of an action in the current language: planned actions from their kind and
    parameters; actions added by hand by their own text."""
    days = int(params.get("days") or 0)
    detail = str(params.get("detail") or "")
    texts = {
        "surgery": ngettext("Operation (%(detail)s) within %(days)d day",
                            "Operation (%(detail)s) within %(days)d days", days)
        if detail else ngettext("Operation within %(days)d day",
                                "Operation within %(days)d days", days),
        "neoadjuvant_therapy": ngettext("Start treatment before the operation within %(days)d "
                                        "day", "Start treatment before the operation within "
                                        "%(days)d days", days),
        "adjuvant_therapy": ngettext("Start systemic therapy within %(days)d day",
                                     "Start systemic therapy within %(days)d days", days),
        "systemic_therapy": ngettext("Start systemic therapy within %(days)d day",
                                     "Start systemic therapy within %(days)d days", days),
        "radiotherapy": ngettext("Start radiotherapy within %(days)d day",
                                 "Start radiotherapy within %(days)d days", days),
        "best_supportive_care": ngettext("Palliative care review within %(days)d day",
                                         "Palliative care review within %(days)d days", days),
        "surveillance": gettext("Surveillance imaging in 3 months"),
        "referral": ngettext("Referral for %(option)s sent within %(days)d day",
                             "Referral for %(option)s sent within %(days)d days", days),
        "genetics_referral": ngettext("Referral to clinical genetics within %(days)d day",
                                      "Referral to clinical genetics within %(days)d days",
                                      days),
        "trial_referral": ngettext("Referral for a clinical trial within %(days)d day",
                                   "Referral for a clinical trial within %(days)d days", days),
        "trial": ngettext("Clinical trial eligibility screen within %(days)d day",
                          "Clinical trial eligibility screen within %(days)d days", days),
        "clinic": ngettext("Book the one-stop clinic to offer the options within %(days)d day",
                           "Book the one-stop clinic to offer the options within %(days)d days",
                           days),
        "relist": gettext("Discuss again at the board"),
    }
    text = texts.get(kind)
    if text is None:
        return description
    option = str(PLAIN_OPTION.get(str(params.get("option") or ""), ""))
    return text % {"days": days, "detail": detail, "option": option}


def long_date(day: dt.date | None, language: str | None = None) -> str:
    """One date style per language: '3 March 2026' / '2026年3月3日'."""
    if day is None:
        return ""
    language = language or get_language() or "en"
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    months = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
              _("July"), _("August"), _("September"), _("October"), _("November"),
              _("December"))
    return f"{day.day} {months[day.month - 1]} {day.year}"
