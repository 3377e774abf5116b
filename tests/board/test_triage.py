"""Standard-of-care triage (NHS England, "Streamlining MDT meetings", 2020): the chair
triages, standard-of-care cases are ratified in bulk, discussions are timed, and the board
sees how its time was spent."""

from __future__ import annotations

import pytest

from tests.base import make_case
from tests.board.helpers import BoardTestCase
from tumorboard.board import services, timeuse, triage
from tumorboard.board.models import Listing
from tumorboard.patients.validation import InvalidInput


@pytest.mark.parametrize(("rows", "expected"), [
    ([], {"cases": 0, "mean": None, "share": None}),
    ([{"triage": "standard_of_care", "seconds": None},
      {"triage": "full_discussion", "seconds": 600},
      {"triage": "full_discussion", "seconds": 300},
      {"triage": "", "seconds": None}],
     {"cases": 4, "mean": 7.5, "share": 0.25}),
])
def test_it_sums_how_the_time_was_spent(rows: list[dict[str, object]],
                                        expected: dict[str, object]) -> None:
    result = timeuse.time_use(rows)
    assert (result["cases"], result["mean_minutes_per_discussed_case"],
            result["share_standard_of_care"]) == (expected["cases"], expected["mean"],
                                                  expected["share"])


class TestTriage(BoardTestCase):
    def two_listings(self) -> tuple[Listing, Listing]:
        first = self.listing()
        other = make_case(self.coordinator, self.patient)
        second = services.do_list_case(self.coordinator, other, self.meeting,
                                       question="Standard adjuvant plan?")
        return first, second

    def test_it_lets_only_the_chair_triage_and_requires_the_protocol(self) -> None:
        first, _second = self.two_listings()
        with pytest.raises(InvalidInput):
            triage.do_triage(self.coordinator, first, "full_discussion")
        with pytest.raises(InvalidInput) as error:
            triage.do_triage(self.clinician, first, "standard_of_care")
        assert error.value.field == "protocol"

    def test_it_ratifies_standard_of_care_in_bulk_in_session(self) -> None:
        first, second = self.two_listings()
        triage.do_triage(self.clinician, first, "full_discussion")
        triage.do_triage(self.clinician, second, "standard_of_care",
                         protocol="Local breast protocol 4.2")
        with pytest.raises(InvalidInput):  # not before the meeting
            triage.do_ratify_standard_of_care(self.clinician, self.meeting)
        self.open_session()
        self.meeting.refresh_from_db()
        assert triage.do_ratify_standard_of_care(self.clinician, self.meeting) == 1
        second.refresh_from_db()
        first.refresh_from_db()
        assert second.ratified_at is not None and first.ratified_at is None

    def test_it_records_the_discussion_time_and_shows_the_time_use(self) -> None:
        first, second = self.two_listings()
        triage.do_triage(self.clinician, second, "standard_of_care", protocol="P1")
        client = self.client_for(self.coordinator)
        client.post(f"/board/listings/{first.external_id}/time/", {"minutes": "12"})
        first.refresh_from_db()
        assert first.discussion_seconds == 720
        page = client.get(f"/board/meetings/{self.meeting.external_id}/triage/")
        assert page.status_code == 200 and "Standard adjuvant plan?" in page.content.decode()
        outsider = self.client_for(self.outsider)
        assert outsider.get(f"/board/meetings/{self.meeting.external_id}/triage/"
                            ).status_code == 403
