"""The missed-opportunity report: how many raised options have a documented decision.

All figures come from a handful of aggregate queries over ScreenedOption rows of the
latest screening of each case (`is_current`), so the cost grows with the cases in the
filter, not with the whole registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.people import display_name
from tumorboard.decisions.models import OptionDecision, ScreenedOption, ScreeningResult
from tumorboard.patients.models import Case, Pathway
from tumorboard.patients.validation import InvalidInput

DEFAULT_DAYS = 14
MAX_DAYS = 3650
LIST_LIMIT = 200
LATEST = "latest_decision"  # annotation name (a variable: the stubs cannot see it)


@dataclass(frozen=True)
class ReportFilters:
    site_ids: frozenset[int]
    pathway: str = ""
    surgeon_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    days: int = DEFAULT_DAYS
    echo: dict[str, str] = field(default_factory=dict)  # the filters as given, for the UI


def _date(name: str, raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput({name: _("Use a date written as YYYY-MM-DD.")}) from None


def _days(raw: str) -> int:
    if not raw:
        return DEFAULT_DAYS
    if not raw.isdigit() or int(raw) > MAX_DAYS:
        raise InvalidInput({"days": _("Give a whole number of days from 0 to %(max)d.")
                            % {"max": MAX_DAYS}})
    return int(raw)


def _sites(user: AnyUser, code: str) -> frozenset[int]:
    return door.report_sites(user, code)


def parse_filters(user: AnyUser, params: Mapping[str, str]) -> ReportFilters:
    """Validate the report's query parameters; errors name the parameter."""
    get = {k: str(params.get(k, "") or "").strip() for k in
           ("site", "pathway", "surgeon", "date_from", "date_to", "days")}
    if get["pathway"] and get["pathway"] not in Pathway.values:
        raise InvalidInput({"pathway": _("Unknown tumour group.")})
    surgeon_id = None
    if get["surgeon"]:
        surgeon_id = User.objects.filter(username=get["surgeon"]).values_list("pk",
                                                                             flat=True).first()
        if surgeon_id is None:
            raise InvalidInput({"surgeon": _("No user with this username.")})
    date_from, date_to = _date("date_from", get["date_from"]), _date("date_to", get["date_to"])
    if date_from and date_to and date_from > date_to:
        raise InvalidInput({"date_to": _("The end of the range is before its start.")})
    return ReportFilters(site_ids=_sites(user, get["site"]), pathway=get["pathway"],
                         surgeon_id=surgeon_id, date_from=date_from, date_to=date_to,
                         days=_days(get["days"]), echo=get)


def case_filter(filters: ReportFilters, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}site_id__in": sorted(filters.site_ids)})
    if filters.pathway:
        q &= Q(**{f"{prefix}pathway": filters.pathway})
    if filters.surgeon_id is not None:
        q &= Q(**{f"{prefix}lead_clinician_id": filters.surgeon_id})
    if filters.date_from:
        q &= Q(**{f"{prefix}diagnosis_date__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{prefix}diagnosis_date__lte": filters.date_to})
    return q


def raised_options(filters: ReportFilters) -> QuerySet[ScreenedOption]:
    """Raised options of each case's latest screening, with the latest decision annotated."""
    latest_decision = (OptionDecision.objects
                       .filter(case_id=OuterRef("case_id"), option_code=OuterRef("code"))
                       .order_by("-created", "-id").values("decision")[:1])
    return (ScreenedOption.objects.filter(case_filter(filters, "case__"), is_current=True,
                                          raised=True)
            .annotate(**{LATEST: Subquery(latest_decision)}))


def missed_opportunities(filters: ReportFilters, *, now: dt.datetime | None = None,
                         with_cases: bool = True, limit: int = LIST_LIMIT) -> dict[str, Any]:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=filters.days)
    cases = Case.objects.filter(case_filter(filters)).count()
    screened = ScreeningResult.objects.filter(case_filter(filters, "case__"),
                                              is_latest=True).count()
    groups = (raised_options(filters).order_by().values(LATEST)
              .annotate(n=Count("id"), overdue=Count("id", filter=Q(raised_at__lte=cutoff))))
    by_decision = {row[LATEST]: row for row in groups}
    raised = sum(row["n"] for row in by_decision.values())
    undecided = by_decision.get(None, {"n": 0, "overdue": 0})
    decided = raised - undecided["n"]
    report: dict[str, Any] = {
        "cases": cases, "cases_screened": screened, "options_raised": raised,
        "options_decided": decided,
        "share_decided": round(decided / raised, 4) if raised else None,
        "options_undecided": undecided["n"], "overdue": undecided["overdue"],
        "decisions": {k: v["n"] for k, v in by_decision.items() if k is not None},
        "days": filters.days, "as_of": now,
    }
    if with_cases:
        report["overdue_cases"] = overdue_list(filters, cutoff, now, limit)
    return report


def overdue_list(filters: ReportFilters, cutoff: dt.datetime, now: dt.datetime,
                 limit: int) -> list[dict[str, Any]]:
    rows = (raised_options(filters).filter(Q(**{f"{LATEST}__isnull": True}),
                                            raised_at__lte=cutoff)
            .select_related("case__patient", "case__site", "case__lead_clinician")
            .order_by("raised_at", "id")[:limit])
    return [{
        "case": row.case.external_id, "patient": row.case.patient.display_name,
        "mrn": row.case.patient.mrn, "site": row.case.site.code, "pathway": row.case.pathway,
        "lead_clinician": (display_name(row.case.lead_clinician)
                           if row.case.lead_clinician else None),
        "option_code": row.code, "status": row.status, "raised_at": row.raised_at,
        "days_waiting": (now - row.raised_at).days if row.raised_at else None,
    } for row in rows]
