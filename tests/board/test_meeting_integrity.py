"""Meeting integrity: states, sign-off only in session or after, closed meetings read-only,
chair and deputy, who may attend and as what, one-screen check-in, quorum per case, the
site's clock, and the case moving on after sign-off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.base import PASSWORD
from tests.board.helpers import BREAST_CORE, BoardTestCase, complete_values
from tumorboard.accounts.services import do_create_user
from tumorboard.board import meetings, recommendations, services
from tumorboard.board.models import Attendance, Board, MeetingStatusChange
from tumorboard.patients.validation import InvalidInput


class TestMeetingStates(BoardTestCase):
    def test_it_refuses_sign_off_before_the_meeting_starts(self) -> None:
        listing = self.listing()  # the meeting is a week ahead, still scheduled
        rec = recommendations.do_start_recommendation(self.clinician, listing)
        rec = recommendations.do_save_recommendation(self.clinician, rec, complete_values(rec),
                                                     lock_version=rec.lock_version)
        with pytest.raises(InvalidInput) as error:
            recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
        assert error.value.field == "signed_at"
        rec.refresh_from_db()
        assert rec.signed_at is None

    def test_it_opens_a_session_only_near_the_start_and_keeps_the_history(self) -> None:
        with pytest.raises(InvalidInput):
            meetings.do_change_status(self.coordinator, self.meeting, "in_session")
        self.open_session()
        meetings.do_change_status(self.clinician, self.meeting, "closed")
        with pytest.raises(InvalidInput):  # closed is final
            meetings.do_change_status(self.clinician, self.meeting, "in_session")
        changes = list(MeetingStatusChange.objects.filter(meeting=self.meeting)
                       .values_list("from_status", "to_status"))
        assert changes == [("scheduled", "in_session"), ("in_session", "closed")]

    def test_it_makes_a_closed_meeting_read_only(self) -> None:
        rec = self.draft()
        meetings.do_change_status(self.clinician, self.meeting, "closed")
        self.meeting.refresh_from_db()
        rec.refresh_from_db()
        with pytest.raises(InvalidInput):
            recommendations.do_save_recommendation(self.clinician, rec, complete_values(rec),
                                                   lock_version=rec.lock_version)
        with pytest.raises(InvalidInput):
            recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
        with pytest.raises(InvalidInput):
            services.do_add_attendee(self.coordinator, self.meeting, self.members["radiology"])

    def test_it_lets_the_deputy_chair_sign_but_nobody_else(self) -> None:
        Board.objects.filter(pk=self.board.pk).update(deputy_chair=self.members["pathology"])
        rec = self.saved()
        with pytest.raises(InvalidInput):
            recommendations.do_sign_off(self.members["radiology"], rec,
                                        lock_version=rec.lock_version)
        signed = recommendations.do_sign_off(self.members["pathology"], rec,
                                             lock_version=rec.lock_version)
        assert signed.signed_by == self.members["pathology"]

    def test_it_moves_a_referred_case_on_to_discussed_after_sign_off(self) -> None:
        assert self.case.status == "referred"
        self.signed()
        self.case.refresh_from_db()
        assert self.case.status == "discussed"


class TestAttendance(BoardTestCase):
    def test_it_refuses_admins_auditors_and_welfare_officers_as_attendees(self) -> None:
        for user in (self.admin, self.auditor, self.welfare):
            with pytest.raises(InvalidInput) as error:
                services.do_add_attendee(self.coordinator, self.meeting, user)
            assert error.value.field == "user"
        assert not Attendance.objects.filter(meeting=self.meeting).exists()

    def test_it_counts_a_nursing_coordinator_only_when_recorded_as_the_specialist_nurse(
            self) -> None:
        nurse_coordinator = do_create_user("coord-nurse", role="coordinator",
                                           site_codes=["EAST"], password=PASSWORD,
                                           specialty="nursing")
        assert isinstance(nurse_coordinator, User)
        self.attend(BREAST_CORE[:-1])  # everyone but the specialist nurse
        services.do_add_attendee(self.coordinator, self.meeting, nurse_coordinator)
        quorum = services.meeting_quorum(self.meeting)
        assert quorum.quorate is False and quorum.missing == ("nursing",)
        meetings.do_record_attendance(self.coordinator, self.meeting, nurse_coordinator,
                                      {"specialty": "nursing"})
        assert services.meeting_quorum(self.meeting).quorate is True

    def test_it_counts_quorum_per_case_when_a_member_leaves(self) -> None:
        self.attend(BREAST_CORE)
        first = self.signed()
        meetings.do_leave(self.coordinator, self.meeting, self.members["pathology"].pk)
        from tests.base import make_case
        second_case = make_case(self.coordinator, self.patient)
        listing = services.do_list_case(self.coordinator, second_case, self.meeting,
                                        question="Second primary?")
        rec = recommendations.do_start_recommendation(self.clinician, listing)
        rec = recommendations.do_save_recommendation(self.clinician, rec, complete_values(rec),
                                                     lock_version=rec.lock_version)
        second = recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
        assert first.quorate is True
        assert (second.quorate, second.missing_specialties) == (False, ["pathology"])

    def test_it_checks_in_the_whole_board_on_one_screen(self) -> None:
        client = self.client_for(self.coordinator)
        url = f"/board/meetings/{self.meeting.external_id}/check-in/"
        page = client.get(url).content.decode()
        assert "dr-radiology" not in page  # names, never usernames
        data = {f"m{self.members[s].pk}_presence": "present" for s in BREAST_CORE}
        data.update({f"m{self.members[s].pk}_specialty": s for s in BREAST_CORE})
        data[f"m{self.members['radiology'].pk}_mode"] = "remote"
        data[f"m{self.admin.pk}_presence"] = "present"  # not a member row: ignored
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:1000]
        rows = Attendance.objects.filter(meeting=self.meeting)
        assert rows.count() == len(BREAST_CORE)
        assert rows.get(user=self.members["radiology"]).mode == "remote"
        assert services.meeting_quorum(self.meeting).quorate is True


class TestSiteClock(BoardTestCase):
    def test_it_shows_the_listing_time_in_the_site_time_zone(self) -> None:
        local = timezone.localtime(timezone.now()).date() + dt.timedelta(days=9)
        eight = dt.datetime.combine(local, dt.time(8, 0),
                                    tzinfo=dt.timezone(dt.timedelta(hours=8)))
        meeting = services.do_schedule_meeting(self.coordinator, self.board, eight)
        client = self.client_for(self.coordinator)
        response = client.post(f"/board/cases/{self.case.external_id}/list/",
                               {"meeting": meeting.external_id, "question": "Recon?",
                                "urgency": "routine"}, follow=True)
        page = response.content.decode()
        assert f"{local:%Y-%m-%d} 08:00" in page
        assert f"{local:%Y-%m-%d} 00:00" not in page
