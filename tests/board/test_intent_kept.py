"""Was it carried out: implementation recorded with coded reasons, and the "preserving
intent kept" measure on the board page and the API with the cases behind it; another
site's user sees none of it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.board.helpers import BoardTestCase
from tumorboard.board import implementation
from tumorboard.board.models import Recommendation
from tumorboard.outcomes.services import do_record_operation
from tumorboard.patients.validation import InvalidInput

RECONSTRUCTION = "breast_immediate_reconstruction"


class TestIntentKept(BoardTestCase):
    def operated(self, reconstruction: str) -> Recommendation:
        rec = self.signed()
        assert rec.option_decisions.get(RECONSTRUCTION, {}).get("decision") == \
            "offered_accepted", rec.option_decisions
        do_record_operation(self.clinician, self.case, {
            "date": timezone.localdate(), "procedure": "MAST", "intent": "curative",
            "reconstruction": reconstruction,
            "reconstruction_type": "implant" if reconstruction != "none" else ""})
        return rec

    def test_it_records_implementation_with_a_coded_reason_when_not_carried_out(self) -> None:
        rec = self.signed()
        with pytest.raises(InvalidInput) as error:
            implementation.do_record_implementation(self.clinician, rec, implemented=False)
        assert error.value.field == "reason"
        row = implementation.do_record_implementation(self.clinician, rec, implemented=False,
                                                      reason="deterioration")
        assert (row.implemented, row.reason) == (False, "deterioration")

    def test_it_counts_a_kept_intent_on_the_board_page_and_the_api(self) -> None:
        self.operated("immediate")
        page = self.client_for(self.coordinator).get(
            f"/board/boards/{self.board.external_id}/").content.decode()
        assert 'id="intent-kept-share">100%<' in page and "王秀英" in page
        body = self.client_for(self.coordinator).get(
            f"/api/v1/boards/{self.board.external_id}/intent-kept").json()
        assert (body["board"]["kept"], body["board"]["intents"]) == (1, 1)
        assert body["board"]["cases"][0]["case_id"] == str(self.case.external_id)

    def test_it_counts_a_broken_intent(self) -> None:
        self.operated("none")
        kept = implementation.intent_kept([self.board])["board"]["Breast MDT"]
        assert (kept.kept, kept.intents) == (0, 1)

    def test_it_refuses_another_site_s_user(self) -> None:
        self.operated("immediate")
        client = self.client_for(self.outsider)
        assert client.get(f"/board/boards/{self.board.external_id}/").status_code in (403, 404)
        response = client.get(f"/api/v1/boards/{self.board.external_id}/intent-kept")
        assert response.status_code in (403, 404)

    def test_it_records_implementation_from_the_recommendation_page(self) -> None:
        rec = self.signed()
        client = self.client_for(self.coordinator)
        url = f"/board/recommendations/{rec.external_id}/implementation/"
        client.post(url, {"implemented": "no", "reason": ""})
        assert not rec.implementations.exists()  # type: ignore[attr-defined]
        client.post(url, {"implemented": "no", "reason": "patient_refusal"})
        page = client.get(f"/board/recommendations/{rec.external_id}/").content.decode()
        assert "Patient&#x27;s choice" in page or "Patient's choice" in page
        assert self.client_for(self.outsider).post(url, {"implemented": "yes"}
                                                   ).status_code == 403
