"""Two versions of a recommendation side by side, field by field, in words (no codes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from tumorboard.board import labels
from tumorboard.board.models import Recommendation

FIELD_LABELS = {
    "discussion_summary": _("Discussion summary"),
    "intent": _("Intent"),
    "treatment_plan": _("Planned treatment"),
    "option_decisions": _("Function-preserving options"),
    "trial_consideration": _("Clinical trial"),
    "trial_notes": _("Trial notes"),
    "patient_preferences": _("Patient's known preferences"),
    "condition": _("Conditional decision"),
    "relist_on": _("Discuss again on"),
}


def _words(name: str, value: Any, raised: list[dict[str, Any]]) -> str:
    if name == "intent":
        return str(labels.INTENT_LABELS.get(value, ""))
    if name == "trial_consideration":
        return str(labels.TRIAL_LABELS.get(value, ""))
    if name == "treatment_plan":
        return "; ".join(f"{labels.MODALITY_LABELS.get(str(i.get('modality')), '')}"
                         f"{': ' + i['detail'] if i.get('detail') else ''}"
                         for i in value or [])
    if name == "option_decisions":
        return "; ".join(f"{labels.option_title(code, raised)}: "
                         f"{labels.DECISION_LABELS.get(str((entry or {}).get('decision')), '—')}"
                         for code, entry in (value or {}).items())
    if name == "relist_on" and value:
        return labels.long_date(value if isinstance(value, dt.date)
                                else dt.date.fromisoformat(str(value)))
    return str(value or "")


def differences(before: Recommendation | None, after: dict[str, Any], *,
                all_rows: bool = False) -> list[dict[str, Any]]:
    """Rows of (label, before, after, differs): only the changed fields unless all_rows."""
    if before is None:
        return []
    raised = list(before.raised_options)
    rows = []
    for name, label in FIELD_LABELS.items():
        old = _words(name, getattr(before, name), raised)
        new = _words(name, after.get(name), raised)
        if all_rows or old != new:
            rows.append({"label": label, "before": old, "after": new, "differs": old != new})
    return rows
