"""The demo (issue 14, "Done when"): a network of hospitals with referrals in every state and
a hub whose audit pages show funnel plots and CUSUM charts (SVG), in both languages."""

from __future__ import annotations

from django.test import TestCase, override_settings

from tests.board.helpers import FAST_HASHER
from tumorboard.core import demo_data, demo_loader
from tumorboard.network import demo
from tumorboard.network.models import (
    AggregateSubmission,
    Mentorship,
    ProctoredCase,
    Referral,
    Site,
)
from tumorboard.outcomes.models import Operation


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class NetworkDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        sites = demo_loader.do_create_demo_sites()
        demo_loader.do_create_demo_users()
        demo_loader.do_load_patients(demo_data.generate(300, seed=7), sites)

    def test_it_has_a_network_with_referrals_and_a_hub(self) -> None:
        self.assertEqual(set(Site.objects.values_list("network", flat=True)), {demo.NETWORK})
        states = set(Referral.objects.values_list("status", flat=True))
        self.assertGreaterEqual(states, {"sent", "accepted", "declined", "completed"})
        self.assertEqual(AggregateSubmission.objects.count(), Site.objects.count())
        self.assertEqual(Mentorship.objects.count(), 3)
        self.assertEqual(Mentorship.objects.filter(independent_on__isnull=False).count(), 2)
        self.assertTrue(ProctoredCase.objects.exists())
        self.assertTrue(Operation.objects.filter(technique_version="3.0").exists())
        demo.do_load_demo_network()  # again: adds nothing
        self.assertEqual(AggregateSubmission.objects.count(), Site.objects.count())

    def test_it_shows_the_hub_and_audit_charts_in_both_languages(self) -> None:
        client = self.client
        client.login(username="auditor", password=demo_loader.demo_password("auditor"))
        for language in ("en", "zh-hans"):
            with self.subTest(language=language):
                client.cookies["django_language"] = language
                hub = client.get("/network/hub/")
                self.assertEqual(hub.status_code, 200)
                self.assertIn(b"<svg", hub.content)
                audit = client.get("/network/audit/", {"indicator": "clavien_dindo_3",
                                                       "date_from": "2015-01-01"})
                self.assertEqual(audit.status_code, 200)
                self.assertGreaterEqual(audit.content.count(b"<svg"), 2)
                self.assertIn(b"CUSUM", audit.content)
