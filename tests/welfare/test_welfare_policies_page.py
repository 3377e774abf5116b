"""The means-test policies an officer reads: each version by its translated title and the
date it is in force from, never its key; the source cited; the hardship categories'
shares in the reader's language."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.welfare.means_test.policies import POLICIES


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class PoliciesPageTest(BaseTestCase):
    def test_it_names_each_policy_by_title_and_date_in_both_languages(self) -> None:
        client = self.client_for(self.welfare)
        for language in ("en", "zh-hans"):
            html = client.get(reverse("welfare-policies"),
                              HTTP_ACCEPT_LANGUAGE=language).content.decode()
            with translation.override(language):
                title = translation.gettext("Standard surgical assistance")
                catastrophic = translation.gettext(
                    "%(percent)s %% (only when the payment is catastrophic)") % {"percent": 50}
            self.assertEqual(language == "en", title.startswith("Standard"))
            for key, policy in POLICIES.items():
                self.assertNotIn(key, html)
                self.assertIn(title, html)
                self.assertIn(policy.effective_from, html)
            self.assertIn(catastrophic, html)
            self.assertIn("<cite>Xu K", html)
