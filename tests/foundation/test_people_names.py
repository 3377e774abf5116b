"""People are shown by name, written as their own language writes it, never by username."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import SimpleTestCase
from django.utils import translation

from tumorboard.accounts.people import display_name


class DisplayNameTest(SimpleTestCase):
    def test_it_writes_a_chinese_name_family_first_without_a_space(self) -> None:
        for language in ("en", "zh-hans"):
            with translation.override(language):
                self.assertEqual(display_name(User(first_name="秀英", last_name="王")), "王秀英")

    def test_it_writes_an_english_name_as_written_in_either_language(self) -> None:
        for language in ("en", "zh-hans"):
            with translation.override(language):
                self.assertEqual(display_name(User(first_name="Sarah", last_name="Clarke")),
                                 "Sarah Clarke")

    def test_it_never_falls_back_to_the_username(self) -> None:
        shown = display_name(User(username="breast.2"))
        self.assertNotIn("breast.2", shown)
        self.assertEqual(shown, "a member of staff")
