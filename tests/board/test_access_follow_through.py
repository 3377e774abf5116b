"""Another site's user can neither see nor act on the meeting, its check-in, the actions or
the letters (pages, services); each check was seen to fail when removed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.board.helpers import BoardTestCase
from tumorboard.board import actions, letters, meetings
from tumorboard.board.models import Action, Letter


class TestOtherSite(BoardTestCase):
    def test_it_hides_the_check_in_page_and_refuses_its_post(self) -> None:
        client = self.client_for(self.outsider)
        url = f"/board/meetings/{self.meeting.external_id}/check-in/"
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
        assert client.post(f"/board/meetings/{self.meeting.external_id}/status/",
                           {"status": "in_session"}).status_code == 403

    def test_it_refuses_meeting_services_to_another_site(self) -> None:
        with pytest.raises(PermissionDenied):
            meetings.do_change_status(self.outsider, self.meeting, "in_session",
                                      now=self.meeting.starts_at)
        with pytest.raises(PermissionDenied):
            meetings.do_check_in(self.outsider, self.meeting, [])

    def test_it_refuses_actions_to_another_site(self) -> None:
        rec = self.signed()
        action = Action.objects.filter(recommendation=rec).first()
        assert action is not None
        later = action.due_date + dt.timedelta(days=3)
        with pytest.raises(PermissionDenied):
            actions.do_change_due(self.outsider, action, later, "mine now")
        with pytest.raises(PermissionDenied):
            actions.do_complete_action(self.outsider, action, timezone.localdate())
        with pytest.raises(PermissionDenied):
            actions.do_add_action(self.outsider, self.case, description="x",
                                  due_date=later, owner=self.outsider)
        client = self.client_for(self.outsider)
        assert client.post(f"/board/actions/{action.external_id}/due/",
                           {"due_date": later.isoformat(), "reason": "x"}).status_code == 403
        page = client.get("/board/actions/?show=all").content.decode()
        assert str(action.external_id) not in page

    def test_it_refuses_letters_to_another_site(self) -> None:
        rec = self.signed()
        with pytest.raises(PermissionDenied):
            letters.do_generate_letters(self.outsider, rec)
        with mock_pdf():
            written = letters.do_generate_letters(self.coordinator, rec)
        letter = Letter.objects.get(pk=written[0].pk)
        with pytest.raises(PermissionDenied):
            letters.do_mark_sent(self.outsider, letter)
        client = self.client_for(self.outsider)
        assert client.get(f"/board/letters/{letter.external_id}/").status_code == 403
        assert client.post(f"/board/letters/{letter.external_id}/sent/").status_code == 403


def mock_pdf():  # type: ignore[no-untyped-def]
    from unittest import mock

    return mock.patch.object(letters, "html_to_pdf", return_value=b"%PDF-1.7 test")
