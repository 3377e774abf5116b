"""Ledger invariants as property tests: any sequence of donations, approvals, settlements
and withdrawals leaves every transaction balanced, no balance below zero and the cached
balances equal to the lines; a refused step writes nothing. And `ledger --check` names
the first broken invariant of a ledger someone corrupted."""

from __future__ import annotations

import io
from contextlib import redirect_stderr

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tumorboard.network.models import Site
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import ledger
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Fund, LedgerLine, LedgerTransaction

STEPS = st.lists(st.tuples(st.sampled_from([v.GRANT, v.COMMIT, v.SETTLE, v.RELEASE]),
                           st.integers(min_value=1, max_value=5_000_000)), max_size=25)


def new_fund() -> Fund:
    site = Site.objects.create(code="P", name="Property Hospital")
    fund = Fund.objects.create(site=site, name="F", donor="D", donor_kind="donor",
                               budget_fen=0, starts="2026-01-01", ends="2026-12-31",
                               policy="standard@2")
    ledger.open_accounts(fund)
    return fund


class LedgerPropertyTest(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(STEPS)
    def test_it_keeps_every_invariant_whatever_the_sequence(
            self, steps: list[tuple[str, int]]) -> None:
        fund = new_fund()
        for kind, amount in steps:
            before = (LedgerLine.objects.count(), fund.available_fen, fund.committed_fen)
            locked = ledger.lock_fund(fund)
            try:
                ledger.post(locked, kind, amount)
                fund = locked
            except InvalidInput as refused:
                self.assertEqual(refused.field, "amount")
                fund.refresh_from_db()
                self.assertEqual((LedgerLine.objects.count(), fund.available_fen,
                                  fund.committed_fen), before, "a refused step writes nothing")
            self.assertGreaterEqual(fund.available_fen, 0)
            self.assertGreaterEqual(fund.committed_fen, 0)
        self.assertEqual(ledger.check(), [])


class LedgerCheckTest(TestCase):
    def check_fails_with(self, invariant: str) -> None:
        err = io.StringIO()
        with redirect_stderr(err), self.assertRaises(SystemExit) as stop:
            call_command("welfare", "ledger", "--check", stderr=err)
        self.assertEqual(stop.exception.code, 1)
        self.assertIn(f"first broken invariant: {invariant}", err.getvalue())

    def funded(self) -> Fund:
        fund = new_fund()
        ledger.post(ledger.lock_fund(fund), v.GRANT, 1000)
        ledger.post(ledger.lock_fund(fund), v.COMMIT, 400)
        return fund

    def test_it_passes_a_sound_ledger(self) -> None:
        self.funded()
        out = io.StringIO()
        call_command("welfare", "ledger", "--check", stdout=out)
        self.assertIn("passed", out.getvalue())

    def test_it_names_an_unbalanced_transaction(self) -> None:
        self.funded()
        LedgerLine.objects.filter(pk=LedgerLine.objects.latest("id").pk).update(amount_fen=-1)
        self.check_fails_with("balanced")

    def test_it_names_a_cached_balance_that_differs_from_the_lines(self) -> None:
        fund = self.funded()
        Fund.objects.filter(pk=fund.pk).update(available_fen=999)
        self.check_fails_with("cached-balance")

    def test_it_names_a_balance_that_went_below_zero(self) -> None:
        fund = self.funded()  # the database refuses a negative cached balance itself, so
        grant = LedgerTransaction.objects.get(kind=v.GRANT)  # rewrite history: the grant
        later = LedgerTransaction.objects.create(fund=fund, kind=v.GRANT)  # after the commit
        LedgerLine.objects.filter(transaction=grant).update(transaction=later)
        grant.delete()
        self.check_fails_with("not-negative")
