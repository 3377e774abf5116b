"""One of every object a URL can name, on a given site: for the generated access matrix.

Each site gets a patient, a case, a board with a meeting, a listing, a signed
recommendation with its letters and an overdue action, a clinic day with a booking and
its consults, an operation, and an API token of its clinician."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from tests.base import PASSWORD, make_case, make_patient
from tests.board.helpers import BREAST_CORE, complete_values
from tests.capacity import helpers as capacity_helpers
from tests.welfare import helpers as welfare_helpers
from tumorboard.accounts.models import ApiToken
from tumorboard.accounts.services import do_create_user
from tumorboard.accounts.tokens import do_issue_token
from tumorboard.board import letters, meetings, recommendations
from tumorboard.board import services as board_services
from tumorboard.board.models import Action, Board, Letter, Listing, Meeting, Recommendation
from tumorboard.clinic import services as clinic_services
from tumorboard.clinic.models import Booking, ClinicDay, Consult
from tumorboard.fhir import export, observation
from tumorboard.network import referrals
from tumorboard.network.models import Referral, Site
from tumorboard.outcomes import services as outcome_services
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case, Patient

# What the board's members type, as a Chinese hospital's MDT writes it (the crawl of the
# Chinese pages reads these pages and fails on English).
TYPED: dict[str, Any] = {
    "discussion_summary": "左乳癌，cT2 N1。拟行乳房切除术。",
    "treatment_plan": [{"modality": "neoadjuvant_therapy", "detail": "EC-T 方案"},
                       {"modality": "surgery", "detail": "乳房切除术"},
                       {"modality": "radiotherapy", "detail": ""}],
    "patient_preferences": "希望行乳房重建。",
}


@dataclass
class SiteObjects:
    site: Site
    patient: Patient
    case: Case
    board: Board
    meeting: Meeting
    listing: Listing
    rec: Recommendation
    letter: Letter
    action: Action
    day: ClinicDay
    booking: Booking
    consult: Consult
    operation: Operation
    token: ApiToken
    observation_id: str
    capacity: capacity_helpers.CapacityObjects
    welfare: welfare_helpers.WelfareObjects
    referral: Referral  # this site's case referred to a partner site
    incoming: Referral  # a partner site's case referred to this site

    def identifiers(self) -> set[str]:
        """Every id of this site's objects, as they would appear in a page or a body."""
        rows: list[Any] = [self.patient, self.case, self.board, self.meeting, self.listing,
                           self.rec, self.letter, self.action, self.day, self.booking,
                           self.consult, self.operation, self.capacity.entry,
                           self.capacity.planned, self.capacity.admission, self.referral,
                           self.incoming]
        return ({str(row.external_id) for row in rows} | {self.patient.mrn}
                | self.welfare.identifiers())


def staff(site: Site, prefix: str) -> dict[str, User]:
    """The board's core specialties on ``site`` (the breast surgeon is the chair)."""
    users = {}
    for specialty in BREAST_CORE:
        user = do_create_user(f"{prefix}-{specialty}", role="clinician",
                              site_codes=[site.code], password=PASSWORD, specialty=specialty)
        users[specialty] = user
    return users


def build(site: Site, coordinator: User, mrn: str, patient: Patient | None = None,
          case: Case | None = None) -> SiteObjects:
    members = staff(site, site.code.lower())
    chair = members["breast_surgery"]
    if patient is None or case is None:
        patient = make_patient(coordinator, site, mrn=mrn, family_name="李", given_name="华")
        case = make_case(coordinator, patient)
    board = board_services.do_create_board(coordinator, site, {
        "tumour_group": "breast", "name": f"乳腺癌 MDT {site.code}", "weekday": 2,
        "start_time": dt.time(8, 0), "chair": chair, "core_specialties": BREAST_CORE})
    meeting = board_services.do_schedule_meeting(coordinator, board,
                                                 timezone.now() + dt.timedelta(days=7))
    listing = board_services.do_list_case(coordinator, case, meeting, question="保乳还是全切？")
    # Sign-off happens in session: open it (allowed from two hours before the start).
    meetings.do_change_status(coordinator, meeting, "in_session", now=meeting.starts_at)
    for member in members.values():
        board_services.do_add_attendee(coordinator, meeting, member)
    rec = recommendations.do_start_recommendation(chair, listing)
    rec = recommendations.do_save_recommendation(chair, rec, complete_values(rec, **TYPED),
                                                 lock_version=rec.lock_version)
    rec = recommendations.do_sign_off(chair, rec, lock_version=rec.lock_version)
    letters.do_generate_letters(chair, rec)
    action = Action.objects.filter(case=case).order_by("id").first()
    assert action is not None, "a signed plan creates follow-through actions"
    # Overdue, so that the worklist of overdue actions shows it to its own site.
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate()
                                               - dt.timedelta(days=3))
    day = clinic_services.do_create_day(coordinator, site, pathway="breast",
                                        date=timezone.localdate() + dt.timedelta(days=30),
                                        staff_from_site=True)
    booking = clinic_services.do_book_case(coordinator, day, case)
    consult = booking.consults.order_by("id").first()
    assert consult is not None, "a booking brings the pathway's consults"
    operation = outcome_services.do_record_operation(chair, case, {
        "date": dt.date(2025, 8, 1), "procedure": "MAST", "intent": "curative",
        "margin": "R0"})
    do_issue_token(chair)
    token = ApiToken.objects.filter(user=chair).latest("id")
    referral, incoming = _referrals(site, case, coordinator, mrn)
    detailed = export.cases_with_details(Case.objects.filter(pk=case.pk)).get()
    observation_id = observation.to_fhir(detailed)[0]["id"]
    return SiteObjects(site=site, patient=patient, case=case, board=board, meeting=meeting,
                       listing=listing, rec=rec, letter=rec.letters.order_by("id").first()
                       or Letter.objects.get(case=case), action=action, day=day,
                       booking=booking, consult=consult, operation=operation, token=token,
                       observation_id=observation_id,
                       capacity=capacity_helpers.build(site, case, chair),
                       welfare=welfare_helpers.build(site, case),
                       referral=referral, incoming=incoming)


def _referrals(site: Site, case: Case, coordinator: User, mrn: str) -> tuple[Referral, Referral]:
    """The case referred to a partner site, and a partner's case referred to ``site``."""
    partner, _ = Site.objects.get_or_create(code="PARTNER",
                                            defaults={"name": "协作医院"})
    values = {"reason": "sphincter_preservation", "consent": True,
              "consent_date": dt.date(2025, 7, 1)}
    out = referrals.do_refer(coordinator, case, {**values, "to_site": partner.code})
    theirs = make_case(None, make_patient(None, partner, mrn=f"P{mrn}", family_name="周",
                                          given_name="明"))
    return out, referrals.do_refer(None, theirs, {**values, "to_site": site.code})
