"""The funds' double-entry ledger (written here rather than with django-hordak, whose
consistency checks are PostgreSQL/MySQL triggers and which does not run on SQLite, the
project's embedded database; see docs/welfare.md).

Each fund has four accounts: income (donations received, credit-normal), available,
committed and spent. Every transaction's lines sum to zero (debit positive, credit
negative, integer fen):

- grant X:   available +X, income -X
- commit X:  available -X, committed +X      (an approval)
- settle C:  committed -C, spent +C          (the operation's actual cost, at most X)
- release R: committed -R, available +R      (what the operation did not use)

``post`` writes a transaction only under ``lock_fund``: SELECT ... FOR UPDATE on
PostgreSQL; on SQLite a write to the fund row first, which takes the database's write
lock, so that writers are serialised. Under the lock it reads the fund's balances, refuses
a transaction that would take an account below zero, writes the lines and the new
balances. ``check`` re-derives everything from the lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Account, Application, Fund, LedgerLine, LedgerTransaction

CACHE = {v.AVAILABLE: "available_fen", v.COMMITTED: "committed_fen", v.SPENT: "spent_fen"}
SHAPES = {v.GRANT: (v.AVAILABLE, v.INCOME), v.COMMIT: (v.COMMITTED, v.AVAILABLE),
          v.SETTLE: (v.SPENT, v.COMMITTED), v.RELEASE: (v.AVAILABLE, v.COMMITTED)}


def lock_row(model: type[Fund] | type[Application], pk: int) -> None:
    """Serialise writers of this row: a row lock on PostgreSQL, the write lock on SQLite."""
    if connection.vendor == "sqlite":
        model.objects.filter(pk=pk).update(version=F("version"))
    else:
        list(model.objects.select_for_update().filter(pk=pk).values_list("pk"))


def lock_fund(fund: Fund) -> Fund:
    lock_row(Fund, fund.pk)
    return Fund.objects.get(pk=fund.pk)


def open_accounts(fund: Fund) -> None:
    Account.objects.bulk_create([Account(fund=fund, kind=kind) for kind, _label in v.ACCOUNTS])


def post(fund: Fund, kind: str, amount_fen: int, *, application: Application | None = None,
         memo: str = "", by: User | None = None) -> LedgerTransaction:
    """One balanced transaction on a fund locked by the caller (``lock_fund``)."""
    if amount_fen <= 0:
        raise InvalidInput({"amount": _("The amount must be more than zero.")})
    debit, credit = SHAPES[kind]
    balances = {name: getattr(fund, field) for name, field in CACHE.items()}
    balances[debit] = balances.get(debit, 0) + amount_fen
    balances[credit] = balances.get(credit, 0) - amount_fen
    for name in (v.AVAILABLE, v.COMMITTED):
        if balances[name] < 0:
            raise InvalidInput({"amount": _(
                "The fund has %(available)s available; this needs %(amount)s.") % {
                "available": yuan(fund.available_fen if name == v.AVAILABLE
                                  else fund.committed_fen), "amount": yuan(amount_fen)}})
    accounts = dict(Account.objects.filter(fund=fund).values_list("kind", "pk"))
    row = LedgerTransaction.objects.create(fund=fund, kind=kind, application=application,
                                           memo=memo[:200], by=by)
    LedgerLine.objects.bulk_create([
        LedgerLine(transaction=row, account_id=accounts[debit], amount_fen=amount_fen),
        LedgerLine(transaction=row, account_id=accounts[credit], amount_fen=-amount_fen)])
    changes = {field: balances[name] for name, field in CACHE.items()}
    if kind == v.GRANT:
        changes["received_fen"] = fund.received_fen + amount_fen
    Fund.objects.filter(pk=fund.pk).update(version=F("version") + 1, **changes)
    for field, value in changes.items():
        setattr(fund, field, value)
    return row


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


@dataclass(frozen=True)
class Problem:
    invariant: str
    detail: str

    def __str__(self) -> str:
        return f"{self.invariant}: {self.detail}"


def check() -> list[Problem]:
    """Every invariant of every fund; an empty list when the ledger is sound."""
    return list(_unbalanced()) + [p for fund in Fund.objects.order_by("pk")
                                  for p in _fund_problems(fund)] + list(_applications())


def _unbalanced() -> Iterator[Problem]:
    sums = (LedgerTransaction.objects.annotate(total=Sum("lines__amount_fen"))
            .exclude(total=0).values_list("external_id", "total"))
    for key, total in sums:
        yield Problem("balanced", f"transaction {key} sums to {total}")
    foreign = LedgerLine.objects.exclude(account__fund_id=F("transaction__fund_id"))
    for key in foreign.values_list("transaction__external_id", flat=True)[:1]:
        yield Problem("one-fund", f"transaction {key} posts to another fund's account")


def _fund_problems(fund: Fund) -> Iterator[Problem]:
    kinds = set(Account.objects.filter(fund=fund).values_list("kind", flat=True))
    if kinds != {kind for kind, _label in v.ACCOUNTS}:
        yield Problem("accounts", f"fund {fund.external_id} lacks {sorted(set(CACHE) - kinds)}")
        return
    totals = dict(LedgerLine.objects.filter(account__fund=fund).values("account__kind")
                  .annotate(s=Sum("amount_fen")).values_list("account__kind", "s"))
    for name, field in {**CACHE, v.INCOME: "received_fen"}.items():
        derived = -(totals.get(name) or 0) if name == v.INCOME else totals.get(name) or 0
        if derived != getattr(fund, field):
            yield Problem("cached-balance", f"fund {fund.external_id} {name}: cached "
                          f"{getattr(fund, field)}, lines {derived}")
    yield from _running(fund)
    if fund.received_fen != fund.available_fen + fund.committed_fen + fund.spent_fen:
        yield Problem("conservation", f"fund {fund.external_id}: received != available + "
                      "committed + spent")


def _running(fund: Fund) -> Iterator[Problem]:
    """Replayed transaction by transaction, no balance of the fund was ever below zero."""
    running = {v.AVAILABLE: 0, v.COMMITTED: 0}
    lines = (LedgerLine.objects.filter(account__fund=fund, account__kind__in=list(running))
             .order_by("transaction_id", "id").values_list("transaction_id", "account__kind",
                                                           "amount_fen"))
    for tx, rows in groupby(lines, key=lambda row: row[0]):
        for _tx, kind, amount in rows:
            running[kind] += amount
        dipped = [kind for kind, value in running.items() if value < 0]
        if dipped:
            yield Problem("not-negative", f"fund {fund.external_id} {dipped[0]} below zero "
                          f"after transaction {tx}")
            return


def _applications() -> Iterator[Problem]:
    per_app = (LedgerLine.objects.filter(account__kind=v.COMMITTED,
                                         transaction__application__isnull=False)
               .values("transaction__application").annotate(s=Sum("amount_fen"))
               .values_list("transaction__application", "s"))
    derived = dict(per_app)
    for app in Application.objects.filter(~Q(committed_fen=0) | Q(pk__in=list(derived))).only(
            "pk", "external_id", "committed_fen", "status"):
        held = derived.get(app.pk) or 0
        if held != app.committed_fen or held < 0:
            yield Problem("commitment", f"application {app.external_id}: holds {held}, "
                          f"records {app.committed_fen}")
        elif held and app.status != v.APPROVED:
            yield Problem("commitment", f"application {app.external_id} is {app.status} "
                          f"but still holds {held}")
    double = (LedgerTransaction.objects.filter(kind=v.COMMIT, application__isnull=False)
              .values("application").annotate(n=Count("id")).filter(n__gt=1))
    for row in double.values_list("application__external_id", flat=True)[:1]:
        yield Problem("single-commitment", f"application {row} was committed twice")
