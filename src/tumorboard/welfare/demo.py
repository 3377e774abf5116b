"""Demo data of the welfare programme (called by core.demo_loader after the outcomes):
two funds of the first site, applications in every state, and funded operations settled
against the operations the outcomes demo recorded. The welfare officer assesses, the
admin decides (two people). Loading again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.network.models import Site
from tumorboard.outcomes.models import CaseOutcome
from tumorboard.patients.models import Case
from tumorboard.welfare import decisions, services
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Application, Fund

FUNDS = [
    {"name": "Sphincter preservation fund", "donor": "Harbour Foundation", "donor_kind": "donor",
     "purpose": "ultra-low rectal cancer surgery", "pathway": "rectum", "budget": "600000"},
    {"name": "Breast reconstruction partner fund", "donor": "Provincial Women's Federation",
     "donor_kind": "partner", "purpose": "breast reconstruction after mastectomy",
     "pathway": "breast", "budget": "300000"},
]
HOUSEHOLDS = [  # (category, members' yearly incomes, food spending)
    ("minimum_living", ["9000", "0", "4000"], "7000"),
    ("low_income", ["24000", "12000"], "12000"),
    ("illness_poverty", ["30000", "18000", "0"], "16000"),
    ("", ["36000", "24000"], "15000"),
    ("extreme_poverty", ["6000"], "4500"),
]
SETTLED = 8


@transaction.atomic
def do_load_demo_welfare(seed: int = 11) -> int:
    site = Site.objects.order_by("id").first()
    officer = User.objects.filter(profile__role="welfare_officer").order_by("id").first()
    approver = User.objects.filter(profile__role="admin").order_by("id").first()
    if site is None or officer is None or approver is None or Fund.objects.exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    funds = {f["pathway"]: decisions.do_create_fund(None, site, {
        **f, "starts": today.replace(month=1, day=1) - dt.timedelta(days=365),
        "ends": today.replace(month=12, day=31), "policy": "standard@2"}) for f in FUNDS}
    operated = list(CaseOutcome.objects.filter(site=site, operated=1, pathway__in=list(funds))
                    .values_list("case_id", flat=True)[:60])
    cases = list(Case.objects.filter(pk__in=operated).select_related("patient").order_by("id"))
    rng.shuffle(cases)
    plan = [v.SETTLED] * SETTLED + [v.INTAKE, v.DOCUMENTS, v.ASSESSED, v.APPROVED, v.REFUSED,
                                    v.APPEALED, v.WITHDRAWN]
    made = 0
    for case, target in zip(cases, plan, strict=False):
        _application(case, funds[case.pathway], officer, approver, target, rng)
        made += 1
    return made


def _application(case: Case, fund: Fund, officer: User, approver: User, target: str,
                 rng: random.Random) -> Application:
    category, incomes, food = HOUSEHOLDS[rng.randrange(len(HOUSEHOLDS))]
    if target in (v.REFUSED, v.APPEALED):
        category, incomes, food = "", ["90000", "60000"], "30000"  # not eligible
    relations = ["self", "spouse", "child"]
    members = [{"relation": relations[i], "age": 60 - 25 * (i == 2), "income": income}
               for i, income in enumerate(incomes)]
    treatment = ("sphincter-preserving low anterior resection" if case.pathway == "rectum"
                 else "mastectomy with immediate reconstruction")
    app = services.do_create_application(officer, case, {
        "planned_treatment": treatment, "insurance": rng.choice(
            ["urban_rural_resident", "urban_employee", "none"]), "category": category,
        "food": food, "assets": str(rng.randrange(0, 40000, 1000)),
        "estimated_cost": str(rng.randrange(60000, 90000, 1000)),
        "oop_percent": str(rng.choice([35, 40, 50]))}, members)
    if target == v.INTAKE:
        return app
    due = timezone.localdate() + dt.timedelta(days=-3 if target == v.DOCUMENTS else 14)
    docs = services.do_request_documents(None, app, ["income_proof", "hukou"],
                                         max(due, timezone.localdate()))
    if target == v.DOCUMENTS:
        return app
    for doc in docs:
        services.do_receive_document(officer, doc)
    app = services.do_assess(officer, app, fund)
    if target == v.ASSESSED:
        return app
    if target in (v.REFUSED, v.APPEALED):
        decisions.do_decide(approver, app, approve=False,
                            reasons="Household income is above the policy's limits.")
        if target == v.APPEALED:
            decisions.do_appeal(officer, app, "The spouse lost their job last month.")
        return app
    decisions.do_decide(approver, app, approve=True)
    if target == v.WITHDRAWN:
        return decisions.do_withdraw(officer, app)
    if target == v.SETTLED:
        actual = app.estimated_cost * Decimal(rng.choice(["0.9", "0.95", "1.0"]))
        operation = case.operations.order_by("date", "id").first()
        assert operation is not None, "the demo funds operated cases only"
        return decisions.do_settle(officer, app, operation.external_id,
                                   actual.quantize(Decimal("1")))
    return app
