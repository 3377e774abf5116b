"""The day sheet with its SVG timeline, optimising from the page, adjusting consults,
the case panel and the itinerary in English and Chinese."""

from __future__ import annotations

import re

from django.utils import translation

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import scheduling
from tumorboard.clinic.models import Booking, Consult
from tumorboard.patients.models import Patient


class DayPageTest(ClinicTestCase):
    def setUp(self) -> None:
        self.booking = self.book(self.case)
        self.url = f"/clinic/days/{self.day.external_id}/"

    def test_it_draws_one_timeline_row_per_clinician_with_the_appointments(self) -> None:
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        response = self.client_for(self.clinician).get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(html.count('class="clinic-timeline"'), 1)
        self.assertEqual(html.count('class="clinician-row"'), self.day.sessions.count())
        booked = Consult.objects.filter(start__isnull=False)
        self.assertEqual(html.count('class="appointment"'),
                         sum(len(c.specialties) for c in booked))
        self.assertIn(self.patient.display_name, html)
        self.assertIn("Breast surgeon and plastic surgeon together", html)

    def test_it_optimises_from_the_button_and_shows_waiting_before_and_after(self) -> None:
        self.book(self.conserving_case)
        client = self.client_for(self.coordinator)
        response = client.post(self.url + "optimise/", {"now": ""}, follow=True)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        run = scheduling.latest_run(self.day)
        assert run is not None
        self.assertIn('id="wait-before"', html)
        after = re.search(r'id="wait-after">([^<]*)<', html)
        assert after is not None
        self.assertEqual(after.group(1), f"{run.mean_wait_after:.1f}")
        self.assertIn("first-come-first-served", html)
        self.assertNotIn('id="unscheduled"', html)

    def test_it_lists_unscheduled_consults_with_their_reason(self) -> None:
        self.day.sessions.filter(user__username="plastic").delete()
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        html = self.client_for(self.coordinator).get(self.url).content.decode()
        self.assertIn('id="unscheduled"', html)
        self.assertIn("no Plastic surgery clinician on this day", html)

    def test_it_adjusts_consults_and_names_the_field_of_a_bad_duration(self) -> None:
        client = self.client_for(self.coordinator)
        base = f"/clinic/bookings/{self.booking.external_id}/"
        added = client.post(base + "consults/", {"label": "Psychologist", "code": "psych",
                                                 "specialties": ["psychology"], "duration": 20,
                                                 "after": "oncology"})
        self.assertEqual(added.status_code, 302)
        consult = Consult.objects.get(booking=self.booking, code="psych")
        self.assertEqual((consult.after, consult.duration), (["oncology"], 20))
        bad = client.post(base + "consults/", {"label": "X", "code": "x",
                                               "specialties": ["psychology"], "duration": -5})
        self.assertEqual(bad.status_code, 422)
        self.assertContains(bad, "A consult lasts 5 to 240 minutes", status_code=422)
        change = client.post(f"/clinic/consults/{consult.external_id}/",
                             {"duration": "35", "done": "on"})
        self.assertEqual(change.status_code, 302)
        consult.refresh_from_db()
        self.assertEqual((consult.duration, consult.done), (35, True))
        client.post(f"/clinic/consults/{consult.external_id}/remove/")
        self.assertFalse(Consult.objects.filter(pk=consult.pk).exists())

    def test_it_books_from_the_case_panel(self) -> None:
        client = self.client_for(self.coordinator)
        # the case page loads the clinic panel on demand
        case_url = f"/cases/{self.conserving_case.external_id}/panels/clinic/"
        page = client.get(case_url)
        self.assertContains(page, "Book into a one-stop clinic")
        response = client.post(f"/clinic/cases/{self.conserving_case.external_id}/book/",
                               {"day": str(self.day.external_id), "arrival": "09:30",
                                "priority": "1"})
        self.assertEqual(response.status_code, 302)
        booking = Booking.objects.get(case=self.conserving_case)
        self.assertEqual(booking.arrival, 90)
        self.assertEqual(list(booking.consults.values_list("code", flat=True)),
                         ["imaging", "surgery", "oncology", "nursing"])
        self.assertContains(client.get(case_url), f"/clinic/bookings/{booking.external_id}/")

    def test_it_names_the_days_to_book_in_the_readers_language(self) -> None:
        page = self.client_for(self.coordinator).get(
            f"/cases/{self.conserving_case.external_id}/panels/clinic/",
            headers={"Accept-Language": "zh-hans"}).content.decode()
        select = page[page.index('name="day"'):page.index("</select>", page.index('name="day"'))]
        self.assertIn(f"{self.day.date:%Y-%m-%d} 乳腺一站式门诊", select)
        self.assertNotIn("clinic", select)


