"""A role or site change made in the Django admin is audited with before and after."""

from __future__ import annotations

from django.contrib.auth.models import User

from tests.base import PASSWORD, BaseTestCase
from tumorboard.accounts.models import AuditEvent, Profile


class AdminRoleChangeAuditTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # The Django admin's change permission (a superuser, as `createsuperuser` makes).
        self.root = User.objects.create_superuser("root", "root@example.org", PASSWORD)

    def test_it_audits_a_role_changed_in_the_admin(self) -> None:
        profile = Profile.objects.get(user=self.coordinator)
        memberships = list(profile.memberships.all())
        admin = self.client_for(self.root)
        data = {"user": profile.user_id, "role": "auditor", "specialty": "",
                "memberships-TOTAL_FORMS": str(len(memberships)),
                "memberships-INITIAL_FORMS": str(len(memberships)),
                "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}
        for index, row in enumerate(memberships):
            data.update({f"memberships-{index}-id": str(row.pk),
                         f"memberships-{index}-profile": str(profile.pk),
                         f"memberships-{index}-site": str(row.site_id)})
        response = admin.post(f"/admin/accounts/profile/{profile.pk}/change/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        event = AuditEvent.objects.filter(action="role_change").latest("id")
        self.assertEqual(event.detail["role"], ["coordinator", "auditor"])
        self.assertEqual(event.detail["via"], "admin")
        self.assertEqual(event.user_id, self.root.pk)

    def test_it_writes_nothing_when_the_access_did_not_change(self) -> None:
        profile = Profile.objects.get(user=self.coordinator)
        before = AuditEvent.objects.filter(action="role_change").count()
        admin = self.client_for(self.root)
        admin.post(f"/admin/accounts/profile/{profile.pk}/change/", {
            "user": profile.user_id, "role": "coordinator", "specialty": "",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"})
        self.assertEqual(AuditEvent.objects.filter(action="role_change").count(), before)
