"""The hub's API in-process (a key per site, refusals store nothing) and its pages: the
pooled survival and indicators with each site against the pool, as SVG, small sites not
named; the site's push command refuses bad input naming the field."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.accounts.models import AuditEvent
from tumorboard.network import hub
from tumorboard.network.models import AggregateSubmission, SiteKey

URL = "/api/v1/network/aggregates"


def document(site: str, events: list[list[int]], indicator: tuple[int, int]) -> dict[str, Any]:
    return {"format": "tumorboard-aggregate/1", "site": site, "by": "pathway", "round_to": 30,
            "groups": [{"group": "rectum", "times": events}],
            "indicators": [{"indicator": "anastomotic_leak", "numerator": indicator[0],
                            "denominator": indicator[1]}]}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class HubTest(BaseTestCase):
    def post(self, key: str, body: Any) -> Any:
        return self.client.post(URL, data=json.dumps(body), content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {key}")

    def test_it_keeps_only_the_hash_of_a_site_key(self) -> None:
        key = hub.do_issue_site_key(None, self.site)
        stored = SiteKey.objects.get()
        self.assertNotIn(key, (stored.key_hash, stored.prefix))
        self.assertEqual(hub.site_for_key(key), self.site)
        hub.do_revoke_site_keys(None, self.site)
        self.assertIsNone(hub.site_for_key(key))
        self.assertEqual(self.post(key, document("EAST", [[30, 1, 0]], (0, 1))).status_code,
                         401)

    def test_it_refuses_a_key_it_did_not_issue(self) -> None:
        hub.do_issue_site_key(None, self.site)
        for key in ("tbsite_" + "x" * 43, "tb_user_token", ""):
            with self.subTest(key=key):
                response = self.post(key, document("EAST", [[30, 1, 0]], (0, 1)))
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["field"], "Authorization")
        self.assertFalse(AggregateSubmission.objects.exists())

    def test_it_stores_a_good_aggregate_and_audits_it(self) -> None:
        key = hub.do_issue_site_key(None, self.site)
        response = self.post(key, document("EAST", [[30, 1, 0], [60, 0, 2]], (1, 3)))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(AggregateSubmission.objects.get().site, self.site)
        self.assertTrue(AuditEvent.objects.filter(object_type="aggregate",
                                                  username="site:EAST").exists())
        self.assertEqual(self.post(key, "not an object").status_code, 422)
        self.assertEqual(self.post(key, {**document("EAST", [[30, 1, 0]], (0, 1)),
                                         "by": "surgeon"}).json()["field"], "by")
        self.assertEqual(AggregateSubmission.objects.count(), 1)

    def test_it_shows_each_site_against_the_pool(self) -> None:
        big = [[30 * (i + 1), 1, 1] for i in range(8)]
        hub.do_receive_aggregate(self.site, document("EAST", big, (2, 16)))
        hub.do_receive_aggregate(self.other_site, document("WEST", [[30, 1, 0], [90, 0, 1]],
                                                           (1, 2)))
        for user in (self.auditor, self.welfare, self.clinician):
            with self.subTest(user=user.username):
                page = self.client_for(user).get("/network/hub/")
                self.assertEqual(page.status_code, 200)
        self.assertContains(page, "<svg", count=2)
        self.assertContains(page, self.site.name)
        self.assertNotContains(page, self.other_site.name)  # 2 cases: not named
        survival = page.context["survival"][0]
        self.assertEqual((survival["report"]["n"], survival["report"]["events"]), (18, 9))
        self.assertEqual(page.context["indicators"][0]["numerator"], 3)
        # WEST (2 cases, 1 death, leak 1 of 2) shows no figure of its own anywhere
        west = next(r for r in survival["sites"] if r["name"] != self.site.name)
        self.assertEqual((west["n"], west["events"], west["median"]), (None, None, None))
        small = next(u for u in page.context["indicators"][0]["units"]
                     if u["name"] != self.site.name)
        self.assertEqual((small["n"], small["rate"], small["outside"]), (None, None, None))
        self.assertNotContains(page, "0.500")  # WEST's leak rate

    def test_it_says_nothing_has_been_sent_instead_of_an_error(self) -> None:
        page = self.client_for(self.auditor).get("/network/hub/",
                                                  headers={"Accept-Language": "zh-hans"})
        self.assertEqual(page.status_code, 200)
        self.assertIsNone(page.context["error"])
        self.assertNotContains(page, "no aggregates")

    def test_it_refuses_a_push_without_hub_or_key_naming_the_field(self) -> None:
        for args, field in ((["--key", "k"], "hub"), (["--hub", "http://127.0.0.1:9"], "key"),
                            (["--hub", "x", "--key", "k"], "hub"),
                            (["--site", "NOPE", "--dry-run"], "site")):
            with self.subTest(args=args):
                err = io.StringIO()
                with self.assertRaises(CommandError) as raised:
                    call_command("network_push", *args, "--site", "EAST", stderr=err) \
                        if "--site" not in args else \
                        call_command("network_push", *args, stderr=err)
                self.assertEqual(raised.exception.returncode, 2)
                self.assertEqual(json.loads(err.getvalue())["field"], field)

    def test_it_sends_counts_only(self) -> None:
        out = io.StringIO()
        call_command("network_push", "--site", "EAST", "--dry-run", stdout=out)
        sent = json.loads(out.getvalue())
        self.assertLessEqual(set(sent), {"format", "site", "by", "round_to", "groups",
                                         "indicators"})
        self.assertEqual(sent["groups"][0]["times"], [[0.0, 0, 1]])  # one case, censored
        self.assertNotIn(self.patient.mrn, out.getvalue())
