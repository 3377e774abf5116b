"""The clinic API round trip and bad input: 4xx naming the field."""

from __future__ import annotations

from typing import Any

from tests.clinic.clinic_fixtures import ClinicTestCase, future
from tumorboard.clinic import services
from tumorboard.clinic.solver import check_schedule, parse_instance
from tumorboard.patients.validation import InvalidInput

DAYS = "/api/v1/clinic/days"


class ClinicApiTest(ClinicTestCase):
    def auth(self, user: Any) -> dict[str, Any]:
        return dict(self.bearer(user))

    def post(self, url: str, body: dict[str, Any]) -> Any:
        return self.client.post(url, body, content_type="application/json",
                                **self.auth(self.coordinator))

    def day_body(self, **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "site": "EAST", "pathway": "breast", "date": future(60).isoformat(),
            "opening": "08:30", "horizon": 300,
            "sessions": [{"user": "clinician", "windows": [[0, 300]]},
                         {"user": "radiologist", "windows": [[0, 150], [180, 300]]},
                         {"user": "plastic", "windows": [[60, 300]], "breaks": [[120, 150]]},
                         {"user": "oncologist"}, {"user": "nurse", "room": "Room 9"}]}
        body.update(changes)
        return body

    def test_it_round_trips_a_day_its_bookings_and_schedule(self) -> None:
        created = self.post(DAYS, self.day_body())
        self.assertEqual(created.status_code, 201, created.content)
        day = created.json()
        self.assertEqual({s["user"] for s in day["sessions"]},
                         {"clinician", "radiologist", "plastic", "oncologist", "nurse"})
        plastic = next(s for s in day["sessions"] if s["user"] == "plastic")
        self.assertEqual(plastic["available"], [[60, 120], [150, 300]])
        url = f"{DAYS}/{day['id']}"
        booked = self.post(url + "/bookings", {"case": str(self.case.external_id), "arrival": 10})
        self.assertEqual(booked.status_code, 201, booked.content)
        self.assertEqual([c["code"] for c in booked.json()["consults"]],
                         ["imaging", "surgery-joint", "oncology", "nursing"])
        self.post(url + "/bookings", {"case": str(self.conserving_case.external_id)})
        listed = self.client.get(url + "/bookings", **self.auth(self.coordinator)).json()
        self.assertEqual(len(listed), 2)
        solved = self.post(url + "/schedule", {"time_limit": 0.5, "now": 0})
        self.assertEqual(solved.status_code, 200, solved.content)
        result = solved.json()
        self.assertEqual(check_schedule(parse_instance(result["instance"]), result["schedule"]),
                         [])
        self.assertEqual(result["baseline"], "fcfs")
        stored = self.client.get(url + "/schedule", **self.auth(self.clinician)).json()
        self.assertEqual(len(stored["appointments"]), result["schedule"]["metrics"]["scheduled"])
        for appointment in stored["appointments"]:
            self.assertIn(appointment, result["schedule"]["appointments"])
        self.assertEqual(stored["mean_wait_after"], result["mean_wait_after"])

    def test_it_names_the_field_of_bad_input(self) -> None:
        cases: list[tuple[dict[str, Any], str, int]] = [
            (self.day_body(sessions=[{"user": "nurse", "windows": [[0, 400]]}]),
             "sessions[0].windows[0]", 422),
            (self.day_body(sessions=[{"user": "nurse", "windows": [[0, 100], [50, 200]]}]),
             "sessions[0].windows[1]", 422),
            (self.day_body(sessions=[{"user": "nurse", "breaks": [[290, 310]]}]),
             "sessions[0].breaks[0]", 422),
            (self.day_body(sessions=[{"user": "outsider"}]), "sessions[0].user", 422),
            (self.day_body(sessions=[{"user": "nurse"}, {"user": "nurse"}]),
             "sessions[1].user", 422),
            (self.day_body(horizon=0), "horizon", 422),
            (self.day_body(pathway="lung"), "pathway", 422),
            (self.day_body(site="WEST"), "site", 422),
            (self.day_body(date=self.day.date.isoformat(), sessions=[]), "date", 422),
        ]
        for body, field, status in cases:
            with self.subTest(field=field):
                response = self.post(DAYS, body)
                self.assertEqual(response.status_code, status, response.content)
                self.assertEqual(response.json()["field"], field)
        url = f"{DAYS}/{self.day.external_id}"
        bookings = [({"case": str(self.case.external_id), "arrival": 600}, "arrival"),
                    ({"case": str(self.case.external_id), "priority": 0}, "priority")]
        for body, field in bookings:
            with self.subTest(field=field):
                response = self.post(url + "/bookings", body)
                self.assertEqual((response.status_code, response.json()["field"]), (422, field))
        self.assertEqual(self.post(url + "/bookings", {"case": str(self.case.external_id)})
                         .status_code, 201)
        duplicate = self.post(url + "/bookings", {"case": str(self.case.external_id)})
        self.assertEqual((duplicate.status_code, duplicate.json()["field"]), (422, "case"))
        too_long = self.post(url + "/schedule", {"time_limit": 600})
        self.assertEqual((too_long.status_code, too_long.json()["field"]), (422, "time_limit"))


class ConsultChangeTest(ClinicTestCase):
    def test_it_refuses_a_cycle_and_a_negative_duration_naming_the_place(self) -> None:
        booking = self.book(self.case)
        imaging = booking.consults.get(code="imaging")
        with self.assertRaises(InvalidInput) as cycle:
            services.do_change_consult(self.coordinator, imaging, after=["nursing"])
        self.assertTrue(cycle.exception.field.endswith(".after"), cycle.exception.field)
        self.assertIn("cycle", cycle.exception.errors[cycle.exception.field])
        with self.assertRaises(InvalidInput) as negative:
            services.do_change_consult(self.coordinator, imaging, duration=-10)
        self.assertTrue(negative.exception.field.endswith("duration"))
        imaging.refresh_from_db()
        self.assertEqual((imaging.duration, imaging.after), (20, []))  # nothing written
        with self.assertRaises(InvalidInput) as unknown:
            services.do_add_consult(self.coordinator, booking,
                                    {"specialties": ["psychology"], "duration": 10,
                                     "after": ["nope"]})
        self.assertTrue(unknown.exception.field.endswith("after[0]"))
