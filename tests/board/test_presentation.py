"""The case on the room's screen, and the case page's "add an action" form."""

from __future__ import annotations

from tests.board.helpers import BoardTestCase
from tumorboard.board.models import Board
from tumorboard.decisions.services import do_record_score


class TestPresentation(BoardTestCase):
    def test_it_presents_the_case_with_stage_options_history_and_video_link(self) -> None:
        Board.objects.filter(pk=self.board.pk).update(video_link="https://meet.example/mdt")
        listing = self.listing()
        page = self.client_for(self.clinician).get(
            f"/board/listings/{listing.external_id}/present/").content.decode()
        for expected in ("王秀英", "Reconstruction options?", "cT2N1M0",
                         "https://meet.example/mdt", 'id="presentation-options"'):
            assert expected in page, expected
        assert "breast_immediate_reconstruction" not in page  # words, not codes
        outsider = self.client_for(self.outsider)
        assert outsider.get(f"/board/listings/{listing.external_id}/present/"
                            ).status_code == 403

    def test_it_names_scores_and_their_categories_in_words(self) -> None:
        do_record_score(self.clinician, self.case, "mirels", {
            "site": "peritrochanteric", "pain": "functional", "lesion": "lytic",
            "size": "over_two_thirds"})
        listing = self.listing()
        page = self.client_for(self.clinician).get(
            f"/board/listings/{listing.external_id}/present/").content.decode()
        assert "Mirels score (impending pathological fracture): 12 Prophylactic fixation" in page
        assert "MIRELS" not in page and "fixation_recommended" not in page

    def test_it_offers_the_add_action_form_on_the_case_page(self) -> None:
        page = self.client_for(self.coordinator).get(f"/cases/{self.case.external_id}/panels/mdt/")
        assert 'id="add-action"' in page.content.decode()
