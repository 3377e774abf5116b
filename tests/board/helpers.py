"""A board with a full core membership on the test site, and a meeting a week ahead."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tumorboard.accounts.services import do_create_user
from tumorboard.board import meetings, recommendations, services
from tumorboard.board.models import Board, Listing, Meeting, Recommendation

BREAST_CORE = ["breast_surgery", "radiology", "pathology", "medical_oncology",
               "radiation_oncology", "nursing"]


def complete_values(rec: Recommendation, **override: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "discussion_summary": "Left breast cancer, cT2 N1. Mastectomy planned.",
        "intent": "curative",
        "treatment_plan": [{"modality": "neoadjuvant_therapy", "detail": "EC-T"},
                           {"modality": "surgery", "detail": "mastectomy"},
                           {"modality": "radiotherapy", "detail": ""}],
        "option_decisions": {o["code"]: {"decision": "offered_accepted"}
                             for o in rec.raised_options},
        "trial_consideration": "not_eligible",
        "patient_preferences": "Wants reconstruction.",
    }
    values.update(override)
    return values


# Argon2 makes each test user cost ~0.4 s; these tests do not test passwords.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class BoardTestCase(BaseTestCase):
    board: Board
    meeting: Meeting
    members: dict[str, User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.members = {}
        for specialty in BREAST_CORE[1:]:
            user = do_create_user(f"dr-{specialty}", role="clinician", site_codes=["EAST"],
                                  password=PASSWORD, specialty=specialty)
            cls.members[specialty] = cast(User, user)
        cls.members["breast_surgery"] = cls.clinician
        cls.board = services.do_create_board(cls.admin, cls.site, {
            "tumour_group": "breast", "name": "Breast MDT", "weekday": 2,
            "start_time": dt.time(8, 0), "chair": cls.clinician,
            "core_specialties": BREAST_CORE})
        cls.meeting = services.do_schedule_meeting(
            cls.coordinator, cls.board, timezone.now() + dt.timedelta(days=7))

    def listing(self, meeting: Meeting | None = None) -> Listing:
        return services.do_list_case(self.coordinator, self.case, meeting or self.meeting,
                                     question="Reconstruction options?")

    def draft(self) -> Recommendation:
        """A draft at a meeting in session (sign-off happens in session or after it)."""
        listing = self.listing()
        self.open_session(listing.meeting)
        return recommendations.do_start_recommendation(self.clinician, listing)

    def saved(self, **override: Any) -> Recommendation:
        rec = self.draft()
        return recommendations.do_save_recommendation(
            self.clinician, rec, complete_values(rec, **override), lock_version=rec.lock_version)

    def attend(self, specialties: list[str]) -> None:
        for specialty in specialties:
            services.do_add_attendee(self.coordinator, self.meeting, self.members[specialty])

    def open_session(self, meeting: Meeting | None = None) -> None:
        meeting = meeting or self.meeting
        meeting.refresh_from_db()
        if meeting.status != "scheduled":
            return
        meetings.do_change_status(self.coordinator, meeting, "in_session",
                                  now=meeting.starts_at)

    def signed(self, **override: Any) -> Recommendation:
        rec = self.saved(**override)
        return recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
