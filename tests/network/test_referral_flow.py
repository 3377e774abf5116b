"""A referral from sending to completion: bad input names the field and writes nothing,
the receiving site replies, takes the patient on and closes with an operation; the worklist
shows waiting times; the letter is a PDF in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.network.helpers import refer
from tumorboard.network import referrals
from tumorboard.network.models import CaseGrant, Referral
from tumorboard.outcomes import services as outcome_services
from tumorboard.patients.validation import InvalidInput


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class ReferralFlowTest(BaseTestCase):
    def test_it_refuses_bad_referrals_naming_the_field(self) -> None:
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        cases: list[tuple[dict[str, Any], str]] = [({"to_site": self.site.code}, "to_site"),
                 ({"to_site": "NOWHERE"}, "to_site"),
                 ({"consent": False}, "consent"),
                 ({"consent_date": None}, "consent_date"),
                 ({"consent_date": yesterday + dt.timedelta(days=5)}, "consent_date"),
                 ({"reason": "cosmetic"}, "reason")]
        for values, field in cases:
            with self.subTest(field=field, values=values):
                with self.assertRaises(InvalidInput) as raised:
                    refer(self.clinician, self.case, self.other_site, **values)
                self.assertEqual(raised.exception.field, field)
        self.assertEqual(Referral.objects.count(), 0)
        self.assertEqual(CaseGrant.objects.count(), 0)

    def test_it_answers_422_naming_the_field_on_the_form(self) -> None:
        client = self.client_for(self.clinician)
        url = f"/network/cases/{self.case.external_id}/refer/"
        self.assertEqual(client.get(url).status_code, 200)
        response = client.post(url, {"to_site": "WEST", "reason": "limb_salvage",
                                     "urgency": "routine"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("consent", response.context["form"].errors)
        self.assertEqual(Referral.objects.count(), 0)
        ok = client.post(url, {"to_site": "WEST", "reason": "limb_salvage",
                               "urgency": "urgent", "consent": "on",
                               "consent_date": timezone.localdate().isoformat()})
        self.assertEqual(ok.status_code, 302)
        referral = Referral.objects.get()
        self.assertEqual(referral.reply_due - referral.sent_at, dt.timedelta(days=2))

    def test_it_runs_to_completion_with_an_operation(self) -> None:
        referral = refer(self.clinician, self.case, self.other_site)
        with self.assertRaises(InvalidInput):  # not before it is accepted
            referrals.do_take_on(self.outsider, referral, "W77")
        referrals.do_reply(self.outsider, referral, accept=True,
                           expected_version=referral.version)
        with self.assertRaises(InvalidInput) as raised:
            referrals.do_complete(self.outsider, referral, "operated")
        self.assertEqual(raised.exception.field, "ending")
        own = referrals.do_take_on(self.outsider, referral, "W77")
        self.assertEqual((own.site_id, own.patient.mrn, own.patient.family_name),
                         (self.other_site.pk, "W77", self.patient.family_name))
        outcome_services.do_record_operation(self.outsider, own, {
            "date": dt.date(2025, 9, 1), "procedure": "MAST", "intent": "curative",
            "margin": "R0"})
        referral = referrals.do_complete(self.outsider, referral, "operated")
        self.assertEqual((referral.status, referral.ending), ("completed", "operated"))
        self.assertIsNotNone(referral.operation_id)
        self.assertFalse(CaseGrant.objects.active().exists())
        kinds = list(referral.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["sent", "accepted", "taken_on", "completed"])

    def test_it_labels_the_reply_form_in_chinese(self) -> None:
        referral = refer(self.clinician, self.case, self.other_site)
        page = self.client_for(self.outsider).get(
            f"/network/referrals/{referral.external_id}/", headers={"Accept-Language": "zh-hans"})
        self.assertContains(page, '<label for="id_decision">决定')
        self.assertNotContains(page, "Decision")

    def test_it_shows_the_worklist_in_and_out_with_waiting_times(self) -> None:
        referral = refer(self.clinician, self.case, self.other_site)
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=timezone.now() - dt.timedelta(days=9),
            reply_due=timezone.now() - dt.timedelta(days=2))
        incoming = self.client_for(self.outsider).get("/network/referrals/")
        self.assertEqual(incoming.status_code, 200)
        row = incoming.context["incoming"][0]
        self.assertEqual((row.waiting_days, row.overdue), (9, True))
        self.assertEqual(incoming.context["outgoing"], [])
        outgoing = self.client_for(self.clinician).get("/network/referrals/")
        self.assertEqual(len(outgoing.context["outgoing"]), 1)
        self.assertContains(outgoing, self.patient.given_name)
        self.assertEqual(self.client_for(self.auditor).get("/network/referrals/").status_code,
                         403)

    def test_it_writes_the_letter_in_both_languages(self) -> None:
        referral = refer(self.clinician, self.case, self.other_site, note="Tumour at 4 cm.")
        client = self.client_for(self.outsider)
        for language in ("en", "zh-hans"):
            with self.subTest(language=language):
                response = client.get(f"/network/referrals/{referral.external_id}/letter/"
                                      f"?language={language}")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(client.get(f"/network/referrals/{referral.external_id}/letter/"
                                    "?language=fr").status_code, 400)
        referrals.do_revoke_grant(self.clinician, referral)
        self.assertEqual(client.get(f"/network/referrals/{referral.external_id}/letter/")
                         .status_code, 403)

    def test_it_keeps_codes_and_usernames_off_the_letter(self) -> None:
        from tumorboard.network.letters import referral_html

        referral = refer(self.clinician, self.case, self.other_site)
        for language in ("en", "zh-hans"):
            html = referral_html(referral, language)
            for hidden in (str(referral.external_id), str(self.case.external_id),
                           self.clinician.username, "sphincter_preservation", "EAST"):
                self.assertNotIn(hidden, html)
