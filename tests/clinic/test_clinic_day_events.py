"""The day as it happens: check-in with a queue number, no-shows, calling, starting and
finishing consults; each event re-plans from the actual state when the plan no longer
holds; the desk shows who waits how long; the queue screen shows numbers, not names."""

from __future__ import annotations

from unittest import mock

from django.core.exceptions import PermissionDenied

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import day_board, day_services, scheduling
from tumorboard.clinic.models import Booking, Consult, DayEvent, ScheduleRun
from tumorboard.patients.validation import InvalidInput


class DayEventsTest(ClinicTestCase):
    def setUp(self) -> None:
        self.first = self.book(self.case)  # mastectomy: imaging, joint, oncology, nursing
        self.second = self.book(self.conserving_case, arrival=30)
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        self.runs = ScheduleRun.objects.filter(day=self.day).count()

    def consult(self, booking: Booking, code: str) -> Consult:
        return Consult.objects.get(booking=booking, code=code)

    def new_runs(self) -> list[ScheduleRun]:
        return list(ScheduleRun.objects.filter(day=self.day).order_by("created", "id"))[self.runs:]

    def test_it_checks_in_with_queue_numbers_and_refuses_a_second_check_in(self) -> None:
        first = day_services.do_check_in(self.coordinator, self.first, 0)
        second = day_services.do_check_in(self.coordinator, self.second, 30)
        self.assertEqual((first.ticket, second.ticket), (1, 2))
        with self.assertRaises(InvalidInput) as caught:
            day_services.do_check_in(self.coordinator, self.first, 5)
        self.assertIn("booking", caught.exception.errors)
        self.assertEqual(DayEvent.objects.filter(kind="check-in").count(), 2)
        self.assertEqual(self.new_runs(), [])  # both on time: the plan holds

    def test_it_replans_from_a_late_check_in_keeping_her_after_her_arrival(self) -> None:
        day_services.do_check_in(self.coordinator, self.first, 95)
        (run,) = self.new_runs()
        self.assertEqual((run.event, run.now), ("check-in", 95))
        starts = [c.start for c in self.first.consults.all() if c.start is not None]
        self.assertTrue(starts)
        self.assertGreaterEqual(min(starts), 95)

    def test_it_gives_a_re_plan_set_off_by_a_click_the_short_event_limit(self) -> None:
        with mock.patch.object(scheduling, "replan", wraps=scheduling.replan) as spy:
            day_services.do_check_in(self.coordinator, self.first, 95)
            day_services.do_no_show(self.coordinator, self.second, 100)
        limits = [call.args[3].time_limit for call in spy.call_args_list]
        self.assertEqual(limits, [scheduling.EVENT_TIME_LIMIT] * 2)
        self.assertLess(scheduling.EVENT_TIME_LIMIT, scheduling.DEFAULT_TIME_LIMIT)

    def test_it_frees_a_no_show_and_says_so(self) -> None:
        day_services.do_no_show(self.coordinator, self.second, 40)
        (run,) = self.new_runs()
        self.assertEqual(run.event, "no-show")
        reasons = set(self.second.consults.values_list("unscheduled_reason", flat=True))
        self.assertEqual(reasons, {"no-show"})
        self.assertFalse(self.second.consults.filter(start__isnull=False).exists())
        html = self.client_for(self.coordinator).get(
            f"/clinic/days/{self.day.external_id}/desk/").content.decode()
        self.assertIn("did not come", html)

    def test_it_calls_by_number_on_the_queue_screen_without_names(self) -> None:
        day_services.do_check_in(self.coordinator, self.first, 0)
        imaging = self.consult(self.first, "imaging")
        day_services.do_call(self.clinician, imaging, 1)
        rooms = day_board.queue(self.day, 2)
        self.assertEqual([(r.room, r.calling) for r in rooms if r.calling], [("Imaging 1", [1])])
        html = self.client_for(self.clinician).get(
            f"/clinic/days/{self.day.external_id}/queue/").content.decode()
        self.assertIn('<strong class="ticket">1</strong>', html)
        self.assertNotIn(self.patient.display_name, html)
        self.assertNotIn(self.patient.mrn, html)

    def test_it_heads_the_desk_tablet_and_queue_in_chinese_by_what_they_mean(self) -> None:
        # "Next" and "Now" also head the pager and the before/now tables: in Chinese those
        # read "next page" and "current result", which the desk once showed
        day_services.do_check_in(self.coordinator, self.first, 0)
        client = self.client_for(self.coordinator)
        base = f"/clinic/days/{self.day.external_id}/"
        pages = {name: client.get(base + name + "/", HTTP_ACCEPT_LANGUAGE="zh-hans")
                 .content.decode() for name in ("desk", "tablet", "queue")}
        self.assertIn("<th>下一项诊疗</th>", pages["desk"])
        self.assertIn("<th>当前状态</th>", pages["desk"])
        self.assertIn("<th>当前状态</th>", pages["tablet"])
        self.assertIn("下一位:", pages["queue"])
        self.assertIn("候诊中", pages["desk"])  # checked in, waiting for her first consult
        self.assertIn("候诊中", pages["tablet"])
        for html in pages.values():
            self.assertNotIn("下一页", html)
            self.assertNotIn("现结果", html)
            self.assertNotIn("候床中", html)  # "waiting" on the theatre list: for a bed

    def test_it_refuses_to_call_or_start_before_check_in(self) -> None:
        imaging = self.consult(self.first, "imaging")
        for service in (day_services.do_call, day_services.do_start_consult):
            with self.subTest(service=service.__name__), self.assertRaises(InvalidInput) as caught:
                service(self.clinician, imaging, 0)
            self.assertIn("consult", caught.exception.errors)
        self.assertFalse(DayEvent.objects.exists())

    def test_it_starts_on_time_without_moves_and_replans_an_over_run(self) -> None:
        day_services.do_check_in(self.coordinator, self.first, 0)
        imaging = self.consult(self.first, "imaging")
        assert imaging.start is not None and imaging.end is not None
        day_services.do_start_consult(self.clinician, imaging, imaging.start)
        self.assertEqual(self.new_runs(), [])
        over = imaging.end + 25
        day_services.do_finish_consult(self.clinician, imaging, over)
        (run,) = self.new_runs()
        self.assertEqual(run.event, "finished")
        imaging.refresh_from_db()
        self.assertEqual((imaging.actual_end, imaging.done, imaging.end), (over, True, over))
        after = [c for c in self.first.consults.exclude(code="imaging") if c.start is not None]
        self.assertTrue(after)
        self.assertGreaterEqual(min(c.start for c in after if c.start is not None), over)
        # the radiologist is not booked during the over-run
        radiology = Consult.objects.filter(booking__day=self.day, specialties=["radiology"],
                                           start__isnull=False).exclude(pk=imaging.pk)
        for other in radiology:
            assert other.start is not None and other.end is not None
            self.assertTrue(other.end <= imaging.start or other.start >= over, other.code)

    def test_it_shows_who_waits_and_for_how_long_at_the_desk(self) -> None:
        day_services.do_check_in(self.coordinator, self.first, 0)
        rows = {r.booking.pk: r for r in day_board.desk(self.day, 12)}
        self.assertEqual((rows[self.first.pk].state, rows[self.first.pk].waited), ("waiting", 12))
        self.assertEqual(rows[self.second.pk].state, "expected")

    def test_it_runs_from_the_pages_with_one_post_per_event(self) -> None:
        desk = f"/clinic/days/{self.day.external_id}/desk/"
        client = self.client_for(self.coordinator)
        checked = client.post(f"/clinic/bookings/{self.first.external_id}/check-in/",
                              {"at": "08:00"})
        self.assertRedirects(checked, desk, fetch_redirect_response=False)
        again = client.post(f"/clinic/bookings/{self.first.external_id}/check-in/",
                            {"at": "08:05"})
        self.assertEqual(again.status_code, 422)
        self.assertContains(again, "already checked in", status_code=422)
        imaging = self.consult(self.first, "imaging")
        tablet = self.client_for(self.clinician)
        for action in ("call", "start", "finish"):
            response = tablet.post(f"/clinic/consults/{imaging.external_id}/{action}/",
                                   {"at": "08:10" if action == "finish" else "08:00"})
            self.assertEqual(response.status_code, 302, action)
        imaging.refresh_from_db()
        self.assertEqual((imaging.actual_start, imaging.actual_end), (0, 10))
        bad = tablet.post(f"/clinic/consults/{imaging.external_id}/finish/", {"at": "nonsense"})
        self.assertEqual(bad.status_code, 422)


