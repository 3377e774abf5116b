"""Superseded versions are locked, carry a banner, the amendment reason and a difference
view, and write no letters; after a 409 the form shows the other version and saves on top."""

from __future__ import annotations

import pytest

from tests.board.helpers import BoardTestCase
from tumorboard.board import letters, recommendations
from tumorboard.patients.validation import InvalidInput


class TestSuperseded(BoardTestCase):
    def amended(self) -> tuple[object, object]:
        first = self.signed()
        draft = recommendations.do_new_version(self.clinician, first,
                                               reason="Pathology showed N2")
        draft = recommendations.do_save_recommendation(
            self.clinician, draft, {"discussion_summary": "Revised after pathology."},
            lock_version=draft.lock_version)
        second = recommendations.do_sign_off(self.clinician, draft,
                                             lock_version=draft.lock_version)
        return first, second

    def test_it_requires_a_reason_for_an_amendment(self) -> None:
        first = self.signed()
        with pytest.raises(InvalidInput) as error:
            recommendations.do_new_version(self.clinician, first, reason=" ")
        assert error.value.field == "amendment_reason"

    def test_it_writes_no_letters_from_a_superseded_version(self) -> None:
        first, _second = self.amended()
        with pytest.raises(InvalidInput) as error:
            letters.do_generate_letters(self.coordinator, first)  # type: ignore[arg-type]
        assert error.value.field == "version"

    def test_it_shows_the_banner_the_reason_and_the_differences(self) -> None:
        first, second = self.amended()
        client = self.client_for(self.clinician)
        old = client.get(f"/board/recommendations/{first.external_id}/").content.decode()  # type: ignore[attr-defined]
        assert 'id="superseded-banner"' in old and "write-letters" not in old
        new = client.get(f"/board/recommendations/{second.external_id}/").content.decode()  # type: ignore[attr-defined]
        assert "Pathology showed N2" in new and 'id="differences"' in new
        assert "Revised after pathology." in new


class TestConflict(BoardTestCase):
    def test_it_shows_the_other_version_and_saves_on_top_of_it(self) -> None:
        rec = self.draft()
        stale_lock = rec.lock_version
        recommendations.do_save_recommendation(self.members["radiology"], rec,
                                               {"discussion_summary": "Theirs"},
                                               lock_version=stale_lock)
        client = self.client_for(self.clinician)
        url = f"/board/recommendations/{rec.external_id}/"
        mine = {"lock_version": stale_lock, "discussion_summary": "Mine", "action": "save"}
        response = client.post(url, mine)
        assert response.status_code == 409
        page = response.content.decode()
        assert 'id="conflict"' in page and "Theirs" in page and "Mine" in page
        current = response.context["lock_version"]
        response = client.post(url, {**mine, "lock_version": current})
        assert response.status_code == 302
        rec.refresh_from_db()
        assert rec.discussion_summary == "Mine"


