"""Sites and departments: `tumorboard site add|list`, the admin pages, the audit trail."""

from __future__ import annotations

import io
import json

from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard import cli
from tumorboard.accounts.models import AuditEvent
from tumorboard.network.models import Department, Site


def run_site(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("site", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class SiteCommandTest(BaseTestCase):
    def test_it_adds_a_site_and_lists_it_as_json(self) -> None:
        out, _ = run_site("add", "NORTH", "--name", "North Hill Hospital", "--network",
                          "Ultra-low rectal network", "--time-zone", "Asia/Chongqing")
        self.assertEqual(json.loads(out)["code"], "NORTH")
        site = Site.objects.get(code="NORTH")
        self.assertEqual((site.network, site.time_zone),
                         ("Ultra-low rectal network", "Asia/Chongqing"))
        listed = json.loads(run_site("list")[0])
        self.assertEqual([s["code"] for s in listed], ["EAST", "NORTH", "WEST"])
        self.assertTrue(AuditEvent.objects.filter(object_type="site", action="create",
                                                  object_id=str(site.external_id)).exists())

    def test_it_refuses_bad_input_naming_the_field_with_exit_2(self) -> None:
        cases = [(["add", "north", "--name", "X"], "code"),
                 (["add", "EAST", "--name", "Again"], "code"),
                 (["add", "SOUTH", "--name", " "], "name"),
                 (["add", "SOUTH", "--name", "S", "--time-zone", "Mars/Olympus"], "time_zone")]
        for args, field in cases:
            with self.subTest(args=args):
                err = io.StringIO()
                with self.assertRaises(CommandError) as raised:
                    call_command("site", *args, stdout=io.StringIO(), stderr=err)
                self.assertEqual(raised.exception.returncode, 2)
                self.assertEqual(json.loads(err.getvalue())["field"], field)
        self.assertEqual(Site.objects.count(), 2)

    def test_it_is_a_tumorboard_subcommand(self) -> None:
        self.assertEqual(cli.DJANGO_COMMANDS["site"], "site")


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class SiteAdminTest(BaseTestCase):
    def test_it_creates_and_edits_a_site_in_the_admin_audited(self) -> None:
        client = self.client_for(self.admin)
        response = client.post("/admin/network/site/add/", {
            "code": "NORTH", "name": "North Hill", "city": "", "network": "N",
            "time_zone": "Asia/Shanghai", "offers_sphincter_preservation": "on"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        site = Site.objects.get(code="NORTH")
        client.post(f"/admin/network/site/{site.pk}/change/", {
            "name": "North Hill Hospital", "city": "Wuhan", "network": "N",
            "time_zone": "Asia/Shanghai"})
        site.refresh_from_db()
        self.assertEqual((site.name, site.offers_sphincter_preservation),
                         ("North Hill Hospital", False))
        change = AuditEvent.objects.get(object_type="site", action="update")
        self.assertEqual(change.detail["changes"]["name"], ["North Hill", "North Hill Hospital"])

    def test_it_refuses_a_bad_time_zone_in_the_admin_form(self) -> None:
        response = self.client_for(self.admin).post("/admin/network/site/add/", {
            "code": "NORTH", "name": "N", "time_zone": "Nowhere/Place"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Site.objects.filter(code="NORTH").exists())

    def test_it_keeps_departments_to_the_admins_sites(self) -> None:
        own = Department.objects.create(site=self.site, name="Colorectal", beds=20)
        other = Department.objects.create(site=self.other_site, name="Ortho", beds=10)
        client = self.client_for(self.admin)
        self.assertEqual(client.get(f"/admin/network/department/{own.pk}/change/")
                         .status_code, 200)
        self.assertNotEqual(client.get(f"/admin/network/department/{other.pk}/change/")
                            .status_code, 200)
        response = client.post(f"/admin/network/department/{own.pk}/change/",
                               {"site": self.site.pk, "name": "Colorectal", "beds": 24})
        self.assertEqual(response.status_code, 302)
        own.refresh_from_db()
        self.assertEqual(own.beds, 24)
        event = AuditEvent.objects.get(object_type="department", action="update")
        self.assertEqual(event.detail["changes"]["beds"], [20, 24])
        refused = client.post("/admin/network/department/add/",
                              {"site": self.other_site.pk, "name": "Spine", "beds": 3})
        self.assertEqual(refused.status_code, 200)  # the form refuses another site
        self.assertFalse(Department.objects.filter(name="Spine").exists())
