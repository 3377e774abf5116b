"""Standard-of-care triage lists every new case (issue 12): new cases of the board's site and
tumour group on no agenda yet show on the triage screen, and the chair adds one to the
meeting, triaged, in one action."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from tests.base import make_case, make_patient
from tests.board.helpers import BoardTestCase
from tumorboard.board import services
from tumorboard.board.models import Listing
from tumorboard.patients.models import Case


class TriageUnlistedTest(BoardTestCase):
    def url(self, suffix: str = "") -> str:
        return f"/board/meetings/{self.meeting.external_id}/triage/{suffix}"

    def add(self, user: User, case: Case, **values: str) -> Any:
        data = {"case": str(case.external_id), "question": "Plan?", "urgency": "routine",
                "triage": "standard_of_care", "protocol": "Breast protocol 2025"}
        data.update(values)
        return self.client_for(user).post(self.url("add/"), data)

    def listing_of(self, case: Case) -> Listing:
        return services.do_list_case(self.coordinator, case, self.meeting, question="Q?")

    def test_it_shows_new_cases_on_no_agenda_of_the_board_only(self) -> None:
        listed = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                          mrn="A0002", given_name="丽"))
        self.listing_of(listed)
        rectal = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                          mrn="A0003"),
                           pathway="rectum", primary_site_code="C20.9", details={})
        west = make_case(self.outsider, make_patient(self.outsider, self.other_site,
                                                     mrn="W0001"))
        page = self.client_for(self.clinician).get(self.url()).content.decode()
        assert f'id="unlisted-{self.case.external_id}"' in page
        for other in (listed, rectal, west):
            assert f'id="unlisted-{other.external_id}"' not in page
        assert "add-triage-form" in page  # the chair may add it


    def test_it_lets_the_chair_add_and_triage_a_new_case(self) -> None:
        response = self.add(self.clinician, self.case)
        assert response.status_code == 302
        listing = Listing.objects.get(meeting=self.meeting, case=self.case)
        assert (listing.triage, listing.protocol) == ("standard_of_care", "Breast protocol 2025")
        page = self.client_for(self.clinician).get(self.url()).content.decode()
        assert f'id="unlisted-{self.case.external_id}"' not in page
        assert f'id="triage-{listing.external_id}"' in page

    def test_it_refuses_bad_input_naming_the_field_and_writes_nothing(self) -> None:
        for values, words in (({"triage": "maybe"}, "Choose standard of care"),
                              ({"protocol": ""}, "Name the agreed protocol"),
                              ({"question": " "}, "Say what the board should decide")):
            with self.subTest(values=values):
                response = self.add(self.clinician, self.case, **values)
                assert response.status_code == 422
                assert words in response.content.decode()
        response = self.client_for(self.clinician).post(self.url("add/"), {"triage": "x"})
        assert response.status_code == 422
        assert "Choose the case to add" in response.content.decode()
        coordinator = self.add(self.coordinator, self.case)  # not the chair
        assert coordinator.status_code == 422
        assert not Listing.objects.exists()

    def test_it_refuses_another_site_s_user(self) -> None:
        assert self.client_for(self.outsider).get(self.url()).status_code == 403
        response = self.add(self.outsider, self.case)
        assert response.status_code == 403
        assert not Listing.objects.exists()
