from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User

from tests.board.helpers import BREAST_CORE, BoardTestCase
from tumorboard.board.models import Action, Recommendation


def form_data(rec: Recommendation, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "lock_version": rec.lock_version, "discussion_summary": "Discussed.",
        "intent": "curative", "plan_1_modality": "surgery", "plan_1_detail": "mastectomy",
        "plan_2_modality": "radiotherapy", "trial_consideration": "not_eligible",
        "patient_preferences": "Keen on reconstruction",
        "dissent_1_author": "dr-radiology", "dissent_1_text": "Prefers neoadjuvant therapy",
    }
    for option in rec.raised_options:
        data[f"option_{option['code']}_decision"] = "offered_accepted"
    data.update(extra)
    return data


class TestWeb(BoardTestCase):
    def test_it_lists_a_case_from_the_case_page_panel(self) -> None:
        client = self.client_for(self.coordinator)
        page = client.get(f"/cases/{self.case.external_id}/panels/mdt/").content.decode()
        assert "List for MDT" in page and "Breast MDT" in page
        client.post(f"/board/cases/{self.case.external_id}/list/",
                    {"meeting": self.meeting.external_id, "question": "Recon?",
                     "urgency": "routine"})
        panel = client.get(f"/cases/{self.case.external_id}/panels/mdt/").content.decode()
        assert "Recon?" in panel
        assert self.case.board_listings.count() == 1  # type: ignore[attr-defined]

    def test_it_runs_the_meeting_through_the_pages(self) -> None:
        listing = self.listing()
        self.open_session()
        client = self.client_for(self.clinician)
        for specialty in BREAST_CORE:
            client.post(f"/board/meetings/{self.meeting.external_id}/attendance/",
                        {"user": self.members[specialty].pk})
        quorum = client.get(f"/board/meetings/{self.meeting.external_id}/quorum/",
                            HTTP_HX_REQUEST="true").content.decode()
        assert 'data-quorate="yes"' in quorum and 'hx-trigger="every 10s"' in quorum
        response = client.post(f"/board/listings/{listing.external_id}/recommendation/")
        rec = Recommendation.objects.get(listing=listing)
        assert response["Location"] == f"/board/recommendations/{rec.external_id}/"
        response = client.post(response["Location"], form_data(rec, action="sign"))
        assert response.status_code == 302, response.content.decode()[:2000]
        rec.refresh_from_db()
        assert rec.is_signed and rec.quorate is True
        assert rec.treatment_plan == [{"modality": "surgery", "detail": "mastectomy"},
                                      {"modality": "radiotherapy", "detail": ""}]
        assert rec.dissent == [{"author": "dr-radiology", "text": "Prefers neoadjuvant therapy"}]
        client.post(f"/board/recommendations/{rec.external_id}/letters/")
        page = client.get(f"/board/recommendations/{rec.external_id}/").content.decode()
        assert "letter-patient" in page
        letter = rec.letters.get(kind="patient")  # type: ignore[attr-defined]
        download = client.get(f"/board/letters/{letter.external_id}/")
        assert download["Content-Type"] == "application/pdf"
        assert b"%PDF" in download.content[:8]

    def test_it_refuses_the_second_save_and_shows_what_was_typed(self) -> None:
        rec = self.draft()
        client = self.client_for(self.clinician)
        first = client.post(f"/board/recommendations/{rec.external_id}/",
                            form_data(rec, discussion_summary="Mine", action="save"))
        assert first.status_code == 302
        second = self.client_for(self.coordinator).post(
            f"/board/recommendations/{rec.external_id}/",
            form_data(rec, discussion_summary="Theirs, typed with care", action="save"))
        body = second.content.decode()
        assert second.status_code == 409
        assert "Someone else saved this recommendation" in body
        assert "Theirs, typed with care" in body  # nothing lost
        rec.refresh_from_db()
        assert rec.discussion_summary == "Mine"

    def test_it_refuses_sign_off_naming_empty_fields(self) -> None:
        rec = self.draft()
        response = self.client_for(self.clinician).post(
            f"/board/recommendations/{rec.external_id}/",
            {"lock_version": rec.lock_version, "action": "sign", "intent": "curative"})
        body = response.content.decode()
        assert response.status_code == 422
        for name in ("discussion_summary", "treatment_plan", "trial_consideration"):
            assert f'data-field="{name}"' in body

    def test_it_shows_agenda_pdf_worklist_and_dashboard(self) -> None:
        rec = self.signed()
        Action.objects.filter(recommendation=rec, kind="neoadjuvant_therapy").update(
            due_date="2020-01-01")
        client = self.client_for(self.coordinator)
        pdf = client.get(f"/board/meetings/{self.meeting.external_id}/agenda.pdf")
        assert pdf.content.startswith(b"%PDF")
        worklist = client.get("/board/actions/?show=all").content.decode()
        assert "Start treatment before the operation within 31 days" in worklist
        dashboard = client.get("/").content.decode()
        assert 'id="board-measures"' in dashboard and 'id="overdue-count">1<' in dashboard
        auditor = self.client_for(self.auditor).get("/").content.decode()
        assert 'id="board-measures"' in auditor and "overdue-count" not in auditor


