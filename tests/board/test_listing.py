from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import make_case
from tests.board.helpers import BoardTestCase
from tumorboard.board import checklist, services
from tumorboard.board.models import Listing
from tumorboard.patients.validation import InvalidInput


class TestListing(BoardTestCase):
    def test_it_refuses_a_routine_case_after_the_deadline_naming_the_field(self) -> None:
        late = self.meeting.listing_deadline + dt.timedelta(minutes=1)
        with pytest.raises(InvalidInput) as error:
            services.do_list_case(self.coordinator, self.case, self.meeting,
                                  question="Q?", urgency="routine", now=late)
        assert error.value.field == "meeting"
        assert "deadline" in error.value.errors["meeting"]
        assert not Listing.objects.exists()
        listing = services.do_list_case(self.coordinator, self.case, self.meeting,
                                        question="Q?", urgency="urgent", now=late)
        assert listing.late is True

    def test_it_refuses_bad_listings_naming_the_field(self) -> None:
        rectal = make_case(self.coordinator, self.patient, pathway="rectum",
                           primary_site_code="C20.9", histology_code="8140/3",
                           laterality="", details={}, clinical_t="T3", clinical_n="N0",
                           clinical_m="M0")
        past = services.do_schedule_meeting(self.coordinator, self.board,
                                            timezone.now() - dt.timedelta(days=1))
        services.do_list_case(self.coordinator, self.case, self.meeting, question="Q?")
        table = [
            (self.case, self.meeting, "", "routine", "question"),
            (self.case, self.meeting, "Q?", "soon", "urgency"),
            (rectal, self.meeting, "Q?", "routine", "meeting"),  # wrong tumour group
            (self.case, past, "Q?", "urgent", "meeting"),  # already started
            (self.case, self.meeting, "Q?", "routine", "meeting"),  # listed twice
        ]
        for case, meeting, question, urgency, field in table:
            with self.subTest(field=field, question=question, urgency=urgency):
                with pytest.raises(InvalidInput) as error:
                    services.do_list_case(self.coordinator, case, meeting, question=question,
                                          urgency=urgency)
                assert field in error.value.errors

    def test_it_shows_what_is_missing_on_the_checklist(self) -> None:
        listing = self.listing()
        missing = checklist.missing_items(listing)
        # Clinical stage and ECOG are recorded for the test case; imaging and pathology
        # are not marked, and the screen misses facts (BMI etc. are partly recorded).
        assert {"imaging", "pathology"} <= set(missing)
        assert "stage" not in missing and "ecog" not in missing
        services.do_update_checklist(self.coordinator, listing, imaging_ready=True,
                                     pathology_ready=True)
        assert not {"imaging", "pathology"} & set(checklist.missing_items(listing))

    def test_it_keeps_every_meeting_of_a_case_in_order(self) -> None:
        later = services.do_schedule_meeting(self.coordinator, self.board,
                                             self.meeting.starts_at + dt.timedelta(days=7))
        services.do_list_case(self.coordinator, self.case, later, question="Second look")
        self.listing()
        from tumorboard.board.queries import case_history
        assert [item.meeting for item in case_history(self.case)] == [self.meeting, later]

    def test_it_orders_the_agenda_by_a_saved_template(self) -> None:
        other = make_case(self.coordinator, self.patient)
        first = self.listing()
        second = services.do_list_case(self.coordinator, other, self.meeting, question="Q",
                                       urgency="urgent")
        template = services.do_save_template(self.coordinator, self.board, "Urgent first",
                                             ["urgent_first"], ["Audit of last month"])
        services.do_apply_template(self.coordinator, self.meeting, template)
        order = list(Listing.objects.filter(meeting=self.meeting)
                     .order_by("position").values_list("pk", flat=True))
        assert order == [second.pk, first.pk]
        self.meeting.refresh_from_db()
        assert self.meeting.standing_items == ["Audit of last month"]
