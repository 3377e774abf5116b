"""The welfare app's words: one vocabulary for labels on pages, letters and the API."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Application states (a history row records every change).
INTAKE, DOCUMENTS, ASSESSED, APPROVED, REFUSED, APPEALED, SETTLED, WITHDRAWN = (
    "intake", "documents", "assessed", "approved", "refused", "appealed", "settled",
    "withdrawn")
STATUSES = [(INTAKE, _("intake")), (DOCUMENTS, _("waiting for documents")),
            (ASSESSED, _("assessed")), (APPROVED, _("approved")), (REFUSED, _("refused")),
            (APPEALED, _("appealed")), (SETTLED, _("settled")), (WITHDRAWN, _("withdrawn"))]
OPEN = (INTAKE, DOCUMENTS, ASSESSED, APPEALED)

INSURANCE = [("urban_employee", _("urban employee basic medical insurance")),
             ("urban_rural_resident", _("urban-rural resident basic medical insurance")),
             ("none", _("no insurance"))]
CATEGORIES = [("", _("none")), ("extreme_poverty", _("extremely poor (特困)")),
              ("minimum_living", _("minimum living guarantee (低保)")),
              ("low_income", _("low income (低收入)")),
              ("illness_poverty", _("impoverished by illness (因病致贫)"))]
RELATIONS = [("self", _("patient")), ("spouse", _("spouse")), ("child", _("child")),
             ("parent", _("parent")), ("other", _("other relative"))]
DOCUMENT_KINDS = [("id_card", _("identity card")), ("hukou", _("household register")),
                  ("dibao_card", _("minimum living guarantee certificate")),
                  ("income_proof", _("proof of income")),
                  ("insurance_card", _("insurance card")),
                  ("cost_estimate", _("hospital cost estimate"))]
TIERS = [("free", _("free")), ("reduced", _("reduced fee")), ("none", _("no assistance"))]
DONOR_KINDS = [("donor", _("donor")), ("partner", _("partner"))]

# Ledger accounts of a fund and transaction kinds.
INCOME, AVAILABLE, COMMITTED, SPENT = "income", "available", "committed", "spent"
ACCOUNTS = [(INCOME, _("donations received")),
            (AVAILABLE, pgettext_lazy("fund balance", "available")),
            (COMMITTED, _("committed")), (SPENT, _("spent"))]
GRANT, COMMIT, SETTLE, RELEASE = "grant", "commit", "settle", "release"
TRANSACTIONS = [(GRANT, _("donation")), (COMMIT, _("commitment")),
                (SETTLE, _("settlement")), (RELEASE, _("release"))]

# What a clinician sees: funding status only.
FUNDING_LABELS = {APPROVED: _("funding: approved"), SETTLED: _("funding: approved"),
                  "pending": _("funding: pending"), REFUSED: _("funding: not approved")}


def label(choices: Sequence[tuple[str, object]], value: str) -> str:
    return str(dict(choices).get(value, value))

FUNDED_LABEL = _("funded patients")
UNFUNDED_LABEL = _("operated patients without funding")
REPORT_COLUMNS = [("n", _("patients operated")), ("sphincter", _("sphincter preserved")),
                  ("complication", _("any complication")), ("death_90d", _("died within 90 days")),
                  ("alive", _("alive at last contact")),
                  ("survival_1y", _("1-year survival (Kaplan-Meier)"))]
STEP_LABELS = {"created": _("application received"),
               "documents_requested": _("documents requested"),
               "document_received": _("document received"), "reminder": _("reminder sent"),
               "assessed": _("means test run"), "approved": _("approved"),
               "refused": _("refused"), "appealed": _("appeal lodged"),
               "settled": _("settled after the operation"), "withdrawn": _("withdrawn")}
