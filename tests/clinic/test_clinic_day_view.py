"""The day view is readable: legend, labels of at least 12 px, the closing tick inside the
picture, people by name, specialties and reasons in words, no id in the run line; the
schedule section refreshes itself (poll) and the itinerary names people once."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.utils import translation

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import presenters, scheduling
from tumorboard.clinic.svg import Bar, Row, timeline_svg
from tumorboard.clinic.wording import reason_text

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NAMES = {"radiologist": ("Wei", "Li"), "plastic": ("Anna", "Berg"),
         "oncologist": ("Omar", "Haddad"), "nurse": ("Grace", "Ho")}


class DayViewTest(ClinicTestCase):
    def setUp(self) -> None:
        for username, (first, last) in NAMES.items():
            User.objects.filter(username=username).update(first_name=first, last_name=last)
        self.booking = self.book(self.case)
        self.url = f"/clinic/days/{self.day.external_id}/"

    def page(self) -> str:
        return self.client_for(self.coordinator).get(self.url).content.decode()

    def test_it_draws_labels_of_at_least_12_px_and_keeps_the_closing_tick_inside(self) -> None:
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        svg = presenters.day_sheet(self.day).svg
        size = re.search(r'<svg[^>]* font-size="(\d+)"', svg)
        assert size is not None
        self.assertNotIn("font-size=\"1", svg.split(">", 1)[1])  # no smaller text inside
        width = float(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
        # the picture shrinks with the page, never below the width where its text is 12 px
        narrowest = re.search(r'<svg[^>]* style="[^"]*min-width:(\d+)px', svg)
        assert narrowest is not None
        self.assertGreaterEqual(int(size.group(1)) * int(narrowest.group(1)) / width, 12)
        # ... which fits the timeline's box on a 1366-px screen (1,118 px, measured)
        self.assertLessEqual(int(narrowest.group(1)), 1118)
        ticks = re.findall(r'<text class="tick" x="([\d.]+)"[^>]*>(\d\d:\d\d)<', svg)
        self.assertEqual(ticks[-1][1], "17:00")
        # centred label of five characters of about 7 px each
        self.assertLessEqual(float(ticks[-1][0]) + 5 * 7.2 / 2, width)

    def test_it_names_people_and_specialties_in_words_with_a_legend(self) -> None:
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        html = self.page()
        self.assertIn("Wei Li", html)
        self.assertIn("Plastic surgery", html)
        seen = re.sub(r"<[^>]*>", " ", html)  # what a reader sees (tags and attributes off)
        self.assertNotIn("plastic_surgery", seen)
        for username in NAMES:  # the old labels read "radiologist (Radiology)"
            self.assertNotIn(f"{username} (", seen)
            self.assertNotIn(f">{username}<", html)
        legend = re.search(r'<ul class="timeline-legend" id="legend".*?</ul>', html, re.S)
        assert legend is not None
        self.assertIn(self.patient.display_name, legend.group(0))
        self.assertIn("available", legend.group(0))
        self.assertNotIn("surgery-joint", html)  # consult codes stay off the page

    def test_it_shows_no_id_or_username_in_the_run_line(self) -> None:
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        scheduling.do_mark_late_and_replan(self.coordinator, self.booking, 60, 30)
        line = re.search(r'<dd id="run-line">(.*?)</dd>', self.page(), re.S)
        assert line is not None
        self.assertIsNone(UUID.search(line.group(1)))
        self.assertNotIn("coordinator", line.group(1))
        self.assertIn("a patient is late", line.group(1))

    def test_it_polls_the_schedule_and_swaps_only_when_it_changed(self) -> None:
        client = self.client_for(self.clinician)
        first = client.get(self.url + "schedule/?since=")
        self.assertEqual(first.status_code, 204)  # no run yet, the page shows none
        run = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        changed = client.get(self.url + "schedule/?since=")
        self.assertEqual(changed.status_code, 200)
        self.assertContains(changed, 'id="wait-after"')
        self.assertNotContains(changed, "<html")
        same = client.get(self.url + "schedule/", {"since": run.created.isoformat()})
        self.assertEqual(same.status_code, 204)
        self.assertContains(client.get(self.url), 'hx-trigger="every 15s"')

    def test_it_refuses_the_poll_to_another_site_and_to_a_role_without_clinical_data(
        self,
    ) -> None:
        for user in (self.outsider, self.welfare):
            with self.subTest(user=user.username):
                response = self.client_for(user).get(self.url + "schedule/?since=")
                self.assertIn(response.status_code, (403, 404))


class ItineraryWordsTest(ClinicTestCase):
    def setUp(self) -> None:
        for username, (first, last) in NAMES.items():
            User.objects.filter(username=username).update(first_name=first, last_name=last)
        self.booking = self.book(self.case)  # mastectomy: a joint consult
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)

    def test_it_names_people_not_usernames_and_says_together_once(self) -> None:
        html = self.client_for(self.coordinator).get(
            f"/clinic/bookings/{self.booking.external_id}/itinerary/").content.decode()
        self.assertIn("Anna Berg", html)
        self.assertNotIn("(plastic", html)
        row = re.search(r"<tr>[^<]*<td>[^<]*</td>\s*<td>Breast surgeon and plastic surgeon "
                        r"together.*?</tr>", html, re.S)
        assert row is not None
        self.assertNotIn("seen together", row.group(0))

    def test_it_puts_reasons_into_words_in_both_languages(self) -> None:
        self.assertEqual(reason_text("no plastic_surgery clinician", str),
                         "no Plastic surgery clinician on this day")
        self.assertEqual(reason_text("after imaging unscheduled", lambda c: "Breast imaging"),
                         "comes after “Breast imaging”, which is not scheduled")
        with translation.override("zh-hans"):
            words = reason_text("no plastic_surgery clinician", str)
        self.assertNotIn("plastic_surgery", words)


def test_it_cuts_chinese_names_by_their_width_not_their_length() -> None:
    # a 20-minute bar is 36 px: three Chinese characters (about 39 px at 13 px) overflow it
    # while three Latin letters fit; the full name stays in the bar's title
    bars = [Bar(0, 20, "谢秀英", "谢秀英", 0), Bar(30, 50, "Ann", "Ann", 1)]
    svg = timeline_svg([Row("Wei Li", [(0, 540)], bars)], 540, [(0, "08:00")])
    texts = re.findall(r'fill="#102a43">([^<]*)</text>', svg)
    assert texts == ["谢…", "Ann"]
    assert "<title>谢秀英</title>" in svg
