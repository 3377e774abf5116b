"""Who may see and change a clinic day: site members; READ roles view, WRITE roles manage."""

from __future__ import annotations

import pytest

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.clinic import scheduling


class ClinicAccessTest(ClinicTestCase):
    def setUp(self) -> None:
        self.booking = self.book(self.case)
        self.day_url = f"/clinic/days/{self.day.external_id}/"
        self.api = f"/api/v1/clinic/days/{self.day.external_id}"
        self.itinerary = f"/clinic/bookings/{self.booking.external_id}/itinerary/"

    def test_it_refuses_another_sites_clinician_everywhere(self) -> None:
        client = self.client_for(self.outsider)
        for url in (self.day_url, self.itinerary, f"/clinic/bookings/{self.booking.external_id}/",
                    self.api, self.api + "/bookings", self.api + "/schedule"):
            with self.subTest(url=url):
                self.assertEqual(client.get(url).status_code, 403)
        self.assertEqual(client.post(self.day_url + "optimise/").status_code, 403)
        listed = client.get("/api/v1/clinic/days").json()
        self.assertNotIn(str(self.day.external_id), [d["id"] for d in listed])

    def test_it_keeps_the_welfare_officer_out_of_the_clinic(self) -> None:
        # Day sheets and itineraries carry the consults' clinical reasons (door.MATRIX).
        client = self.client_for(self.welfare)
        self.assertEqual(client.get(self.day_url).status_code, 403)
        self.assertEqual(client.get(self.itinerary).status_code, 403)
        self.assertEqual(client.get(self.api + "/schedule").status_code, 403)
        self.assertEqual(client.post(self.day_url + "optimise/").status_code, 403)
        self.assertEqual(client.post(f"/clinic/cases/{self.conserving_case.external_id}/book/",
                                     {"day": str(self.day.external_id)}).status_code, 403)
        api = client.post(self.api + "/schedule", {}, content_type="application/json")
        self.assertEqual(api.status_code, 403)
        self.assertIsNone(scheduling.latest_run(self.day))

    def test_it_refuses_the_auditor_identifiable_patients(self) -> None:
        self.assertEqual(self.client_for(self.auditor).get(self.day_url).status_code, 403)

    def test_it_audits_bookings_and_reads_with_the_patient(self) -> None:
        patient_id = str(self.patient.external_id)
        self.assertTrue(AuditEvent.objects.filter(object_type="clinic_booking", action="create",
                                                  patient_id=patient_id).exists())
        self.client_for(self.clinician).get(self.day_url)
        self.assertTrue(AuditEvent.objects.filter(object_type="clinic_day", action="view",
                                                  patient_id=patient_id,
                                                  username="clinician").exists())


@pytest.mark.parametrize("path", ["/clinic/", "/api/v1/clinic/days"])
def test_it_asks_anonymous_users_to_log_in(client: object, path: str) -> None:
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code in (302, 401)