class TestApi(BoardTestCase):
    def auth(self, user: User) -> dict[str, Any]:
        return self.bearer(user)

    def test_it_serves_the_recommendation_as_structured_json(self) -> None:
        rec = self.signed()
        data = self.client_for(self.clinician).get(
            f"/api/v1/recommendations/{rec.external_id}").json()
        assert data["status"] == "signed" and data["quorate"] is False
        assert [(i["order"], i["modality"]) for i in data["treatment_plan"]] == [
            (1, "neoadjuvant_therapy"), (2, "surgery"), (3, "radiotherapy")]
        assert data["option_decisions"]["breast_immediate_reconstruction"]["decision"] == \
            "offered_accepted"
        listed = self.client.get(f"/api/v1/cases/{self.case.external_id}/recommendations",
                                 **self.auth(self.clinician)).json()
        assert [r["id"] for r in listed] == [str(rec.external_id)]

    def test_it_answers_409_on_a_stale_lock_and_422_on_missing_fields(self) -> None:
        rec = self.draft()
        headers = self.auth(self.clinician)
        url = f"/api/v1/recommendations/{rec.external_id}"
        ok = self.client.put(url, json.dumps({"lock_version": 0, "intent": "palliative"}),
                             content_type="application/json", **headers)
        assert ok.status_code == 200 and ok.json()["lock_version"] == 1
        stale = self.client.put(url, json.dumps({"lock_version": 0, "intent": "curative"}),
                                content_type="application/json", **headers)
        assert stale.status_code == 409 and stale.json()["field"] == "lock_version"
        sign = self.client.post(f"{url}/sign-off", json.dumps({"lock_version": 1}),
                                content_type="application/json", **headers)
        assert sign.status_code == 422
        assert {e["field"] for e in sign.json()["errors"]} >= {"discussion_summary",
                                                               "treatment_plan"}

    def test_it_lists_a_case_through_the_api_and_shows_the_agenda(self) -> None:
        headers = self.auth(self.coordinator)
        created = self.client.post(
            f"/api/v1/meetings/{self.meeting.external_id}/listings",
            json.dumps({"case_id": str(self.case.external_id), "question": "Q?"}),
            content_type="application/json", **headers)
        assert created.status_code == 201
        agenda = self.client.get(f"/api/v1/meetings/{self.meeting.external_id}",
                                 **headers).json()
        assert agenda["listings"][0]["case_id"] == str(self.case.external_id)
        assert {c["key"] for c in agenda["listings"][0]["checklist"]} == {
            "stage", "imaging", "pathology", "screen", "ecog"}
        assert agenda["quorum"]["quorate"] is False
