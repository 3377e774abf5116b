"""People, not usernames, in the board's API (issue 12): the chair, the signer and the
authors of dissent are named by display name and title, identified by their profile id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User

from tests.board.helpers import BoardTestCase, complete_values
from tumorboard.accounts.models import Profile
from tumorboard.board import recommendations


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


class ApiPeopleTest(BoardTestCase):
    def setUp(self) -> None:
        super().setUp()
        User.objects.filter(pk=self.clinician.pk).update(first_name="敏", last_name="林")
        Profile.objects.filter(user=self.clinician).update(title="chief_physician")
        radiologist = self.members["radiology"]
        User.objects.filter(pk=radiologist.pk).update(first_name="Sarah", last_name="Clarke")

    def sign_with_dissent(self) -> Any:
        rec = self.draft()
        radiologist = Profile.objects.get(user=self.members["radiology"])
        body = {**complete_values(rec), "lock_version": rec.lock_version,
                "dissent": [{"author": str(radiologist.external_id),
                             "text": "Prefers neoadjuvant endocrine therapy"}]}
        client = self.client_for(self.clinician)
        url = f"/api/v1/recommendations/{rec.external_id}"
        saved = client.put(url, json.dumps(body), content_type="application/json")
        assert saved.status_code == 200, saved.content
        signed = client.post(f"{url}/sign-off", json.dumps(
            {"lock_version": saved.json()["lock_version"]}), content_type="application/json")
        assert signed.status_code == 200, signed.content
        return signed.json()

    def test_it_names_the_signer_chair_and_dissent_authors(self) -> None:
        data = self.sign_with_dissent()
        assert data["signed_by"] == {"id": str(self.clinician.profile.external_id),
                                     "name": "林敏", "title": "Chief physician"}
        author = data["dissent"][0]["author"]
        assert (author["name"], author["title"]) == ("Sarah Clarke", "")
        rec = recommendations.Recommendation.objects.get(external_id=data["id"])
        assert rec.dissent[0]["author"] == "dr-radiology"  # the record keeps its key
        boards = self.client_for(self.coordinator).get("/api/v1/boards").json()
        assert boards[0]["chair"]["name"] == "林敏"

    def test_it_refuses_an_unknown_dissent_author_naming_the_field(self) -> None:
        rec = self.draft()
        body = {"lock_version": rec.lock_version, "dissent": [
            {"author": str(self.outsider.profile.external_id), "text": "No"}]}
        response = self.client_for(self.clinician).put(
            f"/api/v1/recommendations/{rec.external_id}", json.dumps(body),
            content_type="application/json")
        assert response.status_code == 422
        assert response.json()["field"] == "dissent.1.author"

    def test_it_shows_no_username_in_the_board_api_of_a_signed_meeting(self) -> None:
        data = self.sign_with_dissent()
        client = self.client_for(self.clinician)
        self.client_for(self.clinician).post(
            f"/api/v1/recommendations/{data['id']}/implementation",
            json.dumps({"implemented": True}), content_type="application/json")
        documents = [client.get(url).json() for url in (
            "/api/v1/boards", f"/api/v1/meetings/{self.meeting.external_id}",
            f"/api/v1/recommendations/{data['id']}",
            f"/api/v1/cases/{self.case.external_id}/recommendations",
            f"/api/v1/recommendations/{data['id']}/implementation",
            f"/api/v1/boards/{self.board.external_id}/intent-kept")]
        usernames = set(User.objects.values_list("username", flat=True))
        found = {text for text in strings(documents) if text in usernames}
        assert not found
        assert "dr-radiology" not in json.dumps(documents, ensure_ascii=False)
