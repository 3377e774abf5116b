"""The waiting list follows the welfare application: an open application makes the case's
open entries' funding "pending" (not ready for a date), approval "approved", refusal
"declined", withdrawal "not applicable"; each change has a history row and an audit event,
and entries of other cases or already operated are left alone."""

from __future__ import annotations

from django.test import override_settings

from tests.base import BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tests.capacity.helpers import department, entry
from tests.welfare.helpers import assessed, make_fund
from tumorboard.accounts.models import AuditEvent
from tumorboard.capacity.models import WaitingListChange, WaitingListEntry
from tumorboard.welfare import decisions


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class WaitingListFollowsWelfareTest(BaseTestCase):
    def setUp(self) -> None:
        self.department = department(self.site)
        self.entry = entry(self.department, self.case, self.clinician)
        self.fund = make_fund(self.admin, self.site)

    def funding(self, item: WaitingListEntry | None = None) -> str:
        return WaitingListEntry.objects.get(pk=(item or self.entry).pk).funding

    def test_it_holds_the_date_while_the_application_is_open(self) -> None:
        self.assertTrue(self.entry.ready)
        assessed(self.welfare, self.case, self.fund)
        self.assertEqual(self.funding(), "pending")
        self.assertFalse(WaitingListEntry.objects.get(pk=self.entry.pk).ready)
        change = WaitingListChange.objects.filter(entry=self.entry).latest("created")
        self.assertEqual(change.changes, {"funding": ["not_applicable", "pending"]})
        self.assertEqual(change.by, self.welfare)
        self.assertTrue(AuditEvent.objects.filter(object_type="waiting_list_entry",
                                                  detail__by="welfare").exists())

    def test_it_makes_the_entry_ready_on_approval(self) -> None:
        app = assessed(self.welfare, self.case, self.fund)
        decisions.do_decide(self.admin, app, approve=True)
        self.assertEqual(self.funding(), "approved")
        self.assertTrue(WaitingListEntry.objects.get(pk=self.entry.pk).ready)

    def test_it_declines_on_refusal_and_lets_go_on_withdrawal(self) -> None:
        app = assessed(self.welfare, self.case, self.fund)
        decisions.do_decide(self.admin, app, approve=False, reasons="income above the line")
        self.assertEqual(self.funding(), "declined")
        decisions.do_appeal(self.welfare, app.__class__.objects.get(pk=app.pk),
                            "new documents")
        self.assertEqual(self.funding(), "pending")
        decisions.do_withdraw(self.welfare, app.__class__.objects.get(pk=app.pk))
        self.assertEqual(self.funding(), "not_applicable")

    def test_it_leaves_other_cases_and_operated_entries_alone(self) -> None:
        other_case = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                              mrn="B-2"))
        other = entry(self.department, other_case, self.clinician)
        WaitingListEntry.objects.filter(pk=self.entry.pk).update(status="done")
        assessed(self.welfare, self.case, self.fund)
        self.assertEqual(self.funding(), "not_applicable")  # operated already
        self.assertEqual(self.funding(other), "not_applicable")
