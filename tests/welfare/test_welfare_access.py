"""Who sees what of the welfare programme: household and income only for welfare officers
and the site's admins; clinicians see the funding status and nothing else; another site
is refused; every read is audited; bad web and API input is a 422 naming the field."""

from __future__ import annotations

import json

from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import MEMBERS, assessed, make_fund
from tumorboard.accounts.models import AuditEvent
from tumorboard.welfare import decisions
from tumorboard.welfare.models import Application


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class WelfareAccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.fund = make_fund(cls.admin, cls.site)
        cls.app = assessed(cls.welfare, cls.case, cls.fund)
        decisions.do_decide(cls.admin, cls.app, approve=True)
        cls.page = reverse("welfare-application", args=[cls.app.external_id])
        cls.api = f"/api/v1/welfare/applications/{cls.app.external_id}"

    def test_it_shows_household_income_to_welfare_officers_and_admins(self) -> None:
        for user in (self.welfare, self.admin):
            with self.subTest(user=user.username):
                response = self.client_for(user).get(self.page)
                self.assertContains(response, "60000")  # the household's income
                api = self.client.get(self.api, **self.bearer(user))
                self.assertEqual(api.json()["income"], "60000.00")

    def test_it_refuses_clinicians_coordinators_and_auditors_the_household(self) -> None:
        for user in (self.clinician, self.coordinator, self.auditor):
            with self.subTest(user=user.username):
                self.assertEqual(self.client_for(user).get(self.page).status_code, 403)
                self.assertEqual(self.client.get(self.api, **self.bearer(user)).status_code,
                                 403)
                self.assertEqual(self.client_for(user).get(reverse("welfare-home"))
                                 .status_code, 403)

    def test_it_refuses_another_sites_officer(self) -> None:
        from tumorboard.accounts.services import do_create_user

        west = do_create_user("west-welfare", role="welfare_officer", site_codes=["WEST"],
                              password="x" * 20)
        self.assertIn(self.client_for(west).get(self.page).status_code, (403, 404))
        self.assertIn(self.client.get(self.api, **self.bearer(west)).status_code, (403, 404))
        listed = self.client.get("/api/v1/welfare/applications", **self.bearer(west)).json()
        self.assertEqual(listed, [])

    def test_it_tells_a_clinician_the_funding_status_only(self) -> None:
        url = f"/api/v1/welfare/cases/{self.case.external_id}/funding"
        body = self.client.get(url, **self.bearer(self.clinician)).json()
        self.assertEqual(body, {"status": "approved"})
        outsider = self.client.get(url, **self.bearer(self.outsider))
        self.assertIn(outsider.status_code, (403, 404))

    def test_it_renders_the_funding_status_tag_for_the_clinical_team_only(self) -> None:
        template = Template("{% load welfare_tags %}{% funding_status case %}")
        for user, expected in ((self.clinician, "funding: approved"), (self.auditor, ""),
                               (self.outsider, "")):
            request = RequestFactory().get("/")
            request.user = user
            html = template.render(Context({"request": request, "case": self.case})).strip()
            self.assertIn(expected, html) if expected else self.assertEqual(html, "")
        self.assertTrue(AuditEvent.objects.filter(object_type="funding_status",
                                                  user=self.clinician).exists())

    def test_it_audits_every_read_of_an_application(self) -> None:
        before = AuditEvent.objects.filter(object_type="welfare_application",
                                           action="view").count()
        self.client_for(self.welfare).get(self.page)
        self.client.get(self.api, **self.bearer(self.admin))
        self.client_for(self.welfare).get(reverse("welfare-home"))
        after = AuditEvent.objects.filter(object_type="welfare_application", action="view")
        self.assertEqual(after.count(), before + 3)
        self.assertIn(str(self.patient.external_id), json.dumps(list(after.values_list(
            "detail", flat=True))) + " ".join(after.values_list("patient_id", flat=True)))

    def test_it_refuses_a_negative_income_on_the_web_form_naming_the_field(self) -> None:
        url = reverse("welfare-apply", args=[self.case.external_id])
        data = {"planned_treatment": "LAR", "insurance": "none", "food": "100",
                "estimated_cost": "1000", "oop_percent": "50",
                "members-TOTAL_FORMS": "6", "members-INITIAL_FORMS": "0",
                "members-0-relation": "self", "members-0-age": "50",
                "members-0-income": "-5"}
        before = Application.objects.count()
        response = self.client_for(self.welfare).post(url, data)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Members: This amount cannot be negative.", status_code=422)
        self.assertEqual(Application.objects.count(), before)

    def test_it_refuses_the_assessor_approving_through_the_api(self) -> None:
        app = assessed(self.welfare, self.case, self.fund)
        response = self.client.post(f"/api/v1/welfare/applications/{app.external_id}/decision",
                                    data=json.dumps({"approve": True}),
                                    content_type="application/json", **self.bearer(self.welfare))
        self.assertEqual((response.status_code, response.json()["field"]), (422, "approver"))

    def test_it_refuses_a_household_without_members_through_the_api(self) -> None:
        body = {"case": str(self.case.external_id), "planned_treatment": "LAR",
                "insurance": "none", "food": "100", "estimated_cost": "1000",
                "oop_percent": "50", "members": []}
        response = self.client.post("/api/v1/welfare/applications", data=json.dumps(body),
                                    content_type="application/json", **self.bearer(self.welfare))
        self.assertEqual((response.status_code, response.json()["field"]), (422, "members"))
        body["members"] = [{**MEMBERS[0], "income": "-1"}]
        response = self.client.post("/api/v1/welfare/applications", data=json.dumps(body),
                                    content_type="application/json", **self.bearer(self.welfare))
        self.assertEqual(response.json()["field"], "members.0.income")
