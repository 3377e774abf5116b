"""Two people changing the same consult at once keep both changes (only changed columns are
written)."""

from __future__ import annotations

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import services
from tumorboard.clinic.models import Consult


class ConsultUpdateTest(ClinicTestCase):
    def test_it_keeps_both_changes_of_two_stale_copies(self) -> None:
        booking = self.book(self.case)
        imaging = booking.consults.get(code="imaging")
        first, second = Consult.objects.get(pk=imaging.pk), Consult.objects.get(pk=imaging.pk)
        services.do_change_consult(self.coordinator, first, duration=imaging.duration + 15)
        services.do_change_consult(self.coordinator, second, done=True)
        stored = Consult.objects.get(pk=imaging.pk)
        self.assertEqual((stored.duration, stored.done), (imaging.duration + 15, True))