class ItineraryTest(ClinicTestCase):
    def setUp(self) -> None:
        self.booking = self.book(self.case)
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        self.url = f"/clinic/bookings/{self.booking.external_id}/itinerary/"

    def test_it_prints_times_rooms_people_and_guidance_in_english(self) -> None:
        response = self.client_for(self.coordinator).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, self.patient.display_name)
        self.assertContains(response, "Breast reconstruction")
        self.assertContains(response, "implant")
        self.assertContains(response, "not medical advice")
        self.assertContains(response, "Breast surgeon and plastic surgeon together")
        self.assertContains(response, "Imaging 1")
        first = Consult.objects.filter(booking=self.booking).order_by("start").first()
        assert first is not None and first.start is not None
        self.assertContains(response, self.day.clock(first.start))

    def test_it_prints_in_the_patients_chinese(self) -> None:
        Patient.objects.filter(pk=self.patient.pk).update(preferred_language="zh-hans")
        response = self.client_for(self.coordinator).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<article class="itinerary" id="itinerary" lang="zh-hans">')
        self.assertContains(response, self.patient.display_name)
        self.assertContains(response, "乳房重建")  # breast reconstruction
        self.assertContains(response, "不构成医疗建议")  # not medical advice
        self.assertNotContains(response, "Breast reconstruction")
        self.assertEqual(translation.get_language(), "en")  # the override ended

    def test_it_keeps_the_page_around_the_itinerary_in_the_readers_language(self) -> None:
        response = self.client_for(self.coordinator).get(
            self.url, headers={"Accept-Language": "zh-hans"})
        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, '<article class="itinerary" id="itinerary" lang="en">')
        self.assertContains(response, "Breast reconstruction")  # the patient reads English
        self.assertNotContains(response, "Theatre &amp; beds")  # the reader's menu is Chinese


class BookingPageWordsTest(ClinicTestCase):
    def test_it_names_consults_and_their_order_in_the_readers_language(self) -> None:
        booking = self.book(self.case)
        consults = list(booking.consults.all())
        followed = next(c for c in consults if c.after)
        before = next(c for c in consults if c.code in followed.after)
        page = self.client_for(self.coordinator).get(
            f"/clinic/bookings/{booking.external_id}/", headers={"Accept-Language": "zh-hans"})
        self.assertEqual(page.status_code, 200)
        with translation.override("zh-hans"):
            chinese = translation.gettext(before.label)
        self.assertNotEqual(chinese, before.label)  # the pathway's label is in the catalogue
        self.assertContains(page, f"<td>{chinese}</td>", html=False)  # "after" names it
        self.assertNotContains(page, f">{before.code}<")  # never its code


class DefaultNamesTest(ClinicTestCase):
    def test_it_reads_the_default_clinic_and_its_rooms_in_chinese(self) -> None:
        self.book(self.case)
        page = self.client_for(self.coordinator).get(
            f"/clinic/days/{self.day.external_id}/", headers={"Accept-Language": "zh-hans"})
        self.assertEqual(self.day.template.name, "Breast one-stop clinic")  # stored as shipped
        self.assertContains(page, "乳腺一站式门诊")
        self.assertNotContains(page, "Breast one-stop clinic")
        self.assertNotContains(page, f">{self.day.site.code}<")

    def test_it_reads_a_name_a_coordinator_typed_as_typed(self) -> None:
        self.day.template.name = "乳腺中心周三门诊"
        self.day.template.save()
        page = self.client_for(self.coordinator).get(f"/clinic/days/{self.day.external_id}/")
        self.assertContains(page, "乳腺中心周三门诊")
