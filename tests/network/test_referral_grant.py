"""The receiving site reads exactly the referred case, through the door, while the grant is
active; revoking it (or declining, or the end of the referral) takes the case away."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.test import override_settings

from tests.base import BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tests.network.helpers import refer
from tumorboard.accounts import door
from tumorboard.accounts.models import AuditEvent
from tumorboard.network import referrals
from tumorboard.patients.models import Case


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class ReferralGrantTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.second = make_case(self.coordinator, self.patient, pathway="breast")
        other_patient = make_patient(self.coordinator, self.site, mrn="A0002")
        self.unrelated = make_case(self.coordinator, other_patient)
        self.referral = refer(self.clinician, self.case, self.other_site)

    def test_it_lets_the_receiving_site_read_exactly_the_referred_case(self) -> None:
        client = self.client_for(self.outsider)
        self.assertEqual(client.get(f"/cases/{self.case.external_id}/").status_code, 200)
        for other in (self.second, self.unrelated):
            with self.subTest(case=other.pk):
                self.assertEqual(client.get(f"/cases/{other.external_id}/").status_code, 403)
        # The patient's record (with every case) is not part of the grant.
        self.assertEqual(client.get(f"/patients/{self.patient.external_id}/").status_code, 403)
        # Read-only: the edit page of the granted case is refused.
        self.assertEqual(client.get(f"/cases/{self.case.external_id}/edit/").status_code, 403)
        self.assertEqual(door.get(self.outsider, Case, self.case.external_id), self.case)
        read = AuditEvent.objects.filter(user=self.outsider, object_type="case",
                                         object_id=str(self.case.external_id)).latest("id")
        grant = self.referral.grants.get()
        self.assertEqual(read.detail["grant"], str(grant.external_id))
        self.assertEqual(read.site_id, self.site.pk)  # in the referring site's trail

    def test_it_takes_the_case_away_when_the_grant_is_revoked(self) -> None:
        client = self.client_for(self.outsider)
        self.assertEqual(client.get(f"/cases/{self.case.external_id}/").status_code, 200)
        response = self.client_for(self.clinician).post(
            f"/network/referrals/{self.referral.external_id}/revoke/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(client.get(f"/cases/{self.case.external_id}/").status_code, 403)
        with self.assertRaises(PermissionDenied):
            door.get(self.outsider, Case, self.case.external_id)
        self.assertTrue(AuditEvent.objects.filter(action="grant_revoked",
                                                  object_type="referral").exists())
        page = client.get(f"/network/referrals/{self.referral.external_id}/")
        self.assertEqual(page.status_code, 200)  # the referral itself stays visible
        self.assertNotContains(page, self.patient.given_name)

    def test_it_ends_the_grant_when_the_receiving_site_declines(self) -> None:
        referrals.do_reply(self.outsider, self.referral, accept=False, note="No capacity")
        self.assertFalse(door.allows(self.outsider, self.case))

    def test_it_refuses_a_third_site(self) -> None:
        from tumorboard.accounts.services import do_create_user
        from tumorboard.network.models import Site

        Site.objects.create(code="NORTH", name="North Hill")
        third = do_create_user("north", role="clinician", site_codes=["NORTH"],
                               password="x" * 20)
        client = self.client_for(third)  # type: ignore[arg-type]
        self.assertEqual(client.get(f"/cases/{self.case.external_id}/").status_code, 403)
        self.assertEqual(client.get(f"/network/referrals/{self.referral.external_id}/")
                         .status_code, 403)

    def test_it_refuses_the_revocation_to_the_receiving_site(self) -> None:
        response = self.client_for(self.outsider).post(
            f"/network/referrals/{self.referral.external_id}/revoke/")
        self.assertEqual(response.status_code, 403)
        self.assertTrue(door.allows(self.outsider, self.case))
