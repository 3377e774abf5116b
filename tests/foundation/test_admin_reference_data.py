"""The admin role (not a superuser) edits reference data in the Django admin; others and
patient data stay out."""

from __future__ import annotations

from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class AdminReferenceDataTest(BaseTestCase):
    def test_it_opens_reference_models_to_the_admin_role(self) -> None:
        client = self.client_for(self.admin)
        index = client.get("/admin/").content.decode()
        self.assertIn("/admin/clinic/clinictemplate/", index)
        self.assertIn("/admin/capacity/sessiontemplate/", index)
        for url in ("/admin/clinic/clinictemplate/", "/admin/clinic/clinictemplate/add/",
                    "/admin/capacity/sessiontemplate/"):
            with self.subTest(url=url):
                self.assertEqual(client.get(url).status_code, 200)

    def test_it_keeps_patient_data_and_other_roles_out(self) -> None:
        admin = self.client_for(self.admin)
        self.assertNotIn("/admin/patients/", admin.get("/admin/").content.decode())
        for role in (self.coordinator, self.clinician, self.welfare, self.auditor):
            with self.subTest(role=role.username):
                response = self.client_for(role).get("/admin/clinic/clinictemplate/")
                self.assertIn(response.status_code, (302, 403))

    def test_it_stops_when_the_admin_is_deactivated(self) -> None:
        from tumorboard.accounts.backends import AdminRoleBackend

        backend = AdminRoleBackend()
        self.assertTrue(backend.has_perm(self.admin, "clinic.change_clinictemplate"))
        self.assertFalse(backend.has_perm(self.admin, "patients.view_patient"))
        self.admin.is_active = False
        self.assertFalse(backend.has_perm(self.admin, "clinic.change_clinictemplate"))
