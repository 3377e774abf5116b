"""The screen's stored result as words a clinician reads, in the user's language.

The pure screen stores English templates (msgid) with parameters and stable codes; the
labels live in tumorboard.pathways.labels, marked for extraction, and are translated here
through the one catalogue. Nothing here shows a code: an unknown code (a result stored by
an older ruleset) is shown humanised rather than raw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext

from tumorboard.pathways import SCORES, labels
from tumorboard.pathways.messages import readable_params
from tumorboard.pathways.score_labels import CATEGORIES


def _humanised(code: str) -> str:
    return str(code).replace("_", " ").capitalize()


def _label(lookup: Callable[..., str], code: str, *args: object) -> str:
    try:
        return lookup(code, gettext, *args)
    except KeyError:  # a code of an older ruleset: words, not the raw key
        return _humanised(code)


def status_label(code: str) -> str:
    return _label(labels.status_label, code)


def option_title(code: str) -> str:
    return _label(labels.option_title, code)


def classification_label(value: str) -> str:
    return _label(labels.classification_label, value)


def fact_label(key: str, facts: object = None) -> str:
    """`facts` (the screened input) lets a lesion key name its level: "Spinal lesion T10"."""
    return _label(labels.fact_label, str(key), facts)


def score_title(score: str) -> str:
    """A score's name as readers know it ("Spinal Instability Neoplastic Score (SINS)"),
    never its code."""
    spec = SCORES.get(score)
    return gettext(spec.title) if spec else _humanised(score)


def category_label(score: str, category: str) -> str:
    msgid = CATEGORIES.get(score, {}).get(category)
    if msgid is None and score == "cci":
        return category  # Clavien-Dindo grades (I, IIIa, ...) are read as they are
    return gettext(msgid) if msgid else _humanised(category)


def message(item: object) -> str:
    """One stored message: {"msgid", "params"} translated then formatted, or plain text."""
    if isinstance(item, Mapping) and "msgid" in item:
        params = readable_params(dict(item.get("params") or {}), gettext)
        try:
            return gettext(str(item["msgid"])).format(**params)
        except (KeyError, IndexError, ValueError):
            # A translation that lost a placeholder must not hide the advice: use English.
            return str(item["msgid"]).format(**params)
    return str(item)


def reason(option: Mapping[str, Any]) -> str:
    i18n = option.get("reason_i18n")
    return message(i18n) if i18n else str(option.get("reason", ""))


def notes(result: Mapping[str, Any]) -> list[str]:
    return [message(item) for item in result.get("notes_i18n") or result.get("notes") or []]
