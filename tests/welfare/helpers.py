"""Welfare fixtures: a fund on a site and an application for a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests.base import PASSWORD
from tumorboard.accounts.services import do_create_user
from tumorboard.network.models import Site
from tumorboard.outcomes import services as outcome_services
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case
from tumorboard.welfare import decisions, letters, services
from tumorboard.welfare.models import Application, DocumentRequest, Fund, WelfareLetter

# A household of two whose payment is catastrophic (standard@2: 70 % of 32000 = 22400).
APPLICATION = {"planned_treatment": "sphincter-preserving low anterior resection",
               "insurance": "urban_rural_resident", "category": "", "food": "15000",
               "assets": "10000", "estimated_cost": "80000", "oop_percent": "40"}
MEMBERS = [{"relation": "self", "age": "58", "income": "36000"},
           {"relation": "spouse", "age": "55", "income": "24000"}]
AID_FEN = 2_240_000


def make_fund(user: Any, site: Site, budget: str = "100000", **values: Any) -> Fund:
    today = timezone.localdate()
    data = {"name": f"Fund {site.code} {budget}", "donor": "Harbour Foundation",
            "donor_kind": "donor", "starts": today - dt.timedelta(days=30),
            "ends": today + dt.timedelta(days=335), "policy": "standard@2",
            "purpose": "ultra-low rectal cancer surgery", "budget": budget}
    data.update(values)
    return decisions.do_create_fund(user, site, data)


def make_application(user: Any, case: Case, members: list[dict[str, Any]] | None = None,
                     **values: Any) -> Application:
    return services.do_create_application(user, case, {**APPLICATION, **values},
                                          MEMBERS if members is None else members)


def assessed(user: Any, case: Case, fund: Fund, **values: Any) -> Application:
    return services.do_assess(user, make_application(user, case, **values), fund)


@dataclass
class WelfareObjects:
    fund: Fund
    application: Application
    document: DocumentRequest
    letter: WelfareLetter

    def identifiers(self) -> set[str]:
        return {str(row.external_id) for row in (self.fund, self.application, self.document,
                                                 self.letter)}


def record_operation(user: Any, case: Case, day: dt.date = dt.date(2025, 9, 1),
                     procedure: str = "MAST") -> Operation:
    """An operation of the case in the outcomes registry (what settles an application)."""
    return outcome_services.do_record_operation(user, case, {
        "date": day, "procedure": procedure, "intent": "curative", "margin": "R0"})


def build(site: Site, case: Case) -> WelfareObjects:
    """For the access matrix: a fund and an approved application with a requested
    document and the letter of its decision (assessed and decided by two people)."""
    officer = do_create_user(f"{site.code.lower()}-welfare", role="welfare_officer",
                             site_codes=[site.code], password=PASSWORD)
    approver = do_create_user(f"{site.code.lower()}-welfare-2", role="welfare_officer",
                              site_codes=[site.code], password=PASSWORD)
    # Typed as a Chinese hospital's welfare office types it: the crawl of the Chinese pages
    # (tests/i18n/test_chinese_pages.py) reads these objects.
    fund = make_fund(officer, site, name=f"{site.code} 保肛手术救助基金", donor="海港基金会",
                     purpose="超低位直肠癌手术")
    app = assessed(officer, case, fund, planned_treatment="保留肛门括约肌的低位前切除术")
    document = services.do_request_documents(officer, app, ["hukou"],
                                             timezone.localdate() + dt.timedelta(days=7))[0]
    decision = decisions.do_decide(approver, app, approve=True)
    letter = letters.do_write_letter(approver, decision)
    return WelfareObjects(fund, Application.objects.get(pk=app.pk), document, letter)