class DayEventsAccessTest(ClinicTestCase):
    """Every page and button of the running day: another site's member gets 403/404, a
    role without clinical data (welfare officer) 403."""

    def setUp(self) -> None:
        self.booking = self.book(self.case)
        self.imaging = Consult.objects.get(booking=self.booking, code="imaging")

    def test_it_refuses_other_sites_and_roles_without_clinical_rights(self) -> None:
        day, booking, consult = (self.day.external_id, self.booking.external_id,
                                 self.imaging.external_id)
        pages = [f"/clinic/days/{day}/desk/", f"/clinic/days/{day}/queue/",
                 f"/clinic/days/{day}/tablet/"]
        buttons = [f"/clinic/bookings/{booking}/check-in/", f"/clinic/bookings/{booking}/no-show/",
                   f"/clinic/consults/{consult}/call/", f"/clinic/consults/{consult}/start/",
                   f"/clinic/consults/{consult}/finish/"]
        for user in (self.outsider, self.welfare, self.auditor):
            client = self.client_for(user)
            for url in pages:
                with self.subTest(user=user.username, url=url):
                    self.assertIn(client.get(url).status_code, (403, 404))
            for url in buttons:
                with self.subTest(user=user.username, url=url):
                    self.assertIn(client.post(url, {"at": "08:00"}).status_code, (403, 404))
        self.assertFalse(DayEvent.objects.exists())
        self.assertEqual(self.client_for(self.clinician).get(pages[0]).status_code, 200)

    def test_it_refuses_a_service_call_from_another_site_even_without_the_view(self) -> None:
        with self.assertRaises(PermissionDenied):
            day_services.do_check_in(self.outsider, self.booking, 0)
        with self.assertRaises(PermissionDenied):
            day_services.do_start_consult(self.welfare, self.imaging, 0)


class OnePatientFromThePagesTest(ClinicTestCase):
    """The browser test's flow through the test client: one patient, check-in at opening,
    call from the tablet's first line, the queue screen calls her number."""

    def test_it_calls_the_first_line_of_the_tablet_on_the_queue_screen(self) -> None:
        booking = self.book(self.case)
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        client = self.client_for(self.coordinator)
        base = f"/clinic/days/{self.day.external_id}/"
        client.post(f"/clinic/bookings/{booking.external_id}/check-in/", {"at": "08:00"})
        line = day_board.tablet(self.day, None)[0]
        response = client.post(f"/clinic/consults/{line.consult.external_id}/call/",
                               {"session": "", "at": "08:00"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(day_board.tablet(self.day, None)[0].state, "called")
        html = client.get(base + "queue/").content.decode()
        self.assertIn('<strong class="ticket">1</strong>', html, html)
