"""The board's video call: set when the board is created, offered on the board page, in the
meeting room and on the case presentation; only a web address is accepted."""

from __future__ import annotations

from tests.board.helpers import BREAST_CORE, BoardTestCase
from tumorboard.board.models import Board

LINK = "https://meet.example.org/breast-mdt"


class VideoLinkTest(BoardTestCase):
    def post(self, link: str) -> object:
        return self.client_for(self.admin).post(f"/board/new/?site={self.site.code}", {
            "name": "乳腺 MDT（周三）", "tumour_group": "breast", "weekday": "2",
            "start_time": "08:00", "listing_deadline_hours": "48",
            "chair": str(self.clinician.pk), "core_specialties": BREAST_CORE,
            "video_link": link})

    def test_it_offers_the_boards_video_call(self) -> None:
        response = self.post(LINK)
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        board = Board.objects.get(name="乳腺 MDT（周三）")
        self.assertEqual(board.video_link, LINK)
        page = self.client_for(self.clinician).get(f"/board/boards/{board.external_id}/")
        self.assertContains(page, f'href="{LINK}"')

    def test_it_refuses_an_address_that_is_not_a_web_page(self) -> None:
        before = Board.objects.count()
        response = self.post("javascript:alert(1)")
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertContains(response, "web address (https://…)", status_code=422)
        self.assertEqual(Board.objects.count(), before)
