"""Every change of a model, down to a field's choices, has its migration in the repository:
a missing one would be written on a hospital's server by whoever runs makemigrations."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase


class MigrationsCompleteTest(TestCase):
    def test_it_has_a_migration_for_every_model_change(self) -> None:
        out = StringIO()
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        except SystemExit:
            self.fail(f"models changed without a migration:\n{out.getvalue()}")
