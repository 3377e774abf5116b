"""The board's only door into decision support (tumorboard.decisions).

Kept thin so that a change of the decisions API touches one file: the options the screen
raised for a case, whether the screen is complete, recording the MDT's decision per option
(so that the missed-opportunity report counts it), and the share of raised options decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from tumorboard.accounts.access import AnyUser
from tumorboard.decisions import screen_text
from tumorboard.decisions import services as decisions
from tumorboard.decisions.models import OptionDecision, ScreenedOption
from tumorboard.pathways import RULESET_VERSION
from tumorboard.patients.models import Case


def raised_options(user: AnyUser, case: Case, *,
                   request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """Options of the case's current screening that the MDT must decide."""
    screening = decisions.latest_screening(case)
    if screening is None:
        return []
    return [{"code": o["code"], "title": o.get("title", o["code"]), "status": o.get("status"),
             "must_discuss": bool(o.get("must_discuss"))}
            for o in screening.result.get("options", []) if decisions.is_raised(o)]


def screen_if_unscreened(user: AnyUser, case: Case) -> None:
    """Screen a case that has never been screened (the demo's cases are loaded in bulk and
    screened afterwards), so that the board sees its options."""
    if decisions.latest_screening(case) is None:
        decisions.do_screen_case(user, case)  # type: ignore[arg-type]


def screen_state(case: Case) -> dict[str, Any]:
    """For the pre-meeting checklist: is there an up-to-date, error-free screening?"""
    screening = decisions.latest_screening(case)
    if screening is None:
        return {"ok": False, "detail": gettext("not screened yet")}
    if screening.ruleset_version != RULESET_VERSION:
        return {"ok": False, "detail": gettext("screened with an earlier rule set; screen again")}
    if screening.error_field:
        return {"ok": False, "detail": gettext("the screen could not run: %(fact)s") % {
            "fact": screen_text.fact_label(screening.error_field)}}
    missing = list(screening.result.get("missing", []))
    if missing:
        named = [screen_text.fact_label(str(key), screening.facts) for key in missing[:6]]
        return {"ok": False, "detail": gettext("facts missing: %(facts)s") % {
            "facts": gettext(", ").join(named)}}
    return {"ok": True, "detail": gettext("rule set %(version)s") % {
        "version": screening.ruleset_version}}


def record_decisions(user: AnyUser, case: Case, decisions_by_code: Mapping[str, Mapping[str, Any]],
                     *, request: HttpRequest | None = None) -> int:
    """Record each option decision through the decisions service (audited there)."""
    count = 0
    for code, entry in decisions_by_code.items():
        if not entry.get("decision"):
            continue
        decisions.do_record_decision(
            user, case, code, str(entry["decision"]), reason=str(entry.get("reason") or ""),
            referred_to=str(entry.get("referred_to") or ""), request=request)
        count += 1
    return count


def decided_share(case_ids: Iterable[int]) -> tuple[int, int]:
    """(raised options with a recorded decision, raised options) over the cases' current
    screenings."""
    ids = list(case_ids)
    raised = list(ScreenedOption.objects.filter(case_id__in=ids, is_current=True, raised=True)
                  .values_list("case_id", "code"))
    decided = set(OptionDecision.objects.filter(case_id__in=ids)
                  .values_list("case_id", "option_code"))
    return sum(1 for pair in raised if pair in decided), len(raised)
