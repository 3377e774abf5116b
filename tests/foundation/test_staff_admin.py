"""Staff administration pages: the admin role manages its own sites' accounts, audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.accounts.models import AuditEvent, Profile
from tumorboard.accounts.services import do_create_user

NEW_PASSWORD = "a long and unusual phrase 48"


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class StaffAdminTest(BaseTestCase):
    west_admin: User
    both: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        west = do_create_user("west-admin", role="admin", site_codes=["WEST"],
                              password=PASSWORD)
        both = do_create_user("both-sites", role="clinician", site_codes=["EAST", "WEST"],
                              password=PASSWORD)
        cls.west_admin = User.objects.get(pk=west.pk)
        cls.both = User.objects.get(pk=both.pk)

    def _url(self, user: User, tail: str = "") -> str:
        return f"/accounts/staff/{Profile.objects.get(user=user).external_id}/{tail}"

    def _create_body(self, **extra: object) -> dict[str, object]:
        body: dict[str, object] = {
            "username": "li.na", "password": NEW_PASSWORD, "first_name": "娜",
            "last_name": "李", "title": "attending_physician", "role": "clinician",
            "specialty": "breast_surgery", "sites": [self.site.pk]}
        body.update(extra)
        return body

    def test_it_refuses_every_other_role(self) -> None:
        urls = ["/accounts/staff/", "/accounts/staff/new/", self._url(self.clinician)]
        posts = [self._url(self.clinician, "active/"), self._url(self.clinician, "two-factor/"),
                 "/accounts/staff/new/"]
        for user in (self.coordinator, self.clinician, self.welfare, self.auditor):
            client = self.client_for(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(client.get(url).status_code, 403)
            for url in posts:
                with self.subTest(user=user.username, post=url):
                    self.assertEqual(client.post(url, {"active": "0"}).status_code, 403)
        self.assertTrue(User.objects.get(pk=self.clinician.pk).is_active)

    def test_it_refuses_the_admin_of_another_site(self) -> None:
        client = self.client_for(self.west_admin)
        self.assertEqual(client.get(self._url(self.clinician)).status_code, 403)
        self.assertEqual(client.post(self._url(self.clinician, "active/"),
                                     {"active": "0"}).status_code, 403)
        self.assertEqual(client.post(self._url(self.clinician, "two-factor/")).status_code, 403)
        page = client.get("/accounts/staff/").content.decode()
        self.assertNotIn(str(Profile.objects.get(user=self.clinician).external_id), page)
        self.assertTrue(User.objects.get(pk=self.clinician.pk).is_active)

    def test_it_refuses_an_account_that_is_also_of_another_site(self) -> None:
        client = self.client_for(self.admin)
        self.assertEqual(client.get(self._url(self.both)).status_code, 403)
        listed = client.get("/accounts/staff/").content.decode()
        self.assertNotIn(str(Profile.objects.get(user=self.both).external_id), listed)

    def test_it_refuses_a_membership_of_a_site_not_the_admins(self) -> None:
        response = self.client_for(self.admin).post(
            "/accounts/staff/new/", self._create_body(sites=[self.other_site.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(User.objects.filter(username="li.na").exists())

    def test_it_creates_an_account_with_name_title_and_site_audited(self) -> None:
        response = self.client_for(self.admin).post("/accounts/staff/new/",
                                                    self._create_body())
        self.assertEqual(response.status_code, 302)
        user = User.objects.get(username="li.na")
        self.assertEqual((user.last_name, user.profile.title, user.profile.role),
                         ("李", "attending_physician", "clinician"))
        self.assertEqual(list(user.profile.sites.values_list("code", flat=True)), ["EAST"])
        self.assertTrue(user.check_password(NEW_PASSWORD))
        created = AuditEvent.objects.get(action="user_create", object_id=str(user.pk))
        self.assertEqual(created.user_id, self.admin.pk)

    def test_it_names_bad_input_by_label(self) -> None:
        response = self.client_for(self.admin).post(
            "/accounts/staff/new/", self._create_body(username="clinician", password="x"),
            HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        text = response.content.decode()
        self.assertIn("This user name is already taken.", text)
        self.assertFalse(User.objects.filter(first_name="娜").exists())

    def test_it_changes_role_and_sites_audited_with_before_and_after(self) -> None:
        body = self._create_body(role="coordinator", title="nurse_in_charge",
                                 specialty="nursing")
        del body["username"], body["password"]
        response = self.client_for(self.admin).post(self._url(self.clinician), body)
        self.assertEqual(response.status_code, 302)
        profile = Profile.objects.get(user=self.clinician)
        self.assertEqual((profile.role, profile.title), ("coordinator", "nurse_in_charge"))
        change = AuditEvent.objects.filter(action="role_change",
                                           object_id=str(self.clinician.pk)).latest("seq")
        self.assertEqual(change.detail["role"], ["clinician", "coordinator"])
        self.assertEqual(change.user_id, self.admin.pk)
        update = AuditEvent.objects.filter(action="user_update",
                                           object_id=str(self.clinician.pk)).latest("seq")
        self.assertIn("title", update.detail["fields"])

    def test_it_deactivates_and_the_person_is_signed_out(self) -> None:
        victim = self.client_for(self.clinician)
        self.assertEqual(victim.get("/").status_code, 200)
        response = self.client_for(self.admin).post(self._url(self.clinician, "active/"),
                                                    {"active": "0"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(User.objects.get(pk=self.clinician.pk).is_active)
        self.assertEqual(victim.get("/").status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="user_deactivate",
                                                  object_id=str(self.clinician.pk)).exists())
        self.client_for(self.admin).post(self._url(self.clinician, "active/"), {"active": "1"})
        self.assertTrue(User.objects.get(pk=self.clinician.pk).is_active)

    def test_it_does_not_let_an_admin_lock_themselves_out(self) -> None:
        client = self.client_for(self.admin)
        client.post(self._url(self.admin, "active/"), {"active": "0"})
        self.assertTrue(User.objects.get(pk=self.admin.pk).is_active)
        body = self._create_body(role="clinician")
        del body["username"], body["password"]
        self.assertEqual(client.post(self._url(self.admin), body).status_code, 400)
        self.assertEqual(Profile.objects.get(user=self.admin).role, "admin")

    def test_it_resets_the_second_factor_audited(self) -> None:
        TOTPDevice.objects.create(user=self.clinician, name="phone", confirmed=True)
        response = self.client_for(self.admin).post(self._url(self.clinician, "two-factor/"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.clinician).exists())
        event = AuditEvent.objects.get(action="two_factor_reset",
                                       object_id=str(self.clinician.pk))
        self.assertEqual(event.detail["devices"], 1)

    def test_it_lists_people_by_name_not_user_name(self) -> None:
        self.clinician.first_name, self.clinician.last_name = "伟", "张"
        self.clinician.save()
        page = self.client_for(self.admin).get("/accounts/staff/").content.decode()
        self.assertIn("张伟", page)
        self.assertNotIn(">clinician<", page)
