"""The header's menu is drawn once per role, permissions and language, then reused: each
reader still gets the menu of her own role in her own language."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.base import BaseTestCase


def menu_of(client: Client) -> str:
    page = client.get("/accounts/password/").content.decode()
    return page[page.index("<nav>"):page.index("</nav>")]


class NavigationMenuTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_it_keeps_each_roles_menu_apart(self) -> None:
        welfare_menu = menu_of(self.client_for(self.welfare))
        clinician_menu = menu_of(self.client_for(self.clinician))
        admin_menu = menu_of(self.client_for(self.admin))
        self.assertIn("Welfare programme", welfare_menu)
        self.assertNotIn("Welfare programme", clinician_menu)
        self.assertIn("New patient", clinician_menu)
        self.assertNotIn("New patient", welfare_menu)
        self.assertIn("Staff", admin_menu)
        self.assertNotIn("Staff", clinician_menu)
        self.assertNotIn("Audit trail", clinician_menu)
        self.assertIn("Audit trail", menu_of(self.client_for(self.auditor)))

    def test_it_draws_the_menu_in_the_readers_language(self) -> None:
        english = menu_of(self.client_for(self.clinician))
        chinese_client = self.client_for(self.clinician)
        chinese_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        chinese = menu_of(chinese_client)
        self.assertIn("Patients", english)
        self.assertNotIn("Patients", chinese)
        self.assertIn("患者", chinese)
        self.assertIn("Patients", menu_of(self.client_for(self.clinician)))
